// The decoding engines the worker can run, behind one interface.
//  - zxing-cpp: ZXing-C++ compiled to WebAssembly (zxing-wasm). Measured on real photographs of
//    labels (docs/BENCHMARKS.md) it reads more than @zxing/library and the home-made passes, and
//    faster. Two passes, the second only when the first reads nothing:
//      1. ZXing-C++'s own reader, as it comes (try harder, rotate, invert, downscale);
//      2. its global-histogram binarizer, QR and Data Matrix only, nothing tried harder: about 1 ms,
//         it reads QR photos whose uneven light defeats the local binarizer of pass 1.
//    Frames with no contrast above their noise skip both (hasContrast): on an empty noisy 720p
//    frame ZXing-C++ spends 100 ms chasing specks, which at 8 fps would keep a whole core busy.
//  - zxing-js: @zxing/library with the home-made passes (decode.std.ts), pure JavaScript: the fallback
//    when WebAssembly cannot run (no WebAssembly, or the .wasm failed to load).
// The .wasm is never fetched from the internet: the worker passes the URL of the copy bundled with
// the app (locateFile), node passes the bytes (wasmBinary).
import { prepareZXingModule, readBarcodes, type ReadResult, type ReaderOptions, type ZXingModuleOverrides } from 'zxing-wasm/reader'
import { decodeFrame, hasContrast, rgbaToLuma, type DecodeOptions, type DecodeResult } from './decode.std'
import type { CameraFormat, DecodePass, EngineName, LumaFrame } from './types.std'

/** One frame as the worker has it: RGBA from the camera's canvas, or an 8-bit luma plane (tests). */
export interface PixelFrame {
  width: number
  height: number
  pixels: 'rgba' | 'luma'
  /** width × height × 4 bytes (rgba) or width × height bytes (luma). */
  data: Uint8ClampedArray
}

/** The frame's luma plane (computed from RGBA when that is what came). */
export function lumaOf(frame: PixelFrame): LumaFrame {
  return frame.pixels === 'luma' ? { width: frame.width, height: frame.height, luma: frame.data } : rgbaToLuma(frame)
}

/** Every `step`-th pixel of every `step`-th row, as luma: enough to tell a flat frame, at a fraction of the cost. */
export function sampledLuma(frame: PixelFrame, step: number): LumaFrame {
  const width = Math.floor(frame.width / step)
  const height = Math.floor(frame.height / step)
  const luma = new Uint8ClampedArray(width * height)
  const bytes = frame.pixels === 'rgba' ? 4 : 1
  for (let y = 0; y < height; y++) {
    let i = y * step * frame.width * bytes
    for (let x = 0; x < width; x++, i += step * bytes) {
      const d = frame.data
      luma[y * width + x] = bytes === 1 ? (d[i] ?? 0) : ((d[i] ?? 0) * 77 + (d[i + 1] ?? 0) * 150 + (d[i + 2] ?? 0) * 29) >> 8
    }
  }
  return { width, height, luma }
}

export interface Engine {
  name: EngineName
  decode(frame: PixelFrame, options: DecodeOptions): Promise<DecodeResult | null>
}

/** The pure JavaScript engine: @zxing/library and the home-made passes. */
export const zxingJs: Engine = {
  name: 'zxing-js',
  decode: (frame, options) => Promise.resolve(decodeFrame(lumaOf(frame), options))
}

const TO_CPP: Record<CameraFormat, 'QRCode' | 'Code128' | 'DataMatrix'> = { qr: 'QRCode', code128: 'Code128', datamatrix: 'DataMatrix' }
const FROM_CPP: Record<string, CameraFormat> = { QRCode: 'qr', Code128: 'code128', DataMatrix: 'datamatrix' }
const MATRIX: readonly CameraFormat[] = ['qr', 'datamatrix']
/** The contrast check looks at every 4th pixel of every 4th row (1/16 of the frame: 0.8 ms instead of 3 at 720p). */
const CONTRAST_SAMPLING = 4

function readerPasses(formats: readonly CameraFormat[]): { pass: DecodePass; options: ReaderOptions }[] {
  const passes: { pass: DecodePass; options: ReaderOptions }[] = [{ pass: 'zxing-cpp', options: { formats: formats.map((f) => TO_CPP[f]), maxNumberOfSymbols: 1 } }]
  const matrix = formats.filter((f) => MATRIX.includes(f))
  if (matrix.length > 0) {
    passes.push({
      pass: 'zxing-cpp-global',
      options: {
        formats: matrix.map((f) => TO_CPP[f]),
        maxNumberOfSymbols: 1,
        binarizer: 'GlobalHistogram',
        tryHarder: false,
        tryRotate: false,
        tryInvert: false,
        tryDownscale: false
      }
    })
  }
  return passes
}

/** What readBarcodes reads from an ImageData (width, height, RGBA data); also outside a DOM. */
type ReaderInput = Parameters<typeof readBarcodes>[0]

function imageOf(frame: PixelFrame): ReaderInput {
  const { width, height } = frame
  let data = frame.data
  if (frame.pixels === 'luma') {
    data = new Uint8ClampedArray(width * height * 4)
    for (let i = 0; i < width * height; i++) {
      const v = frame.data[i] ?? 0
      data[i * 4] = v
      data[i * 4 + 1] = v
      data[i * 4 + 2] = v
      data[i * 4 + 3] = 255
    }
  }
  return { data, width, height, colorSpace: 'srgb' } as unknown as ReaderInput
}

function firstValid(results: readonly ReadResult[], formats: readonly CameraFormat[]): { text: string; format: CameraFormat } | null {
  for (const r of results) {
    const format = FROM_CPP[r.format]
    if (r.isValid && format && formats.includes(format)) return { text: r.text, format }
  }
  return null
}

/** Loads ZXing-C++ (rejects when WebAssembly cannot run or the .wasm does not load) and returns its engine. */
export async function loadZxingCpp(overrides: ZXingModuleOverrides): Promise<Engine> {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined) throw new Error('WebAssembly is not available')
  await prepareZXingModule({ overrides, fireImmediately: true })
  return {
    name: 'zxing-cpp',
    async decode(frame, options) {
      if (!hasContrast(sampledLuma(frame, CONTRAST_SAMPLING))) return null
      const image = imageOf(frame)
      for (const { pass, options: reader } of readerPasses(options.formats)) {
        const read = firstValid(await readBarcodes(image, reader), options.formats)
        if (read) return { ...read, pass }
      }
      return null
    }
  }
}
