import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ICNS_ENTRIES, ICO_SIZES, makeIcons, PNG_SIZES } from '../../scripts/make-icons'
import { decodePng, type DecodedPng } from './png'

let dir: string
let written: string[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'caseid-icons-'))
  written = makeIcons(dir)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const alphaAt = (png: DecodedPng, x: number, y: number): number => png.rgba[(y * png.width + x) * 4 + 3]!

describe('scripts/make-icons.ts', () => {
  it('writes the Linux PNG folder, the Windows .ico and the macOS .icns', () => {
    expect(written.map((file) => file.slice(dir.length + 1)).sort()).toEqual(
      ['icon.icns', 'icon.ico', ...PNG_SIZES.map((size) => `png/${size}x${size}.png`)].sort()
    )
    expect(PNG_SIZES).toEqual(expect.arrayContaining([16, 32, 48, 256, 512, 1024]))
  })

  it('renders every PNG at its size from the SVG: transparent corners, an opaque middle', () => {
    for (const size of PNG_SIZES) {
      const png = decodePng(readFileSync(join(dir, 'png', `${size}x${size}.png`)))
      expect([png.width, png.height], `${size}`).toEqual([size, size])
      expect(alphaAt(png, 0, 0), `${size} corner`).toBe(0)
      expect(alphaAt(png, size >> 1, size >> 1), `${size} middle`).toBe(255)
    }
  })

  it('writes an .ico Windows can read: BMP entries that match the PNGs, a 256 px PNG entry', () => {
    const ico = readFileSync(join(dir, 'icon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length])
    let expectedOffset = 6 + 16 * ICO_SIZES.length
    ICO_SIZES.forEach((size, i) => {
      const at = 6 + i * 16
      expect(ico.readUInt8(at) || 256).toBe(size)
      expect(ico.readUInt8(at + 1) || 256).toBe(size)
      expect(ico.readUInt16LE(at + 6)).toBe(32)
      const length = ico.readUInt32LE(at + 8)
      const offset = ico.readUInt32LE(at + 12)
      expect(offset).toBe(expectedOffset)
      expectedOffset += length
      const image = ico.subarray(offset, offset + length)
      const reference = decodePng(readFileSync(join(dir, 'png', `${size}x${size}.png`)))
      if (size >= 256) {
        expect(decodePng(image).rgba.equals(reference.rgba)).toBe(true)
        return
      }
      expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([40, size, size * 2, 32])
      expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size)
      // Bottom-up BGRA rows: compare every opaque pixel with the PNG of the same size.
      let compared = 0
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const bmp = 40 + ((size - 1 - y) * size + x) * 4
          const png = (y * size + x) * 4
          expect(image[bmp + 3]).toBe(reference.rgba[png + 3])
          if (reference.rgba[png + 3] !== 255) continue
          expect([image[bmp + 2], image[bmp + 1], image[bmp]]).toEqual([reference.rgba[png], reference.rgba[png + 1], reference.rgba[png + 2]])
          compared++
        }
      }
      expect(compared).toBeGreaterThan(size * size * 0.5)
    })
    expect(expectedOffset).toBe(ico.length)
  })

  it('writes an .icns with a PNG of the right size for every entry type', () => {
    const icns = readFileSync(join(dir, 'icon.icns'))
    expect(icns.toString('latin1', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const found: [string, number][] = []
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.toString('latin1', offset, offset + 4)
      const length = icns.readUInt32BE(offset + 4)
      expect(length).toBeGreaterThan(8)
      const png = decodePng(icns.subarray(offset + 8, offset + length))
      expect(png.width).toBe(png.height)
      found.push([type, png.width])
      offset += length
    }
    expect(found).toEqual(ICNS_ENTRIES.map(([type, size]) => [type, size]))
    expect(found.map(([, size]) => size)).toContain(1024)
  })

  it('refuses a source that is not square, with a message that says so', () => {
    const source = join(dir, 'wide.svg')
    writeFileSync(source, '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="red"/></svg>')
    expect(() => makeIcons(join(dir, 'wide'), source)).toThrow(/must be square/)
  })
})
