// The webcam decoding core: pure, synchronous, no DOM. It runs in the decoder Web Worker and in
// node (tests, benchmark). Input is one 8-bit luma plane (one byte per pixel, row-major).
//
// Passes, cheapest first, stop at the first read:
//   1. the guide-box crop at full resolution (small labels held where the operator is told),
//      with local midpoint thresholds (LocalMidpointBinarizer), then GlobalHistogramBinarizer;
//   2. the whole frame (a label filling most of the picture, or held outside the box), shrunk by an
//      integer factor when its longer side exceeds `maxWholeFrameSide`: a code that fills the
//      frame has large modules, so it survives the shrink, and the pass stays cheap.
// QR and Data Matrix go through zxing's MultiFormatReader with TRY_HARDER. Code 128 is read here
// row by row with zxing's Code128Reader on the local-midpoint rows: every few pixels rather than
// every row as TRY_HARDER does, both directions (a label upside down), and, the same way, down
// columns (a label held upright). Each row costs about the same, so this is where the CPU goes.
// When those rows miss, a fine row pass reads far tags (modules of 1.5-2.5 px) from the grey levels
// themselves (scanCode128Fine), on the full-resolution images only.
import {
  BarcodeFormat,
  BitArray,
  BitMatrix,
  BinaryBitmap,
  Code128Reader,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  InvertedLuminanceSource,
  LuminanceSource,
  MultiFormatReader,
  type Binarizer,
  type Result
} from '@zxing/library'
import { type CameraFormat, type DecodePass, type GuideBox, type LumaFrame } from './types.std'

export { CAMERA_FORMATS } from './types.std'
export type { CameraFormat, DecodePass, GuideBox, LumaFrame } from './types.std'

export interface DecodeOptions {
  guideBox: GuideBox
  formats: readonly CameraFormat[]
  /** Whole-frame pass: shrink by an integer factor until the longer side is at most this. Default 960. */
  maxWholeFrameSide?: number
  /** Also scan for Code 128 down columns (a label held upright). Default true. */
  tryRotated?: boolean
}


export interface DecodeResult {
  text: string
  format: CameraFormat
  /** Which pass read it (diagnostics and benchmark). */
  pass: DecodePass
}

const TO_ZXING: Record<CameraFormat, BarcodeFormat> = {
  qr: BarcodeFormat.QR_CODE,
  code128: BarcodeFormat.CODE_128,
  datamatrix: BarcodeFormat.DATA_MATRIX
}

function fromZxing(f: BarcodeFormat): CameraFormat | null {
  switch (f) {
    case BarcodeFormat.QR_CODE:
      return 'qr'
    case BarcodeFormat.CODE_128:
      return 'code128'
    case BarcodeFormat.DATA_MATRIX:
      return 'datamatrix'
    default:
      return null
  }
}

/** An 8-bit luma plane as a zxing luminance source (what PlanarYUVLuminanceSource does, minus the crop bookkeeping). */
export class LumaSource extends LuminanceSource {
  constructor(
    private readonly data: Uint8ClampedArray,
    width: number,
    height: number
  ) {
    super(width, height)
  }

  override getRow(y: number, row?: Uint8ClampedArray): Uint8ClampedArray {
    const width = this.getWidth()
    if (y < 0 || y >= this.getHeight()) throw new RangeError(`row ${y} is outside the image`)
    const out = row && row.length >= width ? row : new Uint8ClampedArray(width)
    out.set(this.data.subarray(y * width, (y + 1) * width))
    return out
  }

  override getMatrix(): Uint8ClampedArray {
    return this.data
  }

  override invert(): LuminanceSource {
    return new InvertedLuminanceSource(this)
  }
}

