// What the decoder worker does with one message: validate, convert to luma if needed, decode,
// answer. Pure apart from the clock, so node tests and the benchmark run it without a Worker.
import { decodeFrame, rgbaToLuma } from './decode'
import { checkFrameRequest, isRecord, type WorkerResponse } from './protocol'
import type { LumaFrame } from './types'

/** Returns the answer and the buffers to transfer with it. */
export function handleWorkerMessage(data: unknown, now: () => number): { response: WorkerResponse; transfer: ArrayBuffer[] } {
  const t0 = now()
  const checked = checkFrameRequest(data)
  if (!checked.ok) {
    const id = isRecord(data) && typeof data.id === 'number' && Number.isSafeInteger(data.id) ? data.id : null
    return { response: { type: 'error', id, message: checked.error }, transfer: [] }
  }
  const req = checked.value
  try {
    const bytes = new Uint8ClampedArray(req.buffer)
    const frame: LumaFrame =
      req.pixels === 'rgba'
        ? rgbaToLuma({ width: req.width, height: req.height, data: bytes })
        : { width: req.width, height: req.height, luma: bytes.subarray(0, req.width * req.height) }
    const t1 = now()
    const result = decodeFrame(frame, { guideBox: req.guideBox, formats: req.formats })
    const t2 = now()
    return {
      response: {
        type: 'result',
        id: req.id,
        read: result ? { text: result.text, format: result.format, pass: result.pass } : null,
        decodeMs: t2 - t1,
        workerMs: t2 - t0,
        buffer: req.buffer
      },
      transfer: [req.buffer]
    }
  } catch (e) {
    return { response: { type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) }, transfer: [] }
  }
}
