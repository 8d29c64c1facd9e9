import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bwipjs from 'bwip-js/node'
import QRCode from 'qrcode'
import { demoLabelPackages } from './demo'

export const CASE_URL_PREFIX = 'https://qr.lcdg.io/case/'

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function packageBarcodeSvg(packageUid: string): string {
  return bwipjs.toSVG({ bcid: 'code128', text: packageUid, scale: 2, height: 12, includetext: true, textxalign: 'center', paddingwidth: 10, paddingheight: 2 })
}

export function caseQrSvg(caseUuid: string): Promise<string> {
  return QRCode.toString(`${CASE_URL_PREFIX}${caseUuid}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}

/** One printable HTML page per package shipped to the station: its Code 128 tag, then its CaseID QR codes. */
export async function demoLabelSheetHtml(): Promise<string> {
  const sheets: string[] = []
  for (const pkg of demoLabelPackages()) {
    const cases = await Promise.all(pkg.cases.map(async (c, i) => `
      <figure class="case">${await caseQrSvg(c)}
        <figcaption>CaseID ${i + 1}/${pkg.cases.length}<br><code>${escapeHtml(c)}</code></figcaption>
      </figure>`))
    sheets.push(`
    <section class="sheet">
      <h2>${escapeHtml(pkg.product)}</h2>
      <div class="tag">${packageBarcodeSvg(pkg.packageUid)}</div>
      <div class="cases">${cases.join('')}</div>
    </section>`)
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CaseID Station demo labels (sandbox data)</title>
<style>
  body { font-family: sans-serif; margin: 0; }
  .sheet { page-break-after: always; padding: 12mm; }
  .sheet h2 { margin: 0 0 4mm; font-size: 14pt; }
  .tag svg { width: 90mm; height: auto; }
  .cases { display: flex; flex-wrap: wrap; gap: 6mm; margin-top: 6mm; }
  .case { width: 45mm; margin: 0; text-align: center; }
  .case svg { width: 40mm; height: 40mm; }
  .case figcaption { font-size: 8pt; }
  .note { font-size: 9pt; color: #a00; padding: 4mm 12mm 0; }
</style></head>
<body><p class="note">SANDBOX DEMO DATA: these labels only work against the CaseID Station sandbox.</p>${sheets.join('')}
</body></html>
`
}

/** Writes `demo-labels.html` into `dir`; returns its path. */
export async function writeDemoLabels(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'demo-labels.html')
  writeFileSync(file, await demoLabelSheetHtml())
  return file
}