/**
 * Local midpoint thresholds, for both the matrix (QR, Data Matrix) and the rows (Code 128).
 *
 * zxing's HybridBinarizer compares each pixel with the local *mean*; on a blurred label that mean
 * sits near white (labels are mostly paper), so every dark module grows by a pixel each side, and a
 * finder pattern's 1:1:3:1:1 or a bar pattern's widths no longer fit. Its rows (what the 1D readers
 * scan) come from a whole-row histogram instead, which on a label against a darker box takes the
 * box for "black". Here a pixel is dark when it is below the midpoint of the darkest and lightest
 * values around it: for symmetric blur that midpoint falls exactly on the true edges.
 *   - matrix: 8×8 blocks, min/max over the 5×5 blocks around (40 px); blocks without contrast take
 *     the threshold of their neighbours (the inside of a large module), or stay white;
 *   - rows: min/max over a window of a few modules along the row.
 */
export class LocalMidpointBinarizer extends HybridBinarizer {
  private blackMatrix: BitMatrix | null = null

  /** @param minContrast grey-level spread below which a neighbourhood is blank; see noiseContrast(). */
  constructor(
    source: LuminanceSource,
    private readonly minContrast = MIN_BLOCK_CONTRAST
  ) {
    super(source)
  }
  override getBlackRow(y: number, row: BitArray): BitArray {
    return this.getBlackMatrix().getRow(y, row)
  }

  override getBlackMatrix(): BitMatrix {
    if (!this.blackMatrix) {
      const source = this.getLuminanceSource()
      const width = source.getWidth()
      const height = source.getHeight()
      this.blackMatrix = width < MIN_SIDE || height < MIN_SIDE ? super.getBlackMatrix() : midpointMatrix(source.getMatrix(), width, height, this.minContrast)
    }
    return this.blackMatrix
  }

  override createBinarizer(source: LuminanceSource): Binarizer {
    return new LocalMidpointBinarizer(source, this.minContrast)
  }
}

const BLOCK = 8
const BLOCK_RADIUS = 2
/** Below this grey-level spread a block (or row window) is taken as blank: camera noise, not a code. */
const MIN_BLOCK_CONTRAST = 32

/**
 * The contrast threshold for a frame: at least MIN_BLOCK_CONTRAST, and well above its sensor noise,
 * so that grain on a blank surface does not turn into thousands of specks (each one a bar or finder
 * candidate that zxing would try, which made an empty noisy frame the slowest frame of all).
 * Noise is estimated from the median difference between horizontal neighbours on every 4th row:
 * for Gaussian noise of deviation sigma that median is about 0.95 sigma; edges are too rare to move it.
 */
export function noiseContrast(frame: LumaFrame): number {
  const hist = new Uint32Array(256)
  let n = 0
  for (let y = 1; y < frame.height; y += 4) {
    const row = y * frame.width
    for (let x = 1; x < frame.width; x += 2) {
      hist[Math.abs((frame.luma[row + x] ?? 0) - (frame.luma[row + x - 1] ?? 0))]!++
      n++
    }
  }
  let seen = 0
  let median = 0
  for (; median < 256; median++) {
    seen += hist[median] ?? 0
    if (seen * 2 >= n) break
  }
  const sigma = median / 0.95
  return Math.max(MIN_BLOCK_CONTRAST, Math.min(128, Math.round(9 * sigma)))
}
const FILL_PASSES = 8

/**
 * For every block of a bw×bh grid, the least of `mins` and the most of `maxs` over the blocks within
 * BLOCK_RADIUS of it along one axis (the row, or the column when `vertical`).
 */
function neighbourhoodSpread(mins: Uint8Array, maxs: Uint8Array, bw: number, bh: number, vertical: boolean): { lo: Uint8Array; hi: Uint8Array } {
  const lo = new Uint8Array(bw * bh)
  const hi = new Uint8Array(bw * bh)
  const stride = vertical ? bw : 1
  const length = vertical ? bh : bw
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const at = vertical ? by : bx
      const first = by * bw + bx - at * stride
      let low = 255
      let high = 0
      for (let k = Math.max(0, at - BLOCK_RADIUS); k <= Math.min(length - 1, at + BLOCK_RADIUS); k++) {
        low = Math.min(low, mins[first + k * stride] ?? 255)
        high = Math.max(high, maxs[first + k * stride] ?? 0)
      }
      lo[by * bw + bx] = low
      hi[by * bw + bx] = high
    }
  }
  return { lo, hi }
}

