import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readBarcodes } from 'zxing-wasm/reader'
import { hasContrast } from '../../../renderer/src/camera/decode.std'
import { zxingJs, type Engine, type PixelFrame } from '../../../renderer/src/camera/engines.std'
import { GUIDE_BOX } from '../../../renderer/src/camera/guide.std'
import { rgbaToCppLuma, sampleLuma } from '../../../renderer/src/camera/luma.std'
import { CAMERA_FORMATS } from '../../../renderer/src/camera/types.std'
import { METRC_TAG, blank, code128Luma, noise, placeCentered, rotate, type LumaImage } from '../../../scripts/support/barcodes'
import { PHOTO_ROOT, cameraFrame, photoAsVideoFrame, readPhoto } from '../../../scripts/support/photos'
import { nodeZxingCpp } from '../../../scripts/support/zxingCpp'

const options = { guideBox: GUIDE_BOX, formats: CAMERA_FORMATS }

/** A shared real photo as the worker gets it from the camera: the photo as the whole frame, RGBA. */
function photo(set: string, name: string): { frame: PixelFrame; text: string | null } {
  const img = cameraFrame(photoAsVideoFrame(readPhoto(join(PHOTO_ROOT, set, `${name}.png`))))
  const textFile = join(PHOTO_ROOT, set, `${name}.txt`)
  return { frame: { width: img.width, height: img.height, pixels: 'rgba', data: img.data }, text: set === 'falsepositives-2' ? null : readFileSync(textFile, 'utf8') }
}

const lumaFrame = (l: LumaImage): PixelFrame => ({ width: l.width, height: l.height, pixels: 'luma', data: l.luma })

/** A Metrc tag held upright: only a reader that tries the frame rotated reads it. */
function uprightTag(): PixelFrame {
  return lumaFrame(placeCentered(blank(640, 480, 110), rotate(code128Luma(METRC_TAG, { barWidth: 2, height: 100 }), 90)))
}

let cpp: Engine
beforeAll(async () => {
  await nodeZxingCpp() // compiles the module once; each test's engine is a new camera stream on it
})

describe('ZXing-C++ engine on real photographs', () => {
  beforeAll(async () => {
    cpp = await nodeZxingCpp()
  })

  it.each([
    ['code128-1', '1'],
    ['code128-3', '2'],
    ['qrcode-1', '5'],
    ['qrcode-6', '3']
  ])('reads %s/%s on the first frame with the quick reader', async (set, name) => {
    const { frame, text } = photo(set, name)
    await expect(cpp.decode(frame, options)).resolves.toMatchObject({ text, pass: 'zxing-cpp-global' })
  })

  it('reads a QR that only the full reader reads on the next frame, and one in uneven light that only the quick one reads', async () => {
    const engine = await nodeZxingCpp()
    const fullOnly = photo('qrcode-5', '03') // a global threshold misses it
    const unevenLight = photo('qrcode-4', '09') // the full reader's local binarizer misses it
    await expect(engine.decode(fullOnly.frame, options)).resolves.toBeNull() // quick
    await expect(engine.decode(fullOnly.frame, options)).resolves.toMatchObject({ text: fullOnly.text, pass: 'zxing-cpp' })
    await expect(engine.decode(unevenLight.frame, options)).resolves.toBeNull() // full again: it read the frame before
    await expect(engine.decode(unevenLight.frame, options)).resolves.toMatchObject({ text: unevenLight.text, format: 'qr', pass: 'zxing-cpp-global' })
  })

  it('reads nothing in photos without a barcode, whichever reader a frame gets', async () => {
    for (const name of ['01', '10', '25']) {
      for (let f = 0; f < 2; f++) await expect(cpp.decode(photo('falsepositives-2', name).frame, options)).resolves.toBeNull()
    }
  })

  it('reads only the formats asked for', async () => {
    const { frame } = photo('qrcode-1', '5')
    for (let f = 0; f < 2; f++) await expect(cpp.decode(frame, { ...options, formats: ['code128'] })).resolves.toBeNull()
  })
})

