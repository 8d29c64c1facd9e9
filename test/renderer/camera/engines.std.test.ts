import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { hasContrast } from '../../../renderer/src/camera/decode.std'
import { sampledLuma, zxingJs, type Engine, type PixelFrame } from '../../../renderer/src/camera/engines.std'
import { GUIDE_BOX } from '../../../renderer/src/camera/guide.std'
import { CAMERA_FORMATS } from '../../../renderer/src/camera/types.std'
import { blank, noise } from '../../../scripts/support/barcodes'
import { PHOTO_ROOT, cameraFrame, photoAsVideoFrame, readPhoto } from '../../../scripts/support/photos'
import { nodeZxingCpp } from '../../../scripts/support/zxingCpp'

const options = { guideBox: GUIDE_BOX, formats: CAMERA_FORMATS }

/** A shared real photo as the worker gets it from the camera: the photo as the whole frame, RGBA. */
function photo(set: string, name: string): { frame: PixelFrame; text: string | null } {
  const img = cameraFrame(photoAsVideoFrame(readPhoto(join(PHOTO_ROOT, set, `${name}.png`))))
  const textFile = join(PHOTO_ROOT, set, `${name}.txt`)
  return { frame: { width: img.width, height: img.height, pixels: 'rgba', data: img.data }, text: set === 'falsepositives-2' ? null : readFileSync(textFile, 'utf8') }
}

let cpp: Engine
beforeAll(async () => {
  cpp = await nodeZxingCpp()
})

describe('ZXing-C++ engine on real photographs', () => {
  it.each([
    ['code128-1', '1'],
    ['code128-3', '2'],
    ['qrcode-1', '5'],
    ['qrcode-6', '3']
  ])('reads %s/%s with its first pass', async (set, name) => {
    const { frame, text } = photo(set, name)
    await expect(cpp.decode(frame, options)).resolves.toMatchObject({ text, pass: 'zxing-cpp' })
  })

  it('reads a QR in uneven light with its global-histogram pass when the first reads nothing', async () => {
    const { frame, text } = photo('qrcode-4', '09')
    await expect(cpp.decode(frame, options)).resolves.toMatchObject({ text, format: 'qr', pass: 'zxing-cpp-global' })
  })

  it('reads nothing in photos without a barcode', async () => {
    for (const name of ['01', '10', '25']) await expect(cpp.decode(photo('falsepositives-2', name).frame, options)).resolves.toBeNull()
  })

  it('reads only the formats asked for', async () => {
    const { frame } = photo('qrcode-1', '5')
    await expect(cpp.decode(frame, { ...options, formats: ['code128'] })).resolves.toBeNull()
  })
})

describe('contrast check before any reader', () => {
  it('finds no contrast in a flat or noisy empty frame, and finds the code in every photo here', () => {
    const flat = blank(1280, 720, 110)
    const noisy = noise(blank(1280, 720, 110), 8, 3)
    const asFrame = (l: typeof flat): PixelFrame => ({ width: l.width, height: l.height, pixels: 'luma', data: l.luma })
    expect(hasContrast(sampledLuma(asFrame(flat), 4))).toBe(false)
    expect(hasContrast(sampledLuma(asFrame(noisy), 4))).toBe(false)
    for (const [set, name] of [
      ['code128-1', '6'],
      ['qrcode-3', '01'],
      ['qrcode-5', '19']
    ] as const) {
      expect(hasContrast(sampledLuma(photo(set, name).frame, 4))).toBe(true)
    }
  })

  it('samples RGBA and luma frames alike', () => {
    const rgba = new Uint8ClampedArray([10, 10, 10, 255, 20, 20, 20, 255, 30, 30, 30, 255, 40, 40, 40, 255])
    expect(sampledLuma({ width: 2, height: 2, pixels: 'rgba', data: rgba }, 2).luma).toEqual(new Uint8ClampedArray([10]))
    expect(sampledLuma({ width: 2, height: 2, pixels: 'luma', data: new Uint8ClampedArray([10, 20, 30, 40]) }, 1).luma).toEqual(new Uint8ClampedArray([10, 20, 30, 40]))
  })
})

describe('fallback engine', () => {
  it('is @zxing/library with the home-made passes, and reads a real QR photo too', async () => {
    const { frame, text } = photo('qrcode-6', '3')
    expect(zxingJs.name).toBe('zxing-js')
    await expect(zxingJs.decode(frame, options)).resolves.toMatchObject({ text })
  })
})