/**
 * Per 8×8 block, the midpoint of the darkest and lightest values over the 5×5 blocks around it, or -1
 * where that spread is below `minContrast` (a blank neighbourhood).
 */
function blockThresholds(luma: Uint8ClampedArray, width: number, height: number, minContrast: number): { thr: Int16Array; bw: number; bh: number } {
  const bw = Math.ceil(width / BLOCK)
  const bh = Math.ceil(height / BLOCK)
  const mins = new Uint8Array(bw * bh).fill(255)
  const maxs = new Uint8Array(bw * bh)
  for (let y = 0; y < height; y++) {
    const by = (y / BLOCK) | 0
    const row = y * width
    for (let x = 0; x < width; x++) {
      const v = luma[row + x] ?? 0
      const b = by * bw + ((x / BLOCK) | 0)
      if (v < (mins[b] ?? 255)) mins[b] = v
      if (v > (maxs[b] ?? 0)) maxs[b] = v
    }
  }
  // neighbourhood min/max, separably over the block grid: along the rows, then down the columns
  const across = neighbourhoodSpread(mins, maxs, bw, bh, false)
  const around = neighbourhoodSpread(across.lo, across.hi, bw, bh, true)
  const thr = new Int16Array(bw * bh).fill(-1)
  for (let b = 0; b < bw * bh; b++) {
    const lo = around.lo[b] ?? 255
    const hi = around.hi[b] ?? 0
    if (hi - lo >= minContrast) thr[b] = (lo + hi) >> 1
  }
  return { thr, bw, bh }
}

/**
 * Whether any part of the frame has more contrast than its sensor noise explains (see noiseContrast):
 * a frame without (an empty wall, a blank box side) holds no code, and no reader needs to look.
 * A code is always far above its frame's noise, or no reader could read it.
 */
export function hasContrast(frame: LumaFrame): boolean {
  if (frame.width < MIN_SIDE || frame.height < MIN_SIDE) return false
  return blockThresholds(frame.luma, frame.width, frame.height, noiseContrast(frame)).thr.some((t) => t >= 0)
}

function midpointMatrix(luma: Uint8ClampedArray, width: number, height: number, minContrast: number): BitMatrix {
  const blocks = blockThresholds(luma, width, height, minContrast)
  const { bw, bh } = blocks
  let thr = blocks.thr
  // blocks without contrast: the inside of a large module takes its neighbours' threshold
  for (let pass = 0; pass < FILL_PASSES; pass++) {
    let changed = false
    const next = thr.slice()
    for (let by = 0; by < bh; by++) {
      for (let bx = 0; bx < bw; bx++) {
        const b = by * bw + bx
        if ((thr[b] ?? -1) >= 0) continue
        let sum = 0
        let n = 0
        for (const nb of [bx > 0 ? b - 1 : -1, bx < bw - 1 ? b + 1 : -1, by > 0 ? b - bw : -1, by < bh - 1 ? b + bw : -1]) {
          const t = nb >= 0 ? (thr[nb] ?? -1) : -1
          if (t >= 0) {
            sum += t
            n++
          }
        }
        if (n > 0) {
          next[b] = Math.round(sum / n)
          changed = true
        }
      }
    }
    thr = next
    if (!changed) break
  }
  const matrix = new BitMatrix(width, height)
  for (let y = 0; y < height; y++) {
    const tRow = ((y / BLOCK) | 0) * bw
    const row = y * width
    for (let x = 0; x < width; x++) {
      if ((luma[row + x] ?? 255) < (thr[tRow + ((x / BLOCK) | 0)] ?? -1)) matrix.set(x, y)
    }
  }
  return matrix
}

// One 2D reader per set of formats: building readers allocates, frames come 8+ times a second.
const matrixReaders = new Map<string, MultiFormatReader>()
const MATRIX_FORMATS: readonly CameraFormat[] = ['qr', 'datamatrix']

