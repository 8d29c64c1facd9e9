// What the decoder worker does with one message: validate, decode with the worker's engine, answer. Pure apart from the clock and the engine, so node tests and the benchmark
// run it without a Worker.
import type { Engine, PixelFrame } from './engines.std'
import { checkFrameRequest, isRecord, type WorkerResponse } from './protocol.std'

/** Returns the answer and the buffers to transfer with it. */
export async function handleWorkerMessage(data: unknown, now: () => number, engine: Engine): Promise<{ response: WorkerResponse; transfer: ArrayBuffer[] }> {
  const t0 = now()
  const checked = checkFrameRequest(data)
  if (!checked.ok) {
    const id = isRecord(data) && typeof data.id === 'number' && Number.isSafeInteger(data.id) ? data.id : null
    return { response: { type: 'error', id, message: checked.error }, transfer: [] }
  }
  const req = checked.value
  try {
    const size = req.width * req.height * (req.pixels === 'rgba' ? 4 : 1)
    const frame: PixelFrame = { width: req.width, height: req.height, pixels: req.pixels, data: new Uint8ClampedArray(req.buffer, 0, size) }
    const t1 = now()
    const result = await engine.decode(frame, { guideBox: req.guideBox, formats: req.formats })
    const t2 = now()
    return {
      response: {
        type: 'result',
        id: req.id,
        read: result ? { text: result.text, format: result.format, pass: result.pass } : null,
        engine: engine.name,
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
