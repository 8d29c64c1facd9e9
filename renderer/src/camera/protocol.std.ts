// Messages between the camera controller (page) and the decoder worker, and their runtime checks.
// Structured clone delivers whatever was posted: each side checks the shape of what it receives
// instead of trusting it (no zod in the worker bundle: these few checks are all it needs).
import { CAMERA_FORMATS, ENGINE_NAMES, type CameraFormat, type DecodePass, type EngineName, type GuideBox } from './types.std'

export type PixelLayout = 'luma' | 'rgba'

/** Page → worker: one frame to decode. `buffer` is transferred, and handed back with the answer. */
export interface FrameRequest {
  type: 'frame'
  id: number
  width: number
  height: number
  pixels: PixelLayout
  buffer: ArrayBuffer
  guideBox: GuideBox
  formats: CameraFormat[]
}

export interface DecodedRead {
  text: string
  format: CameraFormat
  pass: DecodePass
}

/** Worker → page: the answer for frame `id`, with the time spent in the worker. */
export interface FrameResult {
  type: 'result'
  id: number
  read: DecodedRead | null
  /** The engine that decoded the frame. */
  engine: EngineName
  /** Time spent decoding (zxing passes), ms. */
  decodeMs: number
  /** Time from receiving the message to answering (conversion + decode), ms. */
  workerMs: number
  /** The frame's buffer, returned (transferred) so the page can reuse it. */
  buffer: ArrayBuffer
}

export interface WorkerFailure {
  type: 'error'
  /** The frame id when the message had one. */
  id: number | null
  message: string
}

export type WorkerResponse = FrameResult | WorkerFailure

/** Largest frame accepted: 4K. Larger is a bug upstream, not a frame to spend seconds on. */
export const MAX_FRAME_PIXELS = 3840 * 2160

export type Check<T> = { ok: true; value: T } | { ok: false; error: string }

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

function isDimension(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 16384
}

function checkGuideBox(v: unknown): GuideBox | null {
  if (!isRecord(v)) return null
  const { x, y, w, h } = v
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(w) || !isFiniteNumber(h)) return null
  if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > 1.000001 || y + h > 1.000001) return null
  return { x, y, w, h }
}

function isFormat(v: unknown): v is CameraFormat {
  return typeof v === 'string' && (CAMERA_FORMATS as readonly string[]).includes(v)
}

export function checkFrameRequest(data: unknown): Check<FrameRequest> {
  if (!isRecord(data)) return { ok: false, error: 'message is not an object' }
  if (data.type !== 'frame') return { ok: false, error: `unknown message type ${JSON.stringify(String(data.type)).slice(0, 40)}` }
  const { id, width, height, pixels, buffer, formats } = data
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { ok: false, error: 'id must be an integer' }
  if (!isDimension(width) || !isDimension(height)) return { ok: false, error: 'width and height must be positive integers' }
  if (width * height > MAX_FRAME_PIXELS) return { ok: false, error: `frame ${width}×${height} is larger than 4K` }
  if (pixels !== 'luma' && pixels !== 'rgba') return { ok: false, error: 'pixels must be "luma" or "rgba"' }
  if (!(buffer instanceof ArrayBuffer)) return { ok: false, error: 'buffer must be an ArrayBuffer' }
  const need = width * height * (pixels === 'rgba' ? 4 : 1)
  if (buffer.byteLength < need) return { ok: false, error: `buffer has ${buffer.byteLength} bytes, a ${width}×${height} ${pixels} frame needs ${need}` }
  const guideBox = checkGuideBox(data.guideBox)
  if (!guideBox) return { ok: false, error: 'guideBox must be {x, y, w, h} fractions inside the frame' }
  if (!Array.isArray(formats) || formats.length === 0 || !formats.every(isFormat)) {
    return { ok: false, error: `formats must be a non-empty list of ${CAMERA_FORMATS.join(', ')}` }
  }
  return { ok: true, value: { type: 'frame', id, width, height, pixels, buffer, guideBox, formats: [...formats] } }
}

export function checkWorkerResponse(data: unknown): Check<WorkerResponse> {
  if (!isRecord(data)) return { ok: false, error: 'message is not an object' }
  if (data.type === 'error') {
    const { id, message } = data
    if (!(id === null || (typeof id === 'number' && Number.isSafeInteger(id))) || typeof message !== 'string') {
      return { ok: false, error: 'malformed error message' }
    }
    return { ok: true, value: { type: 'error', id, message } }
  }
  if (data.type !== 'result') return { ok: false, error: 'unknown message type' }
  const { id, read, engine, decodeMs, workerMs, buffer } = data
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { ok: false, error: 'id must be an integer' }
  if (!(ENGINE_NAMES as readonly unknown[]).includes(engine)) return { ok: false, error: 'unknown engine' }
  const decodedBy = engine as EngineName
  if (!isFiniteNumber(decodeMs) || !isFiniteNumber(workerMs)) return { ok: false, error: 'timings must be numbers' }
  if (!(buffer instanceof ArrayBuffer)) return { ok: false, error: 'buffer must be an ArrayBuffer' }
  if (read === null) return { ok: true, value: { type: 'result', id, read: null, engine: decodedBy, decodeMs, workerMs, buffer } }
  if (!isRecord(read) || typeof read.text !== 'string' || !isFormat(read.format) || typeof read.pass !== 'string') {
    return { ok: false, error: 'malformed read' }
  }
  return {
    ok: true,
    value: { type: 'result', id, read: { text: read.text, format: read.format, pass: read.pass as DecodePass }, engine: decodedBy, decodeMs, workerMs, buffer }
  }
}