function matrixReaderFor(formats: readonly CameraFormat[]): MultiFormatReader | null {
  const wanted = MATRIX_FORMATS.filter((f) => formats.includes(f))
  if (wanted.length === 0) return null
  const key = wanted.join(',')
  let reader = matrixReaders.get(key)
  if (!reader) {
    const hints = new Map<DecodeHintType, unknown>()
    hints.set(DecodeHintType.POSSIBLE_FORMATS, wanted.map((f) => TO_ZXING[f]))
    hints.set(DecodeHintType.TRY_HARDER, true)
    reader = new MultiFormatReader()
    reader.setHints(hints)
    matrixReaders.set(key, reader)
  }
  return reader
}

function tryMatrix(reader: MultiFormatReader, bitmap: BinaryBitmap): Result | null {
  try {
    return reader.decodeWithState(bitmap)
  } catch {
    // NotFound / Checksum / Format exceptions are the normal "nothing here" answer; zxing-js also
    // throws plain errors on some degenerate images. Either way: no read in this pass.
    return null
  } finally {
    reader.reset()
  }
}

const code128 = new Code128Reader()
const NO_HINTS = new Map<DecodeHintType, unknown>()
/** Rows (or columns) scanned for Code 128 across the image; at least every 2 pixels. */
const SCAN_LINES = 96
/** Start candidates tried per line (each one costs a decode attempt). */
const MAX_STARTS_PER_LINE = 4
/** Code 128 START A, B, C: bar/space widths in modules. */
const START_PATTERNS = [
  [2, 1, 1, 4, 1, 2],
  [2, 1, 1, 2, 1, 4],
  [2, 1, 1, 2, 3, 2]
] as const

/** zxing's patternMatchVariance test, as Code128Reader applies it to a start pattern. */
function matchesStart(runs: readonly number[], at: number): boolean {
  let total = 0
  for (let k = 0; k < 6; k++) total += runs[at + k] ?? 0
  const unit = total / 11
  for (const pattern of START_PATTERNS) {
    let variance = 0
    let ok = true
    for (let k = 0; k < 6 && ok; k++) {
      const v = Math.abs((runs[at + k] ?? 0) - (pattern[k] ?? 0) * unit)
      if (v > 0.7 * unit) ok = false
      variance += v
    }
    if (ok && variance / total < 0.25) return true
  }
  return false
}

/**
 * Where Code 128 start patterns begin on a line (with the quiet zone zxing wants before them).
 *
 * zxing-js 0.21.3's own Code128Reader.findStartPattern only ever tests the first six runs after
 * the first dark pixel: when it shifts its window it does `counters = counters.slice(2)`, which
 * leaves a 4-element Int32Array that the following writes silently miss. So any dark pixel left of
 * the code on that line (the box the label is stuck on, another label, the guide-box edge) made the
 * line unreadable. We find the starts ourselves and hand zxing the line from there on.
 */
function startCandidates(line: BitArray, length: number): number[] {
  const runs: number[] = []
  const pos: number[] = []
  let x = line.getNextSet(0)
  let dark = true
  while (x < length) {
    const end = Math.min(length, dark ? line.getNextUnset(x) : line.getNextSet(x))
    runs.push(end - x)
    pos.push(x)
    x = end
    dark = !dark
  }
  const out: number[] = []
  for (let i = 0; i + 5 < runs.length && out.length < MAX_STARTS_PER_LINE; i += 2) {
    if (!matchesStart(runs, i)) continue
    const start = pos[i] ?? 0
    let total = 0
    for (let k = 0; k < 6; k++) total += runs[i + k] ?? 0
    const whiteBefore = i === 0 ? start : (runs[i - 1] ?? 0)
    if (whiteBefore >= Math.min(total / 2, start)) out.push(start)
  }
  return out
}

/** The line with everything before `start` cleared, so zxing's start search begins there. */
function from(line: BitArray, start: number, length: number, into: BitArray): BitArray {
  into.clear()
  for (let x = line.getNextSet(start); x < length; x = line.getNextSet(line.getNextUnset(x))) {
    into.setRange(x, Math.min(length, line.getNextUnset(x)))
  }
  return into
}

