// Decode benchmark: time per frame and share read, through the worker's message handler (RGBA in,
// luma conversion, all decode passes), for 640×480 and 1280×720 frames, QR and Code 128, clean and
// degraded, plus frames with no code (what the camera sees most of the time).
//   npx tsx scripts/bench-decode.ts [framesPerCase=12]
// TODO: the same frames through zxing-wasm side by side (not installed yet).
import { GUIDE_BOX } from '../renderer/src/camera/guide'
import type { FrameRequest } from '../renderer/src/camera/protocol'
import { handleWorkerMessage } from '../renderer/src/camera/worker-handler'
import { blank, mulberry32, noise, type LumaImage } from '../test/support/barcodes'
import { DEGRADATIONS, SIZES, TEXT, inGuide, fillingFrame, type Kind } from '../test/renderer/camera/fixtures'

const perCase = Number(process.argv[2] ?? 12)
const FPS = 8

function request(frame: LumaImage, id: number): FrameRequest {
  const buffer = new ArrayBuffer(frame.width * frame.height * 4)
  const px = new Uint8ClampedArray(buffer)
  for (let i = 0; i < frame.luma.length; i++) {
    const v = frame.luma[i] ?? 0
    px[i * 4] = v
    px[i * 4 + 1] = v
    px[i * 4 + 2] = v
    px[i * 4 + 3] = 255
  }
  return { type: 'frame', id, width: frame.width, height: frame.height, pixels: 'rgba', buffer, guideBox: { ...GUIDE_BOX }, formats: ['qr', 'code128', 'datamatrix'] }
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}

interface Row {
  size: string
  code: string
  condition: string
  read: string
  median: number
  p90: number
  passes: string
}

function run(size: string, code: string, condition: string, expected: string | null, frames: LumaImage[]): Row {
  let id = 0
  let ok = 0
  const times: number[] = []
  const passes = new Map<string, number>()
  for (const f of frames) {
    const req = request(f, ++id)
    // CPU time of this thread, not wall time: on a shared machine the wall clock also counts other
    // processes. A worker busy for this long is what one core pays per frame.
    const cpu0 = process.cpuUsage()
    const { response } = handleWorkerMessage(req, () => performance.now())
    const cpu = process.cpuUsage(cpu0)
    if (response.type !== 'result') throw new Error(response.message)
    times.push((cpu.user + cpu.system) / 1000)
    if ((response.read?.text ?? null) === expected) ok++
    if (response.read) passes.set(response.read.pass, (passes.get(response.read.pass) ?? 0) + 1)
  }
  const via = [...passes].map(([p, n]) => `${p} ${n}`).join(', ')
  return { size, code, condition, read: `${ok}/${frames.length}`, median: quantile(times, 0.5), p90: quantile(times, 0.9), passes: via }
}

// warm up the JIT so the first case is not charged for it
for (let i = 0; i < 3; i++) handleWorkerMessage(request(inGuide('qr', SIZES[0]), i), () => performance.now())

const rows: Row[] = []
for (const size of SIZES) {
  const label = `${size.width}×${size.height}`
  const rnd = mulberry32(size.width)
  const spot = () => ({ cx: 0.4 + rnd() * 0.2, cy: 0.42 + rnd() * 0.16 })
  rows.push(run(label, 'none', 'empty grey', null, Array.from({ length: perCase }, () => blank(size.width, size.height, 110))))
  rows.push(run(label, 'none', 'empty, noise σ8', null, Array.from({ length: perCase }, (_, i) => noise(blank(size.width, size.height, 110), 8, i + 1))))
  for (const kind of ['qr', 'code128'] as Kind[]) {
    for (const d of DEGRADATIONS) {
      rows.push(run(label, kind, d, TEXT[kind], Array.from({ length: perCase }, (_, i) => inGuide(kind, size, d, i + 1, spot()))))
    }
    rows.push(run(label, kind, 'filling the frame', TEXT[kind], [fillingFrame(kind, size)]))
  }
}

const header = ['frame', 'code', 'condition', 'read', 'median CPU ms', 'p90 CPU ms', `core @${FPS} fps`, 'read by pass']
const lines = rows.map((r) => [r.size, r.code, r.condition, r.read, r.median.toFixed(1), r.p90.toFixed(1), `${Math.round(Math.min(1, (r.median * FPS) / 1000) * 100)}%`, r.passes])
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
console.log(fmt(header))
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
for (const l of lines) console.log(fmt(l))
console.log(`\nnode ${process.version}, ${perCase} frames per case (codes placed at random spots in the guide box), @zxing/library 0.21.3.`)
console.log(`Times are CPU time of the decoding thread per frame (conversion from RGBA included); "core @${FPS} fps" is median × ${FPS} frames/s,`)
console.log('the share of one core the decoder worker keeps busy at that rate (the camera skips frames when the worker is still busy).')
