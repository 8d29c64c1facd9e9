import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
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

/** Print resolution of the PNG sheets: an A4 page at 150 dpi. */
export const SHEET_DPI = 150
const SHEET_WIDTH = 1240
const SHEET_HEIGHT = 1754
const MARGIN = 60
/** Device pixels per bwip-js unit: its Code 128 modules are 2 units wide (scale 2), so 4 px a module. */
const BARCODE_PX_PER_UNIT = 2
/** Device pixels per QR module (about 1.35 mm printed). */
const QR_PX_PER_MODULE = 8
const QR_COLUMNS = 3

export type DemoLabelCode = { format: 'code128' | 'qr'; text: string; x: number; y: number; width: number; height: number }

export interface DemoLabelSheet {
  packageUid: string
  svg: string
  width: number
  height: number
  /** Where each code sits on the sheet, in pixels (for tests and anyone cutting the page). */
  codes: DemoLabelCode[]
}

function viewBoxSize(svg: string): { width: number; height: number } {
  const m = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)
  if (!m) throw new Error('generated barcode SVG has no viewBox')
  return { width: Number(m[1]), height: Number(m[2]) }
}

/** The generated `<svg>` as a nested element at the given pixel box; crisp edges so bars stay whole pixels. */
function placed(svg: string, x: number, y: number, width: number, height: number): string {
  const inner = svg.trim().replace(/^<\?xml[^>]*>\s*/, '')
  if (!inner.startsWith('<svg ')) throw new Error('generated barcode is not an SVG element')
  const crisp = /^<svg[^>]*shape-rendering=/.test(inner) ? '' : 'shape-rendering="crispEdges" '
  return `<svg x="${x}" y="${y}" width="${width}" height="${height}" ${crisp}${inner.slice('<svg '.length)}`
}

const SANS = 'DejaVu Sans, Arial, Helvetica, sans-serif'
const MONO = 'DejaVu Sans Mono, Courier New, monospace'

function text(x: number, y: number, size: number, content: string, extra = '', family = SANS): string {
  return `<text x="${x}" y="${y}" font-size="${size}" font-family="${family}" ${extra}>${escapeHtml(content)}</text>`
}

/**
 * One A4 sheet per package: title, its Code 128 Package UID, then its CaseID QR codes on a grid.
 * The codes (and the UID under the bars, which bwip-js draws as outlines) are shapes, so the sheet
 * scans even where no font is installed; only the captions need a system font.
 */
export async function demoLabelSheet(pkg: { packageUid: string; product: string; cases: string[] }): Promise<DemoLabelSheet> {
  const parts: string[] = [`<rect width="${SHEET_WIDTH}" height="${SHEET_HEIGHT}" fill="#ffffff"/>`]
  const codes: DemoLabelCode[] = []
  parts.push(text(MARGIN, MARGIN + 10, 18, 'SANDBOX DEMO DATA: these labels only work against the CaseID Station sandbox.', 'fill="#aa0000"'))
  parts.push(text(MARGIN, MARGIN + 60, 34, pkg.product, 'font-weight="bold"'))
  parts.push(text(MARGIN, MARGIN + 100, 20, 'Package UID (Metrc tag), Code 128'))

  const barcode = packageBarcodeSvg(pkg.packageUid)
  const bar = viewBoxSize(barcode)
  const barWidth = bar.width * BARCODE_PX_PER_UNIT
  const barHeight = bar.height * BARCODE_PX_PER_UNIT
  const barX = Math.round((SHEET_WIDTH - barWidth) / 2)
  const barY = MARGIN + 120
  parts.push(placed(barcode, barX, barY, barWidth, barHeight))
  codes.push({ format: 'code128', text: pkg.packageUid, x: barX, y: barY, width: barWidth, height: barHeight })

  const gridY = barY + barHeight + 80
  parts.push(text(MARGIN, gridY - 24, 20, `CaseID QR codes (${pkg.cases.length})`))
  const cellWidth = Math.floor((SHEET_WIDTH - 2 * MARGIN) / QR_COLUMNS)
  for (const [i, caseUuid] of pkg.cases.entries()) {
    const qr = await caseQrSvg(caseUuid)
    const size = viewBoxSize(qr).width * QR_PX_PER_MODULE
    const cellX = MARGIN + (i % QR_COLUMNS) * cellWidth
    const cellY = gridY + Math.floor(i / QR_COLUMNS) * (size + 90)
    const x = cellX + Math.floor((cellWidth - size) / 2)
    parts.push(placed(qr, x, cellY, size, size))
    const centre = cellX + cellWidth / 2
    parts.push(text(centre, cellY + size + 28, 20, `CaseID ${i + 1}/${pkg.cases.length}`, 'text-anchor="middle"'))
    parts.push(text(centre, cellY + size + 56, 16, caseUuid, 'text-anchor="middle"', MONO))
    codes.push({ format: 'qr', text: `${CASE_URL_PREFIX}${caseUuid}`, x, y: cellY, width: size, height: size })
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SHEET_WIDTH}" height="${SHEET_HEIGHT}" viewBox="0 0 ${SHEET_WIDTH} ${SHEET_HEIGHT}">\n${parts.join('\n')}\n</svg>\n`
  return { packageUid: pkg.packageUid, svg, width: SHEET_WIDTH, height: SHEET_HEIGHT, codes }
}

/** The sheet as a PNG at SHEET_DPI (system fonts for the captions; the codes need none). */
export function renderLabelSheetPng(sheet: DemoLabelSheet): Buffer {
  const rendered = new Resvg(sheet.svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'original' } }).render()
  return rendered.asPng()
}

export function demoLabelPngName(packageUid: string): string {
  return `demo-labels-${packageUid}.png`
}

/** Writes `demo-labels.html` and one `demo-labels-<packageUid>.png` per package into `dir`; returns their paths. */
export async function writeDemoLabels(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true })
  const html = join(dir, 'demo-labels.html')
  writeFileSync(html, await demoLabelSheetHtml())
  const files = [html]
  for (const pkg of demoLabelPackages()) {
    const file = join(dir, demoLabelPngName(pkg.packageUid))
    writeFileSync(file, renderLabelSheetPng(await demoLabelSheet(pkg)))
    files.push(file)
  }
  return files
}
