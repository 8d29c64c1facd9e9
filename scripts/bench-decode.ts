// Decode benchmark, through the decoder worker's own message handler (message check, RGBA → grey
// levels, the worker's engine: ZXing-C++ readers chosen per frame, see renderer/src/camera/engines.std.ts and
// frame-plan.std.ts), side by side with zxing-wasm (ZXing-C++ as WebAssembly, its default "try harder"
// reader) and @zxing/library on the same RGBA frames. Each image is held in front of the camera for
// --hold frames (4: half a second at 8 fps), one image after the other, as a camera sees labels: the
// station's engine keeps its state from frame to frame and image to image, and a read counts when the
// camera's ReadConfirmer accepts it (Code 128: two frames agreeing). Every frame's time is counted.
//   1. Real photographs (../shared/data/zxing-blackbox/, see its README): each photo as the whole
//      camera frame (scripts/support/photos.ts); per set: read, misread, median and p90 ms.
//   2. Generated frames: 640×480 and 1280×720, a CaseID QR and a Metrc Code 128 tag, clean and
//      degraded, and frames with no code (what the camera sees most of the time: the CPU share).
//   npm run bench -- decode [--frames 12] [--hold 4] [--repeat 2] [--photos-only] [--sets qrcode-5,...]   (or: npx tsx scripts/bench-decode.ts ...)
// zxing-wasm's .wasm is read from node_modules: the library would otherwise fetch it from a CDN.
import { createRequire } from 'node:module'
import os from 'node:os'
import v8 from 'node:v8'
import vm from 'node:vm'
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader } from '@zxing/library'
import { ZXING_WASM_VERSION, readBarcodes, type ReadResult, type ReaderOptions } from 'zxing-wasm/reader'
import { LumaSource, rgbaToLuma } from '../renderer/src/camera/decode.std'
import { ReadConfirmer } from '../renderer/src/camera/agreement.std'
import { zxingJs, type Engine } from '../renderer/src/camera/engines.std'
import { GUIDE_BOX } from '../renderer/src/camera/guide.std'
import type { FrameRequest } from '../renderer/src/camera/protocol.std'
import { handleWorkerMessage } from '../renderer/src/camera/worker-handler.std'
import { FALSE_POSITIVE_SET, cameraFrame, listPhotos, photoAsVideoFrame, readPhoto, type RgbaImage } from './support/photos'
import { nodeZxingCpp } from './support/zxingCpp'
import { CASEID_URL, METRC_TAG, blank, blur, code128Luma, lowContrast, mulberry32, noise, placeCentered, qrLuma, rotate, type LumaImage } from './support/barcodes'
import { BACKGROUND, DEGRADATIONS, SIZES, TEXT, fillingFrame, inGuide, type Kind } from './support/cameraFrames'

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.slice(2).find((a) => /^\d+$/.test(a)) // `12` alone still works
  const n = Number(raw ?? fallback)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${String(raw)}`)
  return n
}

const perCase = option('frames', 12)
/** Camera frames each image is held for. */
const hold = option('hold', 4)
/** Times every photo set is played (the times of every play are pooled). */
const repeat = option('repeat', 2)
/** The camera's default rate (renderer/src/camera/camera.ts): frames offered to the worker per second. */
const FPS = 8

// ---- the two decoders ---------------------------------------------------------------------------

const require = createRequire(import.meta.url)
const station = await nodeZxingCpp() // also prepares zxing-wasm's module for the readBarcodes below
const stationOnGenerated = await nodeZxingCpp() // its own stream
const ZXING_OPTIONS: ReaderOptions = { formats: ['QRCode', 'Code128', 'DataMatrix'], maxNumberOfSymbols: 1 }

function rgba(frame: LumaImage): Uint8ClampedArray {
  const px = new Uint8ClampedArray(frame.width * frame.height * 4)
  for (let i = 0; i < frame.luma.length; i++) {
    const v = frame.luma[i] ?? 0
    px[i * 4] = v
    px[i * 4 + 1] = v
    px[i * 4 + 2] = v
    px[i * 4 + 3] = 255
  }
  return px
}

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void

/**
 * Starts timing one decode: collects the young garbage first, so that the collector (whose helper threads
 * count in the process's CPU time) does not charge a decoder for what the one before it left (@zxing/library
 * leaves much), then reads the CPU clock.
 */
function startTiming(): NodeJS.CpuUsage {
  gc({ type: 'minor' })
  return process.cpuUsage()
}

/** CPU time of the process since `startTiming`, not wall time: on a shared machine the wall clock also counts other processes. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1000
}

interface Outcome {
  text: string | null
  format?: string
  ms: number
  pass?: string
}

let nextId = 1
async function ours(frame: { width: number; height: number }, px: Uint8ClampedArray, engine: Engine = station): Promise<Outcome> {
  // The frame's own buffer, as the worker gets it transferred (the handler only reads it): no copy, so no garbage.
  const buffer = px.byteOffset === 0 && px.byteLength === px.buffer.byteLength ? (px.buffer as ArrayBuffer) : px.slice().buffer
  const req: FrameRequest = { type: 'frame', id: nextId++, width: frame.width, height: frame.height, pixels: 'rgba', buffer, guideBox: { ...GUIDE_BOX }, formats: ['qr', 'code128', 'datamatrix'] }
  const t = startTiming()
  const { response } = await handleWorkerMessage(req, () => performance.now(), engine)
  const ms = cpuMs(t)
  if (response.type !== 'result') throw new Error(response.message)
  return { text: response.read?.text ?? null, ms, ...(response.read ? { pass: response.read.pass, format: response.read.format } : {}) }
}

const FORMAT_OF: Record<string, 'qr' | 'code128' | 'datamatrix'> = { QRCode: 'qr', Code128: 'code128', DataMatrix: 'datamatrix' }
const LIBRARY_FORMAT: Partial<Record<BarcodeFormat, 'qr' | 'code128' | 'datamatrix'>> = {
  [BarcodeFormat.QR_CODE]: 'qr',
  [BarcodeFormat.CODE_128]: 'code128',
  [BarcodeFormat.DATA_MATRIX]: 'datamatrix'
}

/** An image held in front of a decoder: its frames' reads through a ReadConfirmer, as the camera does (125 ms apart). */
class Held {
  private readonly confirmer = new ReadConfirmer()
  private frame = 0
  accepted: Outcome | null = null

  push(outcome: Outcome): void {
    const format = outcome.format as 'qr' | 'code128' | 'datamatrix' | undefined
    const ok = this.confirmer.push(outcome.text !== null && format ? { text: outcome.text, format } : null, (this.frame++ * 1000) / FPS)
    if (ok && !this.accepted) this.accepted = outcome
  }
}

/** One image held for `hold` frames in front of one decoder: the first text accepted, and every frame's time. */
async function holdImage(decode: () => Promise<Outcome> | Outcome): Promise<{ accepted: Outcome | null; ms: number[] }> {
  const held = new Held()
  const ms: number[] = []
  for (let f = 0; f < hold; f++) {
    const outcome = await decode()
    ms.push(outcome.ms)
    held.push(outcome)
  }
  return { accepted: held.accepted, ms }
}

async function zxing(frame: { width: number; height: number }, px: Uint8ClampedArray): Promise<Outcome> {
  // An ImageData in all but name (Node has no DOM): what readBarcodes reads from one.
  const image = { data: px, width: frame.width, height: frame.height, colorSpace: 'srgb' } as unknown as Parameters<typeof readBarcodes>[0]
  const t = startTiming()
  const results: ReadResult[] = await readBarcodes(image, ZXING_OPTIONS)
  const ms = cpuMs(t)
  const first = results.find((r) => r.isValid)
  return { text: first?.text ?? null, ms, ...(first ? { format: FORMAT_OF[first.format] ?? 'qr' } : {}) }
}

// ---- real photographs ------------------------------------------------------------------------------

/** @zxing/library as an app would use it on a still: HybridBinarizer, MultiFormatReader, with or without TRY_HARDER. */
function zxingLibrary(tryHarder: boolean): (frame: RgbaImage) => Outcome {
  const reader = new MultiFormatReader()
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128, BarcodeFormat.DATA_MATRIX]]])
  if (tryHarder) hints.set(DecodeHintType.TRY_HARDER, true)
  reader.setHints(hints)
  return (frame) => {
    const t = startTiming()
    const luma = rgbaToLuma(frame)
    let read: { text: string; format?: string } | null = null
    try {
      const r = reader.decode(new BinaryBitmap(new HybridBinarizer(new LumaSource(luma.luma, luma.width, luma.height))))
      read = { text: r.getText(), ...(LIBRARY_FORMAT[r.getBarcodeFormat()] ? { format: LIBRARY_FORMAT[r.getBarcodeFormat()] } : {}) }
    } catch {
      // nothing read
    } finally {
      reader.reset()
    }
    return { text: read?.text ?? null, ms: cpuMs(t), ...(read?.format ? { format: read.format } : {}) }
  }
}

type PhotoDecoder = (frame: RgbaImage) => Promise<Outcome> | Outcome
const PHOTO_DECODERS: { name: string; run: PhotoDecoder }[] = [
  { name: 'station webcam path', run: (f) => ours(f, f.data) },
  { name: 'zxing-wasm 3.1.6', run: (f) => zxing(f, f.data) },
  { name: '@zxing/library', run: zxingLibrary(false) },
  { name: '@zxing/library TRY_HARDER', run: zxingLibrary(true) },
  { name: 'station fallback (zxing-js + home-made passes)', run: (f) => ours(f, f.data, zxingJs) }
]

interface Tally {
  read: number
  misread: number
  ms: number[]
  passes: Map<string, number>
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN
}

/**
 * Every photo, one after the other, held for `hold` frames in front of every decoder (frame by frame,
 * the decoders interleaved so that the machine's load falls on all alike, each frame starting with the
 * next decoder); the whole sequence `repeat` times. Reads from the first play; times from every frame of every play.
 */
async function benchPhotos(): Promise<void> {
  const only = process.argv.indexOf('--sets') >= 0 ? (process.argv[process.argv.indexOf('--sets') + 1] ?? '').split(',') : null
  const photos = listPhotos().filter((p) => !only || only.includes(p.set))
  const sets = [...new Set(photos.map((p) => p.set))]
  const tallies = new Map<string, Tally[]>(sets.map((s) => [s, PHOTO_DECODERS.map(() => ({ read: 0, misread: 0, ms: [], passes: new Map() }))]))
  const sizes = new Map<string, Set<string>>()
  const frames = photos.map((photo) => cameraFrame(photoAsVideoFrame(readPhoto(photo.path))))
  let turn = 0
  for (let play = 0; play < repeat; play++) {
    for (const [k, photo] of photos.entries()) {
      const frame = frames[k]!
      sizes.set(photo.set, (sizes.get(photo.set) ?? new Set()).add(`${frame.width}×${frame.height}`))
      // hold the photo in front of all decoders at once: frame f goes to each decoder in turn
      const held = PHOTO_DECODERS.map(() => new Held())
      for (let f = 0; f < hold; f++) {
        // Each frame starts with the next decoder in turn: the first one after @zxing/library finds the
        // caches cold and the frame out of them, the next ones find it warm.
        turn++
        for (let j = 0; j < PHOTO_DECODERS.length; j++) {
          const i = (turn + j) % PHOTO_DECODERS.length
          const decoder = PHOTO_DECODERS[i]!
          const outcome = await decoder.run(frame)
          tallies.get(photo.set)![i]!.ms.push(outcome.ms)
          held[i]!.push(outcome)
        }
      }
      if (play > 0) continue
      for (const [i, h] of held.entries()) {
        const tally = tallies.get(photo.set)![i]!
        if (!h.accepted) continue
        if (h.accepted.text === photo.expected) tally.read++
        else tally.misread++
        if (h.accepted.pass) tally.passes.set(h.accepted.pass, (tally.passes.get(h.accepted.pass) ?? 0) + 1)
      }
    }
  }
  console.log('### Real photographs\n')
  const header = ['set', 'images', 'frames', ...PHOTO_DECODERS.map((d) => `${d.name}: read / misread, median / p90 ms`)]
  const lines = sets.map((set) => {
    const n = photos.filter((p) => p.set === set).length
    const isEmpty = set === FALSE_POSITIVE_SET
    return [
      set,
      String(n),
      [...(sizes.get(set) ?? [])].length > 2 ? 'various' : [...(sizes.get(set) ?? [])].join(', '),
      ...tallies.get(set)!.map((t) => {
        const reads = isEmpty ? `${t.read + t.misread} false reads` : `${t.read} / ${t.misread}`
        return `${reads}, ${median(t.ms).toFixed(1)} / ${quantile(t.ms, 0.9).toFixed(1)}`
      })
    ]
  })
  printTable(header, lines)
  const byPass = sets.map((set) => `${set}: ${[...tallies.get(set)![0]!.passes].map(([p, n]) => `${p} ${n}`).join(', ') || '–'}`)
  console.log(`\nStation reads by pass: ${byPass.join('; ')}.`)
  console.log(`Each photo held for ${hold} camera frames; the sequence played ${repeat} times. Times are CPU ms per frame, median and 90th percentile over every frame of the set.\n`)
}

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  console.log(fmt(header))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const l of lines) console.log(fmt(l))
}

// ---- cases ----------------------------------------------------------------------------------------

interface Case {
  size: string
  code: Kind | 'none'
  condition: string
  expected: string | null
  frames: LumaImage[]
}

/** Harder than the unit tests' degradations: where readers start to differ. */
function hardFrame(kind: Kind, size: { width: number; height: number }, condition: string, seed: number, at: { cx: number; cy: number }): LumaImage {
  const k = size.width >= 1280 ? 1.5 : 1
  // Code 128 at 1.5 (640) or 2.25 (720p) px per module: drawn at 1 px and placed scaled, area-sampled as a sensor sees it.
  let code = kind === 'qr' ? qrLuma(CASEID_URL, { moduleSize: Math.round(3 * k) }) : code128Luma(METRC_TAG, { barWidth: 1, height: Math.round(80 / 1.5) })
  if (condition === 'rotated 45° / 8°') code = rotate(code, kind === 'qr' ? 45 : 8)
  let frame = placeCentered(blank(size.width, size.height, BACKGROUND), code, { ...at, scale: kind === 'qr' ? 1 : 1.5 * k })
  if (condition === 'small + blur') frame = blur(frame, 1, 2)
  if (condition === 'small + noise σ16') frame = noise(frame, 16, seed)
  if (condition === 'small, contrast 110-145') frame = lowContrast(frame, 110, 145)
  return frame
}
const HARD = ['small + blur', 'small + noise σ16', 'small, contrast 110-145', 'rotated 45° / 8°'] as const

function cases(): Case[] {
  const out: Case[] = []
  for (const size of SIZES) {
    const label = `${size.width}×${size.height}`
    const rnd = mulberry32(size.width)
    const spot = () => ({ cx: 0.4 + rnd() * 0.2, cy: 0.42 + rnd() * 0.16 })
    const many = (make: (i: number) => LumaImage) => Array.from({ length: perCase }, (_, i) => make(i))
    out.push({ size: label, code: 'none', condition: 'empty grey', expected: null, frames: many(() => blank(size.width, size.height, BACKGROUND)) })
    out.push({ size: label, code: 'none', condition: 'empty, noise σ8', expected: null, frames: many((i) => noise(blank(size.width, size.height, BACKGROUND), 8, i + 1)) })
    for (const kind of ['qr', 'code128'] as Kind[]) {
      for (const d of DEGRADATIONS) out.push({ size: label, code: kind, condition: d, expected: TEXT[kind], frames: many((i) => inGuide(kind, size, d, i + 1, spot())) })
      for (const h of HARD) out.push({ size: label, code: kind, condition: h, expected: TEXT[kind], frames: many((i) => hardFrame(kind, size, h, i + 1, spot())) })
      out.push({ size: label, code: kind, condition: 'filling the frame', expected: TEXT[kind], frames: [fillingFrame(kind, size)] })
    }
  }
  return out
}

// ---- run ------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2
}

interface Row {
  c: Case
  oursRead: number
  zxRead: number
  oursMs: number
  zxMs: number
  passes: string
}

async function run(c: Case): Promise<Row> {
  let oursRead = 0
  let zxRead = 0
  const oursMs: number[] = []
  const zxMs: number[] = []
  const passes = new Map<string, number>()
  for (const f of c.frames) {
    const px = rgba(f)
    const a = await holdImage(() => ours(f, px, stationOnGenerated))
    const b = await holdImage(() => zxing(f, px))
    oursMs.push(...a.ms)
    zxMs.push(...b.ms)
    // With no code in view, "read" means correctly reading nothing.
    if ((a.accepted?.text ?? null) === c.expected) oursRead++
    if ((b.accepted?.text ?? null) === c.expected) zxRead++
    const pass = a.accepted?.pass
    if (pass) passes.set(pass, (passes.get(pass) ?? 0) + 1)
  }
  return { c, oursRead, zxRead, oursMs: median(oursMs), zxMs: median(zxMs), passes: [...passes].map(([p, n]) => `${p} ${n}`).join(', ') }
}

// Warm both up (JIT, wasm tiers) so the first case is not charged for it.
for (let i = 0; i < 3; i++) {
  const f = inGuide('qr', SIZES[0])
  await ours(f, rgba(f), stationOnGenerated)
  await zxing(f, rgba(f))
}

await benchPhotos()
if (process.argv.includes('--photos-only')) process.exit(0)

const rows: Row[] = []
for (const c of cases()) rows.push(await run(c))

const pct = (n: number, of: number) => `${Math.round((100 * n) / of)}%`
const header = ['frame', 'code', 'condition', 'read: ours', 'read: zxing-wasm', 'ours ÷ zxing read', 'ms: ours', 'ms: zxing-wasm', 'ours ÷ zxing time', `core @${FPS} fps`, 'ours read by pass']
const lines = rows.map((r) => {
  const n = r.c.frames.length
  return [
    r.c.size,
    r.c.code,
    r.c.condition,
    `${r.oursRead}/${n}`,
    `${r.zxRead}/${n}`,
    r.zxRead === 0 ? (r.oursRead === 0 ? '–' : '∞') : (r.oursRead / r.zxRead).toFixed(2),
    r.oursMs.toFixed(1),
    r.zxMs.toFixed(1),
    (r.oursMs / r.zxMs).toFixed(2),
    pct(Math.min(1, (r.oursMs * FPS) / 1000), 1),
    r.passes
  ]
})
console.log('### Generated frames\n')
printTable(header, lines)

const withCode = rows.filter((r) => r.c.code !== 'none')
const total = withCode.reduce((a, r) => a + r.c.frames.length, 0)
const oursTotal = withCode.reduce((a, r) => a + r.oursRead, 0)
const zxTotal = withCode.reduce((a, r) => a + r.zxRead, 0)
const empties = rows.filter((r) => r.c.code === 'none')
const falseReads = empties.reduce((a, r) => a + (r.c.frames.length - r.oursRead), 0)
console.log(`\nFrames with a code: ours read ${oursTotal}/${total} (${pct(oursTotal, total)}), zxing-wasm ${zxTotal}/${total} (${pct(zxTotal, total)}); ours ÷ zxing-wasm = ${(oursTotal / Math.max(1, zxTotal)).toFixed(2)}. Empty frames misread by ours: ${falseReads}.`)
for (const r of empties) {
  console.log(`CPU share @${FPS} fps, ${r.c.size} ${r.c.condition}: ${pct(Math.min(1, (r.oursMs * FPS) / 1000), 1)} of one core (median ${r.oursMs.toFixed(1)} ms per frame).`)
}
console.log(`\n${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}; node ${process.version}; @zxing/library ${require('@zxing/library/package.json').version as string}, zxing-wasm ${ZXING_WASM_VERSION}.`)
console.log(`${perCase} images per case (codes at random spots in the guide box), each held for ${hold} frames. Times are CPU time of the process per frame, median; ours includes the`)
console.log(`RGBA → grey conversion of the worker. "core @${FPS} fps" = median × ${FPS} frames/s: the share of one core the worker keeps busy at the camera's rate`)
console.log('(the camera skips a tick while the worker is still busy, so a slow frame lowers the rate instead of queueing).')