/** The k-th line of a sweep from the middle outwards, `step` apart (middle, above, below, …); null once past both edges. */
function middleOut(k: number, middle: number, step: number): number | null {
  const offset = ((k + 1) >> 1) * step
  if (offset > middle) return null
  return k % 2 === 1 ? middle - offset : middle + offset
}

/**
 * Code 128 on one binarized line, left to right and then reversed (the line is reversed in place),
 * from each plausible start; null when no read has a valid checksum.
 */
function decodeBothWays(row: number, line: BitArray, length: number, trimmed: BitArray): Result | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt === 1) line.reverse()
    for (const start of startCandidates(line, length)) {
      try {
        return code128.decodeRow(row, from(line, start, length, trimmed), NO_HINTS)
      } catch {
        // not a Code 128 from here (or a checksum that does not hold)
      }
    }
  }
  return null
}

/**
 * Code 128 across rows of the binarized image, from the middle outwards, each row both ways;
 * then, when `columns`, the same down columns. Null when no line decodes with a valid checksum.
 */
function scanCode128(matrix: BitMatrix, columns: boolean): Result | null {
  const sweep = (length: number, lines: number, read: (i: number, line: BitArray) => BitArray): Result | null => {
    const step = Math.max(2, Math.floor(lines / SCAN_LINES))
    const middle = lines >> 1
    let line = new BitArray(length)
    const trimmed = new BitArray(length)
    for (let k = 0; ; k++) {
      const i = middleOut(k, middle, step)
      if (i === null) break
      if (i < 0 || i >= lines) continue
      line = read(i, line)
      const read128 = decodeBothWays(i, line, length, trimmed)
      if (read128) return read128
    }
    return null
  }
  const width = matrix.getWidth()
  const height = matrix.getHeight()
  const byRows = sweep(width, height, (y, line) => matrix.getRow(y, line))
  if (byRows || !columns) return byRows
  return sweep(height, width, (x, line) => {
    line.clear()
    for (let y = 0; y < height; y++) if (matrix.get(x, y)) line.set(y)
    return line
  })
}

/** Rows sampled by the fine Code 128 pass, and how much each is stretched before thresholding. */
const FINE_ROWS = 48
const FINE_UPSAMPLE = 2
/** Half-width of the fine pass's min/max window, in stretched pixels: a few narrow modules. */
const FINE_RADIUS = 8 * FINE_UPSAMPLE

/**
 * Code 128 with modules of 1.5-2.5 px (a tag held far, a 640×480 camera): the block thresholds of the
 * matrix are too coarse there, a narrow space blurred to mid-grey falls on the wrong side. Each sampled
 * row is averaged with its neighbours (noise), stretched ×2 by linear interpolation (edges fall between
 * pixels), and thresholded at the midpoint of the min and max within a few modules; a window whose
 * spread is below the frame's noise contrast is blank. Large modules are the matrix pass's job.
 */
function scanCode128Fine(img: LumaFrame, minContrast: number): Result | null {
  const { width, height, luma } = img
  if (height < 3) return null
  const n = width * FINE_UPSAMPLE
  const profile = new Float32Array(n)
  const lo = new Float32Array(n)
  const hi = new Float32Array(n)
  const line = new BitArray(n)
  const trimmed = new BitArray(n)
  const step = Math.max(2, Math.floor(height / FINE_ROWS))
  const middle = height >> 1
  for (let k = 0; ; k++) {
    const row = middleOut(k, middle, step)
    if (row === null) break
    const y = Math.min(height - 2, Math.max(1, row))
    const up = (y - 1) * width
    const at = y * width
    const down = (y + 1) * width
    let prev = ((luma[up] ?? 0) + 2 * (luma[at] ?? 0) + (luma[down] ?? 0)) / 4
    for (let x = 0; x < width; x++) {
      const next = x + 1 < width ? ((luma[up + x + 1] ?? 0) + 2 * (luma[at + x + 1] ?? 0) + (luma[down + x + 1] ?? 0)) / 4 : prev
      profile[2 * x] = prev
      profile[2 * x + 1] = (prev + next) / 2
      prev = next
    }
    slidingMinMax(profile, FINE_RADIUS, lo, hi)
    line.clear()
    for (let x = 0; x < n; x++) {
      const a = lo[x] ?? 0
      const b = hi[x] ?? 0
      if (b - a >= minContrast && (profile[x] ?? 0) < (a + b) / 2) line.set(x)
    }
    const read128 = decodeBothWays(y, line, n, trimmed)
    if (read128) return read128
  }
  return null
}

