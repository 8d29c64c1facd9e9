// Real barcode images generated in code, for the webcam decoder's tests and benchmark.
// Everything here works on 8-bit luma images (one byte per pixel, row-major): the same shape the
// decoder gets from the camera pipeline, and the Y plane of a YUV 4:2:0 video frame.
import QRCode from 'qrcode'
import bwipjs from 'bwip-js/node'

export interface LumaImage {
  width: number
  height: number
  luma: Uint8ClampedArray
}

export const CASEID_URL = 'https://qr.lcdg.io/case/UNDTMBovdue9tFWfhamnDM'
export const METRC_TAG = '1A4FF0100000022000000123'

const INK = 0
const PAPER = 255

export function blank(width: number, height: number, value = 128): LumaImage {
  const luma = new Uint8ClampedArray(width * height)
  luma.fill(value)
  return { width, height, luma }
}

/** A QR code with `moduleSize` pixels per module and a quiet zone of `quiet` modules (spec minimum: 4). */
export function qrLuma(text: string, opts: { moduleSize?: number; quiet?: number; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' } = {}): LumaImage {
  const moduleSize = opts.moduleSize ?? 4
  const quiet = opts.quiet ?? 4
  const qr = QRCode.create(text, { errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M' })
  const n = qr.modules.size
  const side = (n + 2 * quiet) * moduleSize
  const img = blank(side, side, PAPER)
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue
      fillRect(img, (col + quiet) * moduleSize, (row + quiet) * moduleSize, moduleSize, moduleSize, INK)
    }
  }
  return img
}

/** The bar/space widths (in modules, starting with a bar) of a Code 128 symbol, from bwip-js. */
export function code128Modules(text: string): number[] {
  const raw = bwipjs.raw('code128', text, {})
  const first = raw[0]
  if (!first || !('sbs' in first)) throw new Error('bwip-js gave no bar widths for code128')
  return first.sbs
}

/** A Code 128 barcode, `barWidth` pixels per module, `height` pixels tall, `quiet` modules each side (spec minimum: 10). */
export function code128Luma(text: string, opts: { barWidth?: number; height?: number; quiet?: number } = {}): LumaImage {
  const barWidth = opts.barWidth ?? 2
  const height = opts.height ?? 80
  const quiet = opts.quiet ?? 10
  // Whole pixels only: a fractional width would cut bars unevenly (and rows would not line up). For a
  // code of 1.5 px per module draw it at 1 and `place` it with scale 1.5, which samples like a sensor.
  if (!Number.isInteger(barWidth) || barWidth < 1) throw new RangeError(`barWidth must be a whole number of pixels, not ${barWidth}`)
  const sbs = code128Modules(text)
  const modules = sbs.reduce((a, b) => a + b, 0)
  const width = (modules + 2 * quiet) * barWidth
  const img = blank(width, height, PAPER)
  let x = quiet * barWidth
  sbs.forEach((w, i) => {
    if (i % 2 === 0) fillRect(img, x, 0, w * barWidth, height, INK)
    x += w * barWidth
  })
  return img
}

/** A Data Matrix symbol (bwip-js), `moduleSize` pixels per module, `quiet` modules around it. */
export function dataMatrixLuma(text: string, opts: { moduleSize?: number; quiet?: number } = {}): LumaImage {
  const moduleSize = opts.moduleSize ?? 4
  const quiet = opts.quiet ?? 2
  const raw = bwipjs.raw('datamatrix', text, {})
  const first = raw[0]
  if (!first || !('pixs' in first)) throw new Error('bwip-js gave no matrix for datamatrix')
  const { pixs, pixx, pixy } = first
  const img = blank((pixx + 2 * quiet) * moduleSize, (pixy + 2 * quiet) * moduleSize, PAPER)
  for (let r = 0; r < pixy; r++) {
    for (let c = 0; c < pixx; c++) {
      if (pixs[r * pixx + c]) fillRect(img, (c + quiet) * moduleSize, (r + quiet) * moduleSize, moduleSize, moduleSize, INK)
    }
  }
  return img
}

/**
 * Draws `barcode` onto a copy of `frame`, its top-left corner at (x, y) in frame pixels, scaled by
 * `scale` with area sampling: each frame pixel averages the barcode area it covers, as a camera
 * sensor does, so edges falling inside a pixel come out grey but a scaled-up bar stays sharp.
 * Pixels outside the frame are clipped.
 */
export function place(frame: LumaImage, barcode: LumaImage, at: { x: number; y: number; scale?: number }): LumaImage {
  const scale = at.scale ?? 1
  const out: LumaImage = { width: frame.width, height: frame.height, luma: new Uint8ClampedArray(frame.luma) }
  const w = Math.round(barcode.width * scale)
  const h = Math.round(barcode.height * scale)
  const x0 = Math.round(at.x)
  const y0 = Math.round(at.y)
  const xw = coverage(w, barcode.width, scale)
  const yw = coverage(h, barcode.height, scale)
  for (let dy = 0; dy < h; dy++) {
    const y = y0 + dy
    if (y < 0 || y >= frame.height) continue
    const ys = yw[dy] ?? []
    for (let dx = 0; dx < w; dx++) {
      const x = x0 + dx
      if (x < 0 || x >= frame.width) continue
      let sum = 0
      let total = 0
      for (const [sy, wy] of ys) {
        for (const [sx, wx] of xw[dx] ?? []) {
          sum += (barcode.luma[sy * barcode.width + sx] ?? PAPER) * wx * wy
          total += wx * wy
        }
      }
      out.luma[y * frame.width + x] = total > 0 ? Math.round(sum / total) : PAPER
    }
  }
  return out
}

/** For each of `n` output pixels, the source pixels it covers and by how much. */
function coverage(n: number, srcLen: number, scale: number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = []
  for (let i = 0; i < n; i++) {
    const a = i / scale
    const b = (i + 1) / scale
    const cells: Array<[number, number]> = []
    for (let s = Math.floor(a); s < Math.min(srcLen, Math.ceil(b)); s++) {
      const wgt = Math.min(b, s + 1) - Math.max(a, s)
      if (wgt > 1e-9) cells.push([s, wgt])
    }
    out.push(cells)
  }
  return out
}

/** `place` with the barcode centred on the point (cx, cy) given as fractions of the frame. */
export function placeCentered(frame: LumaImage, barcode: LumaImage, opts: { cx?: number; cy?: number; scale?: number } = {}): LumaImage {
  const scale = opts.scale ?? 1
  const cx = (opts.cx ?? 0.5) * frame.width
  const cy = (opts.cy ?? 0.5) * frame.height
  return place(frame, barcode, { x: cx - (barcode.width * scale) / 2, y: cy - (barcode.height * scale) / 2, scale })
}

/** The largest scale at which `barcode` fits into `frame` times `fill` (e.g. 0.95: fills the frame). */
export function fitScale(frame: LumaImage, barcode: LumaImage, fill: number): number {
  return Math.min((frame.width * fill) / barcode.width, (frame.height * fill) / barcode.height)
}

// ---- degradations ------------------------------------------------------------------------------

/** Approximate Gaussian blur: `passes` separable box blurs of radius `radius` pixels. */
export function blur(img: LumaImage, radius: number, passes = 2): LumaImage {
  let cur: Float32Array = new Float32Array(img.luma)
  const { width, height } = img
  for (let p = 0; p < passes; p++) {
    cur = boxPass(cur, width, height, radius, true)
    cur = boxPass(cur, width, height, radius, false)
  }
  return { width, height, luma: Uint8ClampedArray.from(cur, (v) => Math.round(v)) }
}

function boxPass(src: Float32Array, width: number, height: number, r: number, horizontal: boolean): Float32Array {
  const dst = new Float32Array(src.length)
  const lines = horizontal ? height : width
  const len = horizontal ? width : height
  const stride = horizontal ? 1 : width
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * width : line
    for (let i = 0; i < len; i++) {
      let sum = 0
      let count = 0
      for (let k = -r; k <= r; k++) {
        const j = Math.min(len - 1, Math.max(0, i + k))
        sum += src[base + j * stride] ?? 0
        count++
      }
      dst[base + i * stride] = sum / count
    }
  }
  return dst
}