describe('ZXing-C++ engine over a stream of frames', () => {
  it('reads a label only the full reader reads on the next frame, then keeps the full reader while it reads', async () => {
    const engine = await nodeZxingCpp()
    const upright = uprightTag()
    await expect(engine.decode(upright, options)).resolves.toBeNull() // quick: not rotated
    await expect(engine.decode(upright, options)).resolves.toMatchObject({ text: METRC_TAG, format: 'code128', pass: 'zxing-cpp' })
    await expect(engine.decode(upright, options)).resolves.toMatchObject({ text: METRC_TAG, pass: 'zxing-cpp' }) // the second agreeing frame at once
  })

  it('goes back to the quick reader after the full one reads nothing, and after a frame without contrast', async () => {
    const engine = await nodeZxingCpp()
    const empty = photo('falsepositives-2', '01').frame
    const tag = photo('code128-1', '1')
    for (let f = 0; f < 2; f++) await expect(engine.decode(empty, options)).resolves.toBeNull() // quick, full
    await expect(engine.decode(tag.frame, options)).resolves.toMatchObject({ text: tag.text, pass: 'zxing-cpp-global' })
    await expect(engine.decode(uprightTag(), options)).resolves.toBeNull() // quick
    await expect(engine.decode(lumaFrame(blank(640, 480, 110)), options)).resolves.toBeNull() // no contrast
    await expect(engine.decode(tag.frame, options)).resolves.toMatchObject({ pass: 'zxing-cpp-global' })
  })

  it('its full reader reads what zxing-wasm reads from the same RGBA frame', async () => {
    const engine = await nodeZxingCpp()
    const upright = uprightTag()
    const rgba = new Uint8ClampedArray(upright.width * upright.height * 4)
    upright.data.forEach((v, i) => rgba.set([v, v, v, 255], i * 4))
    const frame: PixelFrame = { width: upright.width, height: upright.height, pixels: 'rgba', data: rgba }
    const image = { data: rgba, width: frame.width, height: frame.height, colorSpace: 'srgb' } as unknown as ImageData
    const [theirs] = await readBarcodes(image, { formats: ['QRCode', 'Code128', 'DataMatrix'], maxNumberOfSymbols: 1 })
    expect(theirs?.text).toBe(METRC_TAG)
    await engine.decode(frame, options)
    await expect(engine.decode(frame, options)).resolves.toMatchObject({ text: theirs?.text, pass: 'zxing-cpp' })
  })
})

describe('grey levels for ZXing-C++', () => {
  /** zxing-wasm's own conversion of an ImageData (its grayscale.ts), byte by byte. */
  function reference(rgba: Uint8ClampedArray, n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) out[i] = (306 * (rgba[i * 4] ?? 0) + 601 * (rgba[i * 4 + 1] ?? 0) + 117 * (rgba[i * 4 + 2] ?? 0) + 512) >> 10
    return out
  }

  it('are the values zxing-wasm computes, four pixels at a time, with an odd tail and unaligned buffers', () => {
    const n = 1027
    const backing = new Uint8ClampedArray(n * 4 + 1)
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 2654435761) >>> 24
    for (const rgba of [backing.subarray(0, n * 4), backing.subarray(1)]) {
      const out = new Uint8Array(n + 1)
      for (const view of [out.subarray(0, n), out.subarray(1)]) {
        rgbaToCppLuma(rgba, view, n)
        expect(view).toEqual(reference(rgba, n))
      }
    }
  })

  it('refuses buffers too small for the frame', () => {
    expect(() => rgbaToCppLuma(new Uint8ClampedArray(15), new Uint8Array(4), 4)).toThrow(RangeError)
    expect(() => rgbaToCppLuma(new Uint8ClampedArray(16), new Uint8Array(3), 4)).toThrow(RangeError)
  })
})

describe('contrast check before any reader', () => {
  const sampled = (frame: PixelFrame) => {
    const luma = new Uint8Array(frame.width * frame.height)
    if (frame.pixels === 'luma') luma.set(frame.data)
    else rgbaToCppLuma(frame.data, luma, luma.length)
    return sampleLuma(luma, frame.width, frame.height, 4)
  }

  it('finds no contrast in a flat or noisy empty frame, and finds the code in every photo here', () => {
    expect(hasContrast(sampled(lumaFrame(blank(1280, 720, 110))))).toBe(false)
    expect(hasContrast(sampled(lumaFrame(noise(blank(1280, 720, 110), 8, 3))))).toBe(false)
    for (const [set, name] of [
      ['code128-1', '6'],
      ['qrcode-3', '01'],
      ['qrcode-5', '19']
    ] as const) {
      expect(hasContrast(sampled(photo(set, name).frame))).toBe(true)
    }
  })

  it('samples every step-th pixel of every step-th row', () => {
    const luma = new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80, 90])
    expect(sampleLuma(luma, 3, 3, 2).luma).toEqual(new Uint8ClampedArray([10]))
    expect(sampleLuma(luma, 3, 3, 1).luma).toEqual(new Uint8ClampedArray([10, 20, 30, 40, 50, 60, 70, 80, 90]))
  })
})

describe('fallback engine', () => {
  it('is @zxing/library with the home-made passes, and reads a real QR photo too', async () => {
    const { frame, text } = photo('qrcode-6', '3')
    expect(zxingJs.name).toBe('zxing-js')
    await expect(zxingJs.decode(frame, options)).resolves.toMatchObject({ text })
  })
})