/** Min and max of `v` over [x - r, x + r] for every x (monotonic queues: linear time). */
function slidingMinMax(v: Float32Array, r: number, lo: Float32Array, hi: Float32Array): void {
  const n = v.length
  const qmin = new Int32Array(n)
  const qmax = new Int32Array(n)
  let minHead = 0
  let minTail = 0
  let maxHead = 0
  let maxTail = 0
  for (let j = 0; j < n + r; j++) {
    if (j < n) {
      const value = v[j] ?? 0
      while (minTail > minHead && (v[qmin[minTail - 1] ?? 0] ?? 0) >= value) minTail--
      qmin[minTail++] = j
      while (maxTail > maxHead && (v[qmax[maxTail - 1] ?? 0] ?? 0) <= value) maxTail--
      qmax[maxTail++] = j
    }
    const x = j - r
    if (x < 0) continue
    while ((qmin[minHead] ?? 0) < x - r) minHead++
    while ((qmax[maxHead] ?? 0) < x - r) maxHead++
    lo[x] = v[qmin[minHead] ?? 0] ?? 0
    hi[x] = v[qmax[maxHead] ?? 0] ?? 0
  }
}

/** Pixel rectangle of a guide box on a frame, clamped to the frame. */
export function guideRect(width: number, height: number, box: GuideBox): { left: number; top: number; width: number; height: number } {
  const left = clamp(Math.floor(box.x * width), 0, width)
  const top = clamp(Math.floor(box.y * height), 0, height)
  const right = clamp(Math.ceil((box.x + box.w) * width), left, width)
  const bottom = clamp(Math.ceil((box.y + box.h) * height), top, height)
  return { left, top, width: right - left, height: bottom - top }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v))
}

function crop(frame: LumaFrame, r: { left: number; top: number; width: number; height: number }): Uint8ClampedArray {
  if (r.left === 0 && r.top === 0 && r.width === frame.width && r.height === frame.height) return frame.luma
  const out = new Uint8ClampedArray(r.width * r.height)
  for (let y = 0; y < r.height; y++) {
    const start = (r.top + y) * frame.width + r.left
    out.set(frame.luma.subarray(start, start + r.width), y * r.width)
  }
  return out
}

/** Shrinks by an integer factor, averaging each factor × factor block (no aliasing of fine bars). */
export function downscale(frame: LumaFrame, factor: number): LumaFrame {
  if (factor <= 1) return frame
  const width = Math.floor(frame.width / factor)
  const height = Math.floor(frame.height / factor)
  const out = new Uint8ClampedArray(width * height)
  const area = factor * factor
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * frame.width + x * factor
        for (let dx = 0; dx < factor; dx++) sum += frame.luma[row + dx] ?? 0
      }
      out[y * width + x] = Math.floor((sum + (area >> 1)) / area)
    }
  }
  return { width, height, luma: out }
}

function assertFrame(frame: LumaFrame): void {
  if (!Number.isInteger(frame.width) || !Number.isInteger(frame.height) || frame.width <= 0 || frame.height <= 0) {
    throw new RangeError(`bad frame size ${frame.width}×${frame.height}`)
  }
  if (frame.luma.length < frame.width * frame.height) {
    throw new RangeError(`frame has ${frame.luma.length} luma bytes, needs ${frame.width * frame.height}`)
  }
}

/** Below this, HybridBinarizer falls back to global thresholds anyway and readers find nothing useful. */
const MIN_SIDE = 40

