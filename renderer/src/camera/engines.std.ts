// The decoding engines the worker can run, behind one interface.
//  - zxing-cpp: ZXing-C++ compiled to WebAssembly (zxing-wasm). Measured on real photographs of
//    labels (docs/BENCHMARKS.md) it reads more than @zxing/library and the home-made passes, and
//    faster. Each frame is converted once to grey levels, straight into a buffer in ZXing-C++'s
//    memory kept from frame to frame (the values zxing-wasm computes from an ImageData), and gets one
//    of two readers, chosen from the frames before it (frame-plan.std.ts): the quick one (nothing tried
//    harder, QR and Code 128, ZXing-C++'s global-histogram binarizer; 0.1 to 1 ms on most labels) or
//    the full one, ZXing-C++'s reader exactly as zxing-wasm runs it (try harder, rotate, invert,
//    downscale), which a label that the quick one misses gets on the next frame.
//    Frames with no contrast above their noise get neither (hasContrast): on an empty noisy 720p
//    frame ZXing-C++'s full reader spends 60-190 ms chasing specks, most of a core at 8 fps.
//  - zxing-js: @zxing/library with the home-made passes (decode.std.ts), pure JavaScript: the fallback
//    when WebAssembly cannot run (no WebAssembly, or the .wasm failed to load).
// The .wasm is never fetched from the internet: the worker passes the URL of the copy bundled with
// the app (locateFile), node passes the bytes (wasmBinary).
import {
  binarizers,
  characterSets,
  defaultReaderOptions,
  eanAddOnSymbols,
  encodeFormats,
  prepareZXingModule,
  textModes,
  type ReaderOptions,
  type ZXingModuleOverrides,
  type ZXingReadResult,
  type ZXingReaderModule,
  type ZXingReaderOptions,
  type ZXingVector
} from 'zxing-wasm/reader'
import { decodeFrame, hasContrast, rgbaToLuma, type DecodeOptions, type DecodeResult } from './decode.std'
import { FramePlan, type ReaderKind } from './frame-plan.std'
import { rgbaToCppLuma, sampleLuma } from './luma.std'
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
/** The contrast check looks at every 4th pixel of every 4th row of the grey levels (1/16 of the frame). */
const CONTRAST_SAMPLING = 4
/** The quick reader: nothing tried harder, one look at the frame with a global threshold. */
const QUICK: ReaderOptions = { maxNumberOfSymbols: 1, binarizer: 'GlobalHistogram', tryHarder: false, tryRotate: false, tryInvert: false, tryDownscale: false }
/** What the quick reader looks for (Data Matrix costs it 0.1 ms more per frame; the full reader has it). */
const QUICK_FORMATS: readonly CameraFormat[] = ['qr', 'code128']

/** The reader of each kind of frame (see frame-plan.std.ts). */
function readerFor(kind: ReaderKind, formats: readonly CameraFormat[]): { pass: DecodePass; options: ReaderOptions } {
  const all = formats.map((f) => TO_CPP[f])
  if (kind === 'full') return { pass: 'zxing-cpp', options: { formats: all, maxNumberOfSymbols: 1 } }
  const quick = formats.filter((f) => QUICK_FORMATS.includes(f)).map((f) => TO_CPP[f])
  return { pass: 'zxing-cpp-global', options: { ...QUICK, formats: quick.length > 0 ? quick : all } }
}

/** ReaderOptions as ZXing-C++'s binding takes them (what zxing-wasm's readBarcodes does before each call). */
function encodeOptions(options: ReaderOptions): ZXingReaderOptions {
  const o = { ...defaultReaderOptions, ...options }
  return {
    ...o,
    formats: encodeFormats(o.formats),
    binarizer: binarizers.indexOf(o.binarizer),
    eanAddOnSymbol: eanAddOnSymbols.indexOf(o.eanAddOnSymbol),
    textMode: textModes.indexOf(o.textMode),
    characterSet: characterSets.indexOf(o.characterSet)
  }
}

function firstValid(results: ZXingVector<ZXingReadResult>, formats: readonly CameraFormat[]): { text: string; format: CameraFormat } | null {
  try {
    for (let i = 0; i < results.size(); i++) {
      const r = results.get(i)
      const format = r && FROM_CPP[r.format]
      if (r?.isValid && format && formats.includes(format)) return { text: r.text, format }
    }
    return null
  } finally {
    results.delete()
  }
}

/** What is used of ZXing-C++'s Emscripten module (zxing-wasm types the rest through @types/emscripten, not installed here). */
type CppModule = Pick<ZXingReaderModule, 'readBarcodesFromPixmap'> & { HEAPU8: Uint8Array; _malloc(bytes: number): number; _free(ptr: number): void }

/** One buffer in ZXing-C++'s memory for the frame's grey levels, kept from frame to frame. */
class LumaBuffer {
  private ptr = 0
  private size = 0

  constructor(private readonly module: CppModule) {}

  /** The frame's grey levels, written into the buffer (converted from RGBA, or copied); its address and a view. */
  fill(frame: PixelFrame): { ptr: number; luma: Uint8Array } {
    const n = frame.width * frame.height
    if (n > this.size) {
      if (this.ptr) this.module._free(this.ptr)
      this.ptr = this.module._malloc(n)
      if (!this.ptr) throw new Error(`ZXing-C++ could not allocate ${n} bytes`)
      this.size = n
    }
    // A fresh view every frame: the memory's ArrayBuffer changes when it grows.
    const luma = this.module.HEAPU8.subarray(this.ptr, this.ptr + n)
    if (frame.pixels === 'luma') luma.set(frame.data.subarray(0, n))
    else rgbaToCppLuma(frame.data, luma, n)
    return { ptr: this.ptr, luma }
  }
}

/**
 * Loads ZXing-C++ (rejects when WebAssembly cannot run or the .wasm does not load) and returns an engine
 * for one camera's stream of frames: what it tries on a frame depends on the frames before (frame-plan.std.ts).
 */
export async function loadZxingCpp(overrides: ZXingModuleOverrides): Promise<Engine> {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined) throw new Error('WebAssembly is not available')
  const module = (await prepareZXingModule({ overrides, fireImmediately: true })) as unknown as CppModule
  const buffer = new LumaBuffer(module)
  const plan = new FramePlan()
  // Encoded once per kind of frame and set of formats: the camera asks the same every frame.
  const encoded = new Map<string, { pass: DecodePass; options: ZXingReaderOptions }>()
  const reader = (kind: ReaderKind, formats: readonly CameraFormat[]) => {
    const key = `${kind}:${formats.join(',')}`
    let r = encoded.get(key)
    if (!r) {
      const { pass, options } = readerFor(kind, formats)
      encoded.set(key, (r = { pass, options: encodeOptions(options) }))
    }
    return r
  }
  return {
    name: 'zxing-cpp',
    decode(frame, options) {
      const { ptr, luma } = buffer.fill(frame)
      if (plan.checkContrast && !hasContrast(sampleLuma(luma, frame.width, frame.height, CONTRAST_SAMPLING))) {
        plan.reset()
        return Promise.resolve(null)
      }
      const kind = plan.next
      const { pass, options: encodedOptions } = reader(kind, options.formats)
      const read = firstValid(module.readBarcodesFromPixmap(ptr, frame.width, frame.height, encodedOptions), options.formats)
      plan.ran(kind, read !== null)
      return Promise.resolve(read && { ...read, pass })
    }
  }
}