/** Seeded PRNG (mulberry32): the same seed gives the same noise, so a failing case can be replayed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Adds Gaussian noise with standard deviation `sigma` (in grey levels), from a seeded generator. */
export function noise(img: LumaImage, sigma: number, seed: number): LumaImage {
  const rnd = mulberry32(seed)
  const luma = new Uint8ClampedArray(img.luma.length)
  for (let i = 0; i < luma.length; i++) {
    // Box-Muller
    const u = Math.max(rnd(), 1e-12)
    const v = rnd()
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    luma[i] = Math.round((img.luma[i] ?? 0) + g * sigma)
  }
  return { width: img.width, height: img.height, luma }
}

/** Maps 0..255 linearly onto low..high (e.g. 100..160: a dim, washed-out label). */
export function lowContrast(img: LumaImage, low = 100, high = 160): LumaImage {
  const k = (high - low) / 255
  return { width: img.width, height: img.height, luma: Uint8ClampedArray.from(img.luma, (v) => Math.round(low + v * k)) }
}

/**
 * Rotates an image by `degrees` (counter-clockwise as seen on screen) around its centre, on a canvas
 * grown to hold all of it; uncovered pixels get `fill`. Bilinear sampling.
 */
export function rotate(img: LumaImage, degrees: number, fill = PAPER): LumaImage {
  const rad = (degrees * Math.PI) / 180
  const cos = Math.cos(rad)
  const sin = Math.sin(rad)
  const width = Math.ceil(Math.abs(img.width * cos) + Math.abs(img.height * sin))
  const height = Math.ceil(Math.abs(img.width * sin) + Math.abs(img.height * cos))
  const out = blank(width, height, fill)
  const cxo = width / 2
  const cyo = height / 2
  const cxi = img.width / 2
  const cyi = img.height / 2
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cxo
      const dy = y + 0.5 - cyo
      // inverse rotation (screen y points down, so a CCW rotation on screen uses -sin here)
      const sx = cos * dx - sin * dy + cxi - 0.5
      const sy = sin * dx + cos * dy + cyi - 0.5
      out.luma[y * width + x] = sample(img, sx, sy, fill)
    }
  }
  return out
}

// ---- helpers -----------------------------------------------------------------------------------

function fillRect(img: LumaImage, x: number, y: number, w: number, h: number, v: number): void {
  for (let yy = Math.max(0, y); yy < Math.min(img.height, y + h); yy++) {
    img.luma.fill(v, yy * img.width + Math.max(0, x), yy * img.width + Math.min(img.width, x + w))
  }
}

/** Bilinear sample at (x, y) in pixel-centre coordinates; outside the image gives `outside`. */
function sample(img: LumaImage, x: number, y: number, outside: number): number {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  const at = (xx: number, yy: number): number =>
    xx < 0 || yy < 0 || xx >= img.width || yy >= img.height ? outside : (img.luma[yy * img.width + xx] ?? outside)
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
  return Math.round(top * (1 - fy) + bottom * fy)
}
