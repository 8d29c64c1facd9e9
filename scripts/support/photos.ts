// The real barcode photographs of ../shared/data/zxing-blackbox/ (ZXing's blackbox sets: phone and
// webcam photos of printed labels), and how the webcam sees one: the photo as the whole video frame,
// scaled up to at least 480 rows, in YUV 4:2:0 (what Chromium's fake camera plays from a .y4m), then
// painted back to RGBA and shrunk to the camera's largest side (what camera.ts's grabFrame hands the
// decoder worker). The benchmark and the end-to-end test both start from here.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The shared folder, beside the repository (a worktree's ../shared). */
export const PHOTO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/zxing-blackbox')
/** The set whose images hold no barcode: any read there is a false read. */
export const FALSE_POSITIVE_SET = 'falsepositives-2'
/** Rows a webcam frame has at least (README of the shared folder). */
export const MIN_ROWS = 480

export interface Photo {
  set: string
  name: string
  path: string
  /** The text the image holds; null in the false-positive set. */
  expected: string | null
}

export interface RgbaImage {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** A YUV 4:2:0 frame: Y at full size, U and V at half size (rounded up), full range (y4m C420jpeg). */
export interface YuvFrame {
  width: number
  height: number
  luma: Uint8ClampedArray
  u: Uint8ClampedArray
  v: Uint8ClampedArray
}

/** Every photo of every set (sets in name order, images by number), with its expected text. */
export function listPhotos(root = PHOTO_ROOT): Photo[] {
  if (!existsSync(root)) throw new Error(`no photo folder at ${root}`)
  const out: Photo[] = []
  for (const set of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const images = readdirSync(join(root, set)).filter((f) => /\.(png)$/i.test(f))
    images.sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
    for (const file of images) {
      const name = file.replace(/\.[^.]+$/, '')
      const textFile = join(root, set, `${name}.txt`)
      const expected = set === FALSE_POSITIVE_SET ? null : existsSync(textFile) ? readFileSync(textFile, 'utf8') : undefined
      if (expected === undefined) throw new Error(`${set}/${file} has no ${name}.txt`)
      out.push({ set, name, path: join(root, set, file), expected })
    }
  }
  return out
}

interface PngModule {
  PNG: { sync: { read(data: Buffer): { width: number; height: number; data: Buffer } } }
}
// pngjs comes with qrcode; it has no types of its own.
const { PNG } = createRequire(import.meta.url)('pngjs') as PngModule

/** A PNG file as RGBA (pngjs expands palette, grey and 16-bit images to 8-bit RGBA). */
export function readPhoto(path: string): RgbaImage {
  const png = PNG.sync.read(readFileSync(path))
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.width * png.height * 4) }
}

/**
 * Resamples interleaved pixels (`channels` per pixel) to a new size, separably, with a triangle
 * filter as wide as the scale (bilinear when enlarging, area-like when shrinking, as a browser does).
 */
export function resize(src: Uint8ClampedArray, width: number, height: number, channels: number, toWidth: number, toHeight: number): Uint8ClampedArray {
  // rows first (the width changes), then columns (the height changes)
  const mid = new Float32Array(toWidth * height * channels)
  resample(src, mid, width, toWidth, height, channels, { step: channels, line: width * channels }, { step: channels, line: toWidth * channels })
  const out = new Uint8ClampedArray(toWidth * toHeight * channels)
  resample(mid, out, height, toHeight, toWidth, channels, { step: toWidth * channels, line: channels }, { step: toWidth * channels, line: channels })
  return out
}

interface Layout {
  /** index distance between neighbouring samples along the resampled axis */
  step: number
  /** index distance between neighbouring lines */
  line: number
}

/** One axis of `resize`: `lines` lines of `len` samples become lines of `toLen` samples. */
function resample(input: ArrayLike<number>, out: Float32Array | Uint8ClampedArray, len: number, toLen: number, lines: number, channels: number, from: Layout, to: Layout): void {
  const scale = toLen / len
  const support = scale < 1 ? 1 / scale : 1
  for (let o = 0; o < toLen; o++) {
    const centre = (o + 0.5) / scale - 0.5
    const lo = Math.max(0, Math.floor(centre - support))
    const hi = Math.min(len - 1, Math.ceil(centre + support))
    const weights: number[] = []
    let sum = 0
    for (let i = lo; i <= hi; i++) {
      const w = Math.max(0, 1 - Math.abs(i - centre) / support)
      weights.push(w)
      sum += w
    }
    for (let line = 0; line < lines; line++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0
        for (let i = lo; i <= hi; i++) acc += (input[line * from.line + i * from.step + c] ?? 0) * (weights[i - lo] ?? 0)
        out[line * to.line + o * to.step + c] = sum > 0 ? acc / sum : 0
      }
    }
  }
}

/** The photo as a webcam frame: scaled up to at least MIN_ROWS rows (even sides), RGB → YUV 4:2:0. */
export function photoAsVideoFrame(img: RgbaImage, minRows = MIN_ROWS): YuvFrame {
  const scale = Math.max(1, minRows / img.height)
  const width = Math.round((img.width * scale) / 2) * 2
  const height = Math.max(minRows, Math.round((img.height * scale) / 2) * 2)
  const rgba = width === img.width && height === img.height ? img.data : resize(img.data, img.width, img.height, 4, width, height)
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  const luma = new Uint8ClampedArray(width * height)
  const uSum = new Float32Array(cw * ch)
  const vSum = new Float32Array(cw * ch)
  const count = new Uint8Array(cw * ch)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const r = rgba[i] ?? 0
      const g = rgba[i + 1] ?? 0
      const b = rgba[i + 2] ?? 0
      luma[y * width + x] = 0.299 * r + 0.587 * g + 0.114 * b
      const c = (y >> 1) * cw + (x >> 1)
      uSum[c]! += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
      vSum[c]! += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
      count[c]!++
    }
  }
  const u = new Uint8ClampedArray(cw * ch)
  const v = new Uint8ClampedArray(cw * ch)
  for (let c = 0; c < cw * ch; c++) {
    u[c] = (uSum[c] ?? 0) / (count[c] || 1)
    v[c] = (vSum[c] ?? 0) / (count[c] || 1)
  }
  return { width, height, luma, u, v }
}

/** The video frame painted as RGBA and shrunk to at most `maxSide` on its longer side (camera.ts's grabFrame). */
export function cameraFrame(frame: YuvFrame, maxSide = 1280): RgbaImage {
  const { width, height } = frame
  const cw = Math.ceil(width / 2)
  const rgba = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const Y = frame.luma[y * width + x] ?? 0
      const c = (y >> 1) * cw + (x >> 1)
      const U = (frame.u[c] ?? 128) - 128
      const V = (frame.v[c] ?? 128) - 128
      const i = (y * width + x) * 4
      rgba[i] = Y + 1.402 * V
      rgba[i + 1] = Y - 0.344136 * U - 0.714136 * V
      rgba[i + 2] = Y + 1.772 * U
      rgba[i + 3] = 255
    }
  }
  const scale = Math.min(1, maxSide / Math.max(width, height))
  if (scale === 1) return { width, height, data: rgba }
  const w = Math.round(width * scale)
  const h = Math.round(height * scale)
  return { width: w, height: h, data: resize(rgba, width, height, 4, w, h) }
}
