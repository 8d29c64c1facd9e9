// Renders resources/icon.svg (the one source) into every icon the installers need, in
// resources/icons/ (generated, not committed; `npm run dist` runs this first):
//   png/<N>x<N>.png  Linux (AppImage, deb) take the folder; the window icon too
//   icon.ico         Windows (exe and NSIS installer): BMP entries up to 128 px, PNG at 256 px,
//                    the layout Windows' own tools write and NSIS reads
//   icon.icns        macOS (dmg): PNG entries at every size Finder and the Dock ask for
// Run: npm run icons  (or npx tsx scripts/make-icons.ts [outDir])
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const ICON_SOURCE = join(root, 'resources/icon.svg')
export const ICONS_DIR = join(root, 'resources/icons')

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const
/** ICNS entry types and their pixel sizes (the @2x types are the retina variants). */
export const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024]
] as const

export interface RenderedIcon {
  size: number
  png: Buffer
  /** Straight (not premultiplied) RGBA, row by row from the top. */
  rgba: Buffer
}

export function renderIcon(svg: Buffer | string, size: number): RenderedIcon {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render()
  if (rendered.width !== size || rendered.height !== size) throw new Error(`icon.svg must be square: rendered ${rendered.width}x${rendered.height} for ${size}`)
  return { size, png: rendered.asPng(), rgba: unpremultiply(rendered.pixels) }
}

/** resvg hands out premultiplied RGBA; BMP icon entries hold straight alpha. */
function unpremultiply(pixels: Buffer): Buffer {
  const out = Buffer.from(pixels)
  for (let i = 0; i < out.length; i += 4) {
    const alpha = out[i + 3]!
    if (alpha === 0 || alpha === 255) continue
    for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.round((out[i + c]! * 255) / alpha))
  }
  return out
}

/** A 32-bit BMP (DIB) icon entry: BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit AND mask. */
function bmpEntry(icon: RenderedIcon): Buffer {
  const { size, rgba } = icon
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8) // colour rows + mask rows
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4
      const to = ((size - 1 - y) * size + x) * 4
      pixels[to] = rgba[from + 2]!
      pixels[to + 1] = rgba[from + 1]!
      pixels[to + 2] = rgba[from]!
      pixels[to + 3] = rgba[from + 3]!
    }
  }
  const maskRow = Math.ceil(size / 32) * 4
  const mask = Buffer.alloc(maskRow * size) // all zero: the alpha channel decides
  header.writeUInt32LE(pixels.length + mask.length, 20)
  return Buffer.concat([header, pixels, mask])
}

export function encodeIco(icons: readonly RenderedIcon[]): Buffer {
  const images = icons.map((icon) => (icon.size >= 256 ? icon.png : bmpEntry(icon)))
  const head = Buffer.alloc(6)
  head.writeUInt16LE(0, 0)
  head.writeUInt16LE(1, 2) // 1 = icon
  head.writeUInt16LE(icons.length, 4)
  const directory = Buffer.alloc(16 * icons.length)
  let offset = head.length + directory.length
  icons.forEach((icon, i) => {
    const at = i * 16
    directory.writeUInt8(icon.size >= 256 ? 0 : icon.size, at) // 0 means 256
    directory.writeUInt8(icon.size >= 256 ? 0 : icon.size, at + 1)
    directory.writeUInt16LE(1, at + 4) // colour planes
    directory.writeUInt16LE(32, at + 6) // bits per pixel
    directory.writeUInt32LE(images[i]!.length, at + 8)
    directory.writeUInt32LE(offset, at + 12)
    offset += images[i]!.length
  })
  return Buffer.concat([head, directory, ...images])
}

export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const entries = ICNS_ENTRIES.map(([type, size]) => {
    const png = pngBySize.get(size)
    if (!png) throw new Error(`no ${size} px rendering for the ICNS entry ${type}`)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + entries.reduce((sum, entry) => sum + entry.length, 0), 4)
  return Buffer.concat([head, ...entries])
}

/** Writes every icon into outDir and returns the paths written. */
export function makeIcons(outDir: string = ICONS_DIR, source: string = ICON_SOURCE): string[] {
  const svg = readFileSync(source)
  const sizes = [...new Set<number>([...PNG_SIZES, ...ICO_SIZES, ...ICNS_ENTRIES.map(([, size]) => size)])].sort((a, b) => a - b)
  const rendered = new Map(sizes.map((size) => [size, renderIcon(svg, size)]))
  const written: string[] = []
  const write = (file: string, data: Buffer): void => {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, data)
    written.push(file)
  }
  for (const size of PNG_SIZES) write(join(outDir, 'png', `${size}x${size}.png`), rendered.get(size)!.png)
  write(join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => rendered.get(size)!)))
  write(join(outDir, 'icon.icns'), encodeIcns(new Map([...rendered].map(([size, icon]) => [size, icon.png]))))
  return written
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = makeIcons(process.argv[2] ? resolve(process.argv[2]) : ICONS_DIR)
  process.stdout.write(`wrote ${written.length} icons from resources/icon.svg\n`)
}
