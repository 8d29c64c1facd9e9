import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkFrameRequest, checkWorkerResponse, type FrameRequest, type WorkerResponse } from '../../../renderer/src/camera/protocol'
import { handleWorkerMessage } from '../../../renderer/src/camera/worker-handler'
import { GUIDE_BOX } from '../../../renderer/src/camera/guide'
import { blank } from '../../support/barcodes'
import { TEXT, inGuide } from './fixtures'

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

describe('worker message handling', () => {
  it('decodes a luma frame and answers with the read, timings and the buffer back for transfer', () => {
    const req = lumaRequest(7)
    const { response, transfer } = handleWorkerMessage(req, now)
    expect(response).toMatchObject({ type: 'result', id: 7, read: { text: TEXT.qr, format: 'qr' } })
    if (response.type !== 'result') throw new Error('not a result')
    expect(response.decodeMs).toBeGreaterThanOrEqual(0)
    expect(response.workerMs).toBeGreaterThanOrEqual(response.decodeMs)
    expect(response.buffer).toBe(req.buffer)
    expect(transfer).toEqual([req.buffer])
  })

  it('converts an RGBA frame to luma and decodes it', () => {
    const { response } = handleWorkerMessage(rgbaRequest(8), now)
    expect(response).toMatchObject({ type: 'result', id: 8, read: { text: TEXT.code128, format: 'code128' } })
  })

  it('answers null for an empty frame', () => {
    const { response } = handleWorkerMessage(lumaRequest(9, blank(640, 480, 110)), now)
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
  ])('refuses a malformed message (%s) with an error answer', (_name, message, error) => {
    expect(checkFrameRequest(message).ok).toBe(false)
    const { response, transfer } = handleWorkerMessage(message, now)
    expect(response.type).toBe('error')
    if (response.type === 'error') expect(response.message).toMatch(error)
    expect(transfer).toEqual([])
  })

  it('keeps the id in the error answer when the message had one', () => {
    expect(handleWorkerMessage({ ...lumaRequest(5), width: -1 }, now).response).toMatchObject({ type: 'error', id: 5 })
  })

  it('checkWorkerResponse accepts what the worker sends and refuses other shapes', () => {
    const good = handleWorkerMessage(lumaRequest(3), now).response
    expect(checkWorkerResponse(good)).toEqual({ ok: true, value: good })
    const failure: WorkerResponse = { type: 'error', id: null, message: 'x' }
    expect(checkWorkerResponse(failure)).toEqual({ ok: true, value: failure })
    expect(checkWorkerResponse({ ...good, read: { text: 1, format: 'qr', pass: 'frame-local' } }).ok).toBe(false)
    expect(checkWorkerResponse({ ...good, read: { text: 'x', format: 'ean13', pass: 'frame-local' } }).ok).toBe(false)
    expect(checkWorkerResponse({ ...good, decodeMs: 'fast' }).ok).toBe(false)
    expect(checkWorkerResponse({ type: 'result' }).ok).toBe(false)
    expect(checkWorkerResponse(null).ok).toBe(false)
  })
})

describe('decoder.worker.ts', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  it('answers each posted frame through postMessage, transferring the buffer back', async () => {
    const posted: Array<[unknown, Transferable[]]> = []
    const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage: (m: unknown, t: Transferable[]) => void } = {
      onmessage: null,
      postMessage: (m, t) => posted.push([m, t])
    }
    vi.stubGlobal('self', scope)
    await import('../../../renderer/src/camera/decoder.worker')
    expect(scope.onmessage).toBeTypeOf('function')
    const req = lumaRequest(11)
    scope.onmessage?.({ data: req })
    scope.onmessage?.({ data: 'garbage' })
    expect(posted).toHaveLength(2)
    expect(posted[0]?.[0]).toMatchObject({ type: 'result', id: 11, read: { text: TEXT.qr } })
    expect(posted[0]?.[1]).toEqual([req.buffer])
    expect(posted[1]?.[0]).toMatchObject({ type: 'error', id: null })
  })
})