/** Decodes one frame; null when nothing readable is in it. */
export function decodeFrame(frame: LumaFrame, options: DecodeOptions): DecodeResult | null {
  assertFrame(frame)
  if (options.formats.length === 0) return null
  // zxing-js signals "not here" with exceptions, thousands per frame under TRY_HARDER (one per
  // scanned row); capturing their stack traces was most of the time spent on an empty frame.
  const errorCtor = Error as unknown as { stackTraceLimit?: number }
  const savedLimit = errorCtor.stackTraceLimit
  errorCtor.stackTraceLimit = 0
  try {
    return decodePasses(frame, options)
  } finally {
    errorCtor.stackTraceLimit = savedLimit
  }
}

function decodePasses(frame: LumaFrame, options: DecodeOptions): DecodeResult | null {
  const matrixReader = matrixReaderFor(options.formats)
  const wantCode128 = options.formats.includes('code128')
  const columns = options.tryRotated ?? true

  const found = (r: Result | null, pass: DecodePass): DecodeResult | null => {
    const format = r ? fromZxing(r.getBarcodeFormat()) : null
    return r && format && options.formats.includes(format) ? { text: r.getText(), format, pass } : null
  }

  /** `fine`: the image is at the camera's resolution (not shrunk), so small modules are still there. */
  const attempt = (img: LumaFrame, region: 'guide' | 'frame', fine: boolean): DecodeResult | null => {
    if (img.width < MIN_SIDE || img.height < MIN_SIDE) return null
    const source = new LumaSource(img.luma, img.width, img.height)
    const contrast = noiseContrast(img)
    const local = new LocalMidpointBinarizer(source, contrast)
    const localBitmap = new BinaryBitmap(local)
    const hit =
      (matrixReader && found(tryMatrix(matrixReader, localBitmap), `${region}-local`)) ||
      (wantCode128 && found(scanCode128(local.getBlackMatrix(), columns), `${region}-local`)) ||
      (wantCode128 && fine && found(scanCode128Fine(img, contrast), `${region}-fine`)) ||
      // zxing's global histogram threshold: a second chance for QR on very noisy frames; not for
      // Code 128, where it only added cost (its rows take the background for black).
      (matrixReader && found(tryMatrix(matrixReader, new BinaryBitmap(new GlobalHistogramBinarizer(source))), `${region}-global`))
    return hit || null
  }

  const full: LumaFrame = { width: frame.width, height: frame.height, luma: frame.luma.subarray(0, frame.width * frame.height) }
  const rect = guideRect(frame.width, frame.height, options.guideBox)
  // A guide box covering the whole frame: one full-resolution pass is all there is to do.
  if (rect.width === frame.width && rect.height === frame.height) return attempt(full, 'frame', true)
  const hit = attempt({ width: rect.width, height: rect.height, luma: crop(frame, rect) }, 'guide', true)
  if (hit) return hit
  const maxSide = options.maxWholeFrameSide ?? 960
  const factor = Math.max(1, Math.ceil(Math.max(frame.width, frame.height) / maxSide))
  // A small code outside the guide box is not worth a second fine pass on every empty frame.
  return attempt(factor > 1 ? downscale(full, factor) : full, 'frame', false)
}

/** Rec. 601 luma from RGBA pixels (ImageData or anything shaped like it). Reuses `out` when it fits. */
export function rgbaToLuma(image: { width: number; height: number; data: Uint8ClampedArray | Uint8Array }, out?: Uint8ClampedArray): LumaFrame {
  const { width, height, data } = image
  const n = width * height
  if (data.length < n * 4) throw new RangeError(`RGBA data has ${data.length} bytes, needs ${n * 4}`)
  const luma = out && out.length === n ? out : new Uint8ClampedArray(n)
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    // 0.299 R + 0.587 G + 0.114 B in 8.8 fixed point
    luma[i] = ((data[j] ?? 0) * 77 + (data[j + 1] ?? 0) * 150 + (data[j + 2] ?? 0) * 29) >> 8
  }
  return { width, height, luma }
}
