import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { checkFrameRequest, checkWorkerResponse, type FrameRequest, type WorkerResponse } from '../../../renderer/src/camera/protocol.std'
import { zxingJs, type Engine } from '../../../renderer/src/camera/engines.std'
import { handleWorkerMessage } from '../../../renderer/src/camera/worker-handler.std'
import { nodeZxingCpp } from '../../../scripts/support/zxingCpp'
import { GUIDE_BOX } from '../../../renderer/src/camera/guide.std'
import { blank } from '../../../scripts/support/barcodes'
import { TEXT, inGuide } from '../../../scripts/support/cameraFrames'

const size = { width: 640, height: 480 }

function lumaRequest(id: number, frame = inGuide('qr', size)): FrameRequest {
  const buffer = new ArrayBuffer(frame.width * frame.height)
  new Uint8ClampedArray(buffer).set(frame.luma)
  return { type: 'frame', id, width: frame.width, height: frame.height, pixels: 'luma', buffer, guideBox: { ...GUIDE_BOX }, formats: ['qr', 'code128'] }
}

function rgbaRequest(id: number, frame = inGuide('code128', size)): FrameRequest {
  const buffer = new ArrayBuffer(frame.width * frame.height * 4)
  const px = new Uint8ClampedArray(buffer)
  frame.luma.forEach((v, i) => px.set([v, v, v, 255], i * 4))
  return { ...lumaRequest(id, frame), pixels: 'rgba', buffer }
}

let clock = 0
const now = () => (clock += 1)
let engine: Engine
beforeAll(async () => {
  engine = await nodeZxingCpp()
})

describe('worker message handling', () => {
  it('decodes a luma frame and answers with the read, timings and the buffer back for transfer', async () => {
    const req = lumaRequest(7)
    const { response, transfer } = await handleWorkerMessage(req, now, engine)
    expect(response).toMatchObject({ type: 'result', id: 7, read: { text: TEXT.qr, format: 'qr', pass: 'zxing-cpp-global' }, engine: 'zxing-cpp' })
    if (response.type !== 'result') throw new Error('not a result')
    expect(response.decodeMs).toBeGreaterThanOrEqual(0)
    expect(response.workerMs).toBeGreaterThanOrEqual(response.decodeMs)
    expect(response.buffer).toBe(req.buffer)
    expect(transfer).toEqual([req.buffer])
  })

  it('decodes an RGBA frame', async () => {
    const { response } = await handleWorkerMessage(rgbaRequest(8), now, engine)
    expect(response).toMatchObject({ type: 'result', id: 8, read: { text: TEXT.code128, format: 'code128' } })
  })

  it('decodes with the fallback engine (@zxing/library and the home-made passes) when that is the engine', async () => {
    const { response } = await handleWorkerMessage(rgbaRequest(10), now, zxingJs)
    expect(response).toMatchObject({ type: 'result', id: 10, read: { text: TEXT.code128, format: 'code128' }, engine: 'zxing-js' })
  })

  it('answers null for an empty frame', async () => {
    const { response } = await handleWorkerMessage(lumaRequest(9, blank(640, 480, 110)), now, engine)
    expect(response).toMatchObject({ type: 'result', id: 9, read: null })
  })

  it.each([
    ['not an object', 42, /not an object/],
    ['unknown type', { type: 'hello' }, /unknown message type/],
    ['fractional id', { ...lumaRequest(1), id: 1.5 }, /id/],
    ['zero width', { ...lumaRequest(1), width: 0 }, /width/],
    ['bigger than 4K', { ...lumaRequest(1), width: 8000, height: 8000 }, /4K/],
    ['short buffer', { ...lumaRequest(1), buffer: new ArrayBuffer(10) }, /bytes/],
    ['typed array instead of buffer', { ...lumaRequest(1), buffer: new Uint8Array(640 * 480) }, /ArrayBuffer/],
    ['rgba with a luma-sized buffer', { ...lumaRequest(1), pixels: 'rgba' }, /bytes/],
    ['bad layout', { ...lumaRequest(1), pixels: 'bgr' }, /pixels/],
    ['guide box outside the frame', { ...lumaRequest(1), guideBox: { x: 0.5, y: 0, w: 0.6, h: 1 } }, /guideBox/],
    ['guide box with NaN', { ...lumaRequest(1), guideBox: { x: Number.NaN, y: 0, w: 1, h: 1 } }, /guideBox/],
    ['unknown format', { ...lumaRequest(1), formats: ['qr', 'ean13'] }, /formats/],
    ['no formats', { ...lumaRequest(1), formats: [] }, /formats/]
  ])('refuses a malformed message (%s) with an error answer', async (_name, message, error) => {
    expect(checkFrameRequest(message).ok).toBe(false)
    const { response, transfer } = await handleWorkerMessage(message, now, engine)
    expect(response.type).toBe('error')
    if (response.type === 'error') expect(response.message).toMatch(error)
    expect(transfer).toEqual([])
  })

  it('keeps the id in the error answer when the message had one', async () => {
    expect((await handleWorkerMessage({ ...lumaRequest(5), width: -1 }, now, engine)).response).toMatchObject({ type: 'error', id: 5 })
  })

  it('checkWorkerResponse accepts what the worker sends and refuses other shapes', async () => {
    const good = (await handleWorkerMessage(lumaRequest(3), now, engine)).response
    expect(checkWorkerResponse(good)).toEqual({ ok: true, value: good })
    const failure: WorkerResponse = { type: 'error', id: null, message: 'x' }
    expect(checkWorkerResponse(failure)).toEqual({ ok: true, value: failure })
    expect(checkWorkerResponse({ ...good, read: { text: 1, format: 'qr', pass: 'frame-local' } }).ok).toBe(false)
    expect(checkWorkerResponse({ ...good, read: { text: 'x', format: 'ean13', pass: 'frame-local' } }).ok).toBe(false)
    expect(checkWorkerResponse({ ...good, decodeMs: 'fast' }).ok).toBe(false)
    expect(checkWorkerResponse({ ...good, engine: 'quagga' }).ok).toBe(false)
    expect(checkWorkerResponse({ type: 'result' }).ok).toBe(false)
    expect(checkWorkerResponse(null).ok).toBe(false)
  })
})

describe('decoder.worker.ts', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    vi.resetModules()
  })

  it('answers each posted frame through postMessage, in order, transferring the buffer back; @zxing/library when WebAssembly cannot run', async () => {
    const posted: Array<[unknown, Transferable[]]> = []
    const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage: (m: unknown, t: Transferable[]) => void } = {
      onmessage: null,
      postMessage: (m, t) => posted.push([m, t])
    }
    vi.stubGlobal('self', scope)
    vi.stubGlobal('WebAssembly', undefined)
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await import('../../../renderer/src/camera/decoder.worker')
    expect(scope.onmessage).toBeTypeOf('function')
    const req = lumaRequest(11)
    scope.onmessage?.({ data: req })
    scope.onmessage?.({ data: 'garbage' })
    await vi.waitFor(() => expect(posted).toHaveLength(2))
    expect(posted[0]?.[0]).toMatchObject({ type: 'result', id: 11, read: { text: TEXT.qr }, engine: 'zxing-js' })
    expect(posted[0]?.[1]).toEqual([req.buffer])
    expect(posted[1]?.[0]).toMatchObject({ type: 'error', id: null })
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('WebAssembly is not available'))
  })
})
