import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeFrame } from '../../../renderer/src/camera/decode.std'
import { GUIDE_BOX } from '../../../renderer/src/camera/guide.std'
import { blank } from '../../../scripts/support/barcodes'
import { encodeY4m, parseY4m, writeY4m } from '../../../scripts/support/y4m'
import { TEXT, inGuide } from '../../../scripts/support/cameraFrames'

const dir = mkdtempSync(join(tmpdir(), 'caseid-y4m-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('y4m writer', () => {
  it('writes the header and exactly header + frames × (FRAME\\n + Y + U + V) bytes', () => {
    const frames = [inGuide('qr', { width: 640, height: 480 }), blank(640, 480, 110), blank(640, 480, 200)]
    const path = join(dir, 'qr.y4m')
    const written = writeY4m(path, frames, { fps: 10 })
    const bytes = readFileSync(path)
    const header = 'YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n'
    expect(bytes.length).toBe(written)
    expect(bytes.length).toBe(header.length + 3 * (6 + 640 * 480 + 2 * 320 * 240))
    expect(bytes.subarray(0, header.length).toString('latin1')).toBe(header)
    // second frame: marker, Y all 110, then U and V all 128
    const second = header.length + (6 + 640 * 480 * 1.5)
    expect(bytes.subarray(second, second + 6).toString('latin1')).toBe('FRAME\n')
    expect(bytes.subarray(second + 6, second + 6 + 640 * 480).every((b) => b === 110)).toBe(true)
    expect(bytes.subarray(second + 6 + 640 * 480, second + 6 + 640 * 480 * 1.5).every((b) => b === 128)).toBe(true)
  })

  it('parses back what it wrote, and the first frame decodes', () => {
    const frames = [inGuide('code128', { width: 1280, height: 720 }), blank(1280, 720, 110)]
    const path = join(dir, 'tag.y4m')
    writeY4m(path, frames, { fps: 5 })
    const parsed = parseY4m(readFileSync(path))
    expect(parsed).toMatchObject({ width: 1280, height: 720, fps: 5 })
    expect(parsed.frames).toHaveLength(2)
    expect(parsed.frames[0]?.luma).toEqual(frames[0]?.luma)
    const first = parsed.frames[0]
    if (!first) throw new Error('no frame')
    expect(decodeFrame(first, { guideBox: GUIDE_BOX, formats: ['qr', 'code128'] })).toMatchObject({ text: TEXT.code128, format: 'code128' })
  })

  it('refuses frames of different sizes, wrong buffers, no frames, and a bad fps', () => {
    expect(() => encodeY4m([blank(640, 480), blank(320, 240)], { fps: 10 })).toThrow(/frame 1/)
    expect(() => encodeY4m([{ width: 4, height: 4, luma: new Uint8ClampedArray(3) }], { fps: 10 })).toThrow(/luma bytes/)
    expect(() => encodeY4m([], { fps: 10 })).toThrow(/at least one/)
    expect(() => encodeY4m([blank(4, 4)], { fps: 0 })).toThrow(/fps/)
  })

  it('parseY4m refuses a truncated file', () => {
    const bytes = encodeY4m([blank(4, 4)], { fps: 10 })
    expect(() => parseY4m(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/)
  })
})
