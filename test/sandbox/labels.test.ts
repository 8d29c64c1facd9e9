import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library'
import { afterEach, describe, expect, it } from 'vitest'
import { demoLabelPackages } from '../../electron/sandbox/demo'
import { demoLabelSheet, packageBarcodeSvg, writeDemoLabels, type DemoLabelCode } from '../../electron/sandbox/labels'
import { decodePng } from '../dist/png'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

interface Rgba { width: number; height: number; rgba: Uint8Array }

/** Reads one code from a crop of the page (the code's box plus a quiet margin), as a scanner aimed at it would. */
function readCode(page: Rgba, code: DemoLabelCode): string {
  const pad = 24
  const left = Math.max(0, code.x - pad)
  const top = Math.max(0, code.y - pad)
  const width = Math.min(page.width, code.x + code.width + pad) - left
  const height = Math.min(page.height, code.y + code.height + pad) - top
  const luma = new Uint8ClampedArray(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = ((top + y) * page.width + left + x) * 4
      const alpha = page.rgba[i + 3]! / 255
      // Composite over white: a transparent pixel is paper, not ink.
      const grey = (page.rgba[i]! * 299 + page.rgba[i + 1]! * 587 + page.rgba[i + 2]! * 114) / 1000
      luma[y * width + x] = Math.round(grey * alpha + 255 * (1 - alpha))
    }
  }
  const reader = new MultiFormatReader()
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [code.format === 'qr' ? BarcodeFormat.QR_CODE : BarcodeFormat.CODE_128]],
    [DecodeHintType.TRY_HARDER, true]
  ])
  const result = reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, width, height))), hints)
  expect(result.getBarcodeFormat()).toBe(code.format === 'qr' ? BarcodeFormat.QR_CODE : BarcodeFormat.CODE_128)
  return result.getText()
}

describe('demo label sheets', () => {
  it('writes the HTML sheet and one PNG per package whose pixels scan back to its Package UID and case URLs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labels-'))
    dirs.push(dir)
    const packages = demoLabelPackages()
    expect(packages.length).toBeGreaterThan(0)
    const files = await writeDemoLabels(dir)
    expect(files.map((f) => basename(f))).toEqual(['demo-labels.html', ...packages.map((p) => `demo-labels-${p.packageUid}.png`)])

    for (const pkg of packages) {
      const page = decodePng(readFileSync(join(dir, `demo-labels-${pkg.packageUid}.png`)))
      expect(page.width).toBeGreaterThanOrEqual(1200)
      expect(page.height).toBeGreaterThan(page.width)
      const { codes } = await demoLabelSheet(pkg)
      const bars = codes.filter((c) => c.format === 'code128')
      const qrs = codes.filter((c) => c.format === 'qr')
      expect(bars).toHaveLength(1)
      expect(qrs).toHaveLength(pkg.cases.length)
      expect(readCode(page, bars[0]!)).toBe(pkg.packageUid)
      expect(qrs.map((c) => readCode(page, c)).sort()).toEqual(pkg.cases.map((c) => `https://qr.lcdg.io/case/${c}`).sort())
    }
  })

  it('keeps the codes readable where no font is installed (bars, modules and the UID are shapes)', async () => {
    const pkg = demoLabelPackages()[0]!
    expect(packageBarcodeSvg(pkg.packageUid)).not.toContain('<text')
    const sheet = await demoLabelSheet(pkg)
    const rendered = new Resvg(sheet.svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render()
    const page = { width: rendered.width, height: rendered.height, rgba: rendered.pixels }
    expect(readCode(page, sheet.codes.find((c) => c.format === 'code128')!)).toBe(pkg.packageUid)
    expect(readCode(page, sheet.codes.find((c) => c.format === 'qr')!)).toBe(`https://qr.lcdg.io/case/${pkg.cases[0]}`)
  })
})
