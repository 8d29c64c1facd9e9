// YUV4MPEG2 (.y4m) files generated in code: Chromium plays one as the webcam with
// `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=/abs/path.y4m`.
// Layout: one text header line, then per frame `FRAME\n` + the Y plane (width × height bytes) +
// the U and V planes at half resolution (4:2:0). Frames without chroma planes are grey: U = V = 128.
import { writeFileSync } from 'node:fs'
import type { LumaImage } from './barcodes'

export interface Y4mOptions {
  fps: number
}

export function y4mHeader(width: number, height: number, fps: number): string {
  return `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`
}

/** Bytes of one frame's chroma plane (U or V) for 4:2:0 at this size. */
export function chromaPlaneSize(width: number, height: number): number {
  return Math.ceil(width / 2) * Math.ceil(height / 2)
}

/** A frame to write: its Y plane, and its U and V planes when it has colour (chromaPlaneSize bytes each). */
export type Y4mFrame = LumaImage & { u?: Uint8ClampedArray; v?: Uint8ClampedArray }

export function encodeY4m(frames: readonly Y4mFrame[], opts: Y4mOptions): Uint8Array {
  const first = frames[0]
  if (!first) throw new Error('a y4m needs at least one frame')
  const { width, height } = first
  if (!Number.isInteger(opts.fps) || opts.fps <= 0) throw new Error(`fps must be a positive integer, not ${opts.fps}`)
  const header = new TextEncoder().encode(y4mHeader(width, height, opts.fps))
  const frameMarker = new TextEncoder().encode('FRAME\n')
  const ySize = width * height
  const cSize = chromaPlaneSize(width, height)
  const frameSize = frameMarker.length + ySize + 2 * cSize
  const out = new Uint8Array(header.length + frames.length * frameSize)
  out.set(header, 0)
  let off = header.length
  for (const [i, f] of frames.entries()) {
    if (f.width !== width || f.height !== height) {
      throw new Error(`frame ${i} is ${f.width}×${f.height}, the first is ${width}×${height}`)
    }
    if (f.luma.length !== ySize) throw new Error(`frame ${i} has ${f.luma.length} luma bytes, expected ${ySize}`)
    out.set(frameMarker, off)
    off += frameMarker.length
    out.set(f.luma, off)
    off += ySize
    for (const plane of [f.u, f.v]) {
      if (plane && plane.length !== cSize) throw new Error(`frame ${i} has a chroma plane of ${plane.length} bytes, expected ${cSize}`)
      if (plane) out.set(plane, off)
      else out.fill(128, off, off + cSize)
      off += cSize
    }
  }
  return out
}

export function writeY4m(path: string, frames: readonly Y4mFrame[], opts: Y4mOptions): number {
  const bytes = encodeY4m(frames, opts)
  writeFileSync(path, bytes)
  return bytes.length
}

export interface ParsedY4m {
  width: number
  height: number
  fps: number
  frames: LumaImage[]
}

/** Parses what `encodeY4m` writes (4:2:0, no per-frame parameters); keeps the Y planes. */
export function parseY4m(bytes: Uint8Array): ParsedY4m {
  const nl = bytes.indexOf(0x0a)
  if (nl < 0) throw new Error('y4m: no header line')
  const header = new TextDecoder().decode(bytes.subarray(0, nl))
  const fields = header.split(' ')
  if (fields[0] !== 'YUV4MPEG2') throw new Error(`y4m: bad magic ${JSON.stringify(fields[0])}`)
  let width = 0
  let height = 0
  let fps = 0
  let colour = '420jpeg'
  for (const f of fields.slice(1)) {
    const tag = f[0]
    const val = f.slice(1)
    if (tag === 'W') width = Number(val)
    else if (tag === 'H') height = Number(val)
    else if (tag === 'F') {
      const [n, d] = val.split(':').map(Number)
      fps = (n ?? 0) / (d ?? 1)
    } else if (tag === 'C') colour = val
  }
  if (!(width > 0 && height > 0)) throw new Error('y4m: missing size')
  if (!colour.startsWith('420')) throw new Error(`y4m: only 4:2:0 is supported, not ${colour}`)
  const ySize = width * height
  const frameSize = 6 + ySize + 2 * chromaPlaneSize(width, height)
  const frames: LumaImage[] = []
  let off = nl + 1
  while (off < bytes.length) {
    const marker = new TextDecoder().decode(bytes.subarray(off, off + 6))
    if (marker !== 'FRAME\n') throw new Error(`y4m: expected FRAME at byte ${off}`)
    if (off + frameSize > bytes.length) throw new Error(`y4m: truncated frame at byte ${off}`)
    frames.push({ width, height, luma: new Uint8ClampedArray(bytes.slice(off + 6, off + 6 + ySize)) })
    off += frameSize
  }
  return { width, height, fps, frames }
}
