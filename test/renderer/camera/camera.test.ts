import { beforeAll, describe, expect, it, vi } from 'vitest'
import { classifyMediaError, createCamera, GUIDE_BOX, type CameraEnv, type CameraErrorKind, type CameraState, type RgbaFrame, type WorkerLike } from '../../../renderer/src/camera/camera'
import type { FrameRequest } from '../../../renderer/src/camera/protocol.std'
import type { Engine } from '../../../renderer/src/camera/engines.std'
import { handleWorkerMessage } from '../../../renderer/src/camera/worker-handler.std'
import { nodeZxingCpp } from '../../../scripts/support/zxingCpp'
import { blank, type LumaImage } from '../../../scripts/support/barcodes'
import { TEXT, inGuide } from '../../../scripts/support/cameraFrames'

// The fake worker answers with the real worker's handler and engine (ZXing-C++ loaded in node).
let engine: Engine
beforeAll(async () => {
  engine = await nodeZxingCpp()
})

const size = { width: 640, height: 480 }

function toRgba(img: LumaImage): RgbaFrame {
  const data = new Uint8ClampedArray(img.width * img.height * 4)
  img.luma.forEach((v, i) => data.set([v, v, v, 255], i * 4))
  return { width: img.width, height: img.height, data }
}

class FakeTrack {
  stopped = false
  onended: (() => void) | null = null
  constraints: unknown[] = []
  constructor(
    readonly deviceId: string,
    readonly torch = false
  ) {}
  stop() {
    this.stopped = true
  }
  getSettings() {
    return { deviceId: this.deviceId }
  }
  getCapabilities() {
    return this.torch ? { torch: true } : {}
  }
  async applyConstraints(c: unknown) {
    this.constraints.push(c)
  }
}

function fakeStream(track: FakeTrack) {
  return { getTracks: () => [track], getVideoTracks: () => [track] }
}

function domError(name: string) {
  return Object.assign(new Error(`${name} happened`), { name })
}

/** A camera wired to fakes: a worker that decodes for real (synchronously, when `flush` is called), a clock, a frame queue. */
function setup(opts: { getUserMedia?: (c: MediaStreamConstraints) => Promise<unknown>; torch?: boolean; frames?: LumaImage[] } = {}) {
  const events: Array<[string, ...unknown[]]> = []
  const reads: Array<[string, string]> = []
  const errors: Array<[CameraErrorKind, string]> = []
  const states: CameraState[] = []
  let clock = 0
  let tick: (() => void) | null = null
  const tracks: FakeTrack[] = []
  const posted: FrameRequest[] = []
  const grabSides: number[] = []
  const frames = opts.frames ?? []
  let frameIndex = 0
  const worker: WorkerLike & { pending: FrameRequest[]; terminated: boolean } = {
    onmessage: null,
    onerror: null,
    pending: [],
    terminated: false,
    postMessage(m) {
      posted.push(m as FrameRequest)
      this.pending.push(m as FrameRequest)
    },
    terminate() {
      this.terminated = true
    }
  }
  const getUserMedia = vi.fn(
    opts.getUserMedia ??
      (async (c: MediaStreamConstraints) => {
        const v = c.video as MediaTrackConstraints
        const id = (v.deviceId as { exact?: string } | undefined)?.exact ?? 'default-cam'
        const t = new FakeTrack(id, opts.torch)
        tracks.push(t)
        return fakeStream(t)
      })
  )
  const video = { muted: false, playsInline: false, srcObject: null as unknown, play: vi.fn(async () => {}) }
  const env: Partial<CameraEnv> = {
    mediaDevices: {
      getUserMedia: getUserMedia as unknown as MediaDevices['getUserMedia'],
      enumerateDevices: async () =>
        [
          { kind: 'audioinput', deviceId: 'mic', label: '' },
          { kind: 'videoinput', deviceId: 'a', label: '' },
          { kind: 'videoinput', deviceId: 'b', label: 'USB Camera' }
        ] as MediaDeviceInfo[]
    },
    createWorker: () => worker,
    grabFrame: (_video, maxSide) => {
      grabSides.push(maxSide)
      const f = frames[Math.min(frameIndex++, frames.length - 1)]
      return f ? toRgba(f) : null
    },
    now: () => clock,
    setInterval: (fn) => {
      tick = fn
      return 1
    },
    clearInterval: () => {
      tick = null
    }
  }
  const camera = createCamera({
    video: video as unknown as HTMLVideoElement,
    onRead: (text, format) => {
      reads.push([text, format])
      events.push(['read', text])
    },
    onError: (kind, message) => {
      errors.push([kind, message])
      events.push(['error', kind])
    },
    onState: (s) => {
      states.push(s)
      events.push(['state', s])
    },
    env
  })
  return {
    camera,
    events,
    grabSides,
    video,
    worker,
    posted,
    reads,
    errors,
    states,
    tracks,
    getUserMedia,
    advance(ms: number) {
      clock += ms
    },
    tick() {
      tick?.()
    },
    hasTimer: () => tick !== null,
    /** The worker answers everything posted so far. */
    async flush() {
      for (const req of worker.pending.splice(0)) {
        const { response } = await handleWorkerMessage(req, () => clock, engine)
        worker.onmessage?.({ data: response } as MessageEvent<unknown>)
      }
    },
    /** One frame period: tick, then the worker answers. */
    async frame() {
      clock += 125
      tick?.()
      await this.flush()
    }
  }
}

describe('classifyMediaError', () => {
  it.each([
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'other']
  ] as const)('%s → %s', (name, kind) => {
    const got = classifyMediaError(domError(name))
    expect(got.kind).toBe(kind)
    expect(got.message.length).toBeGreaterThan(10)
  })
  it('copes with things that are not errors', () => {
    expect(classifyMediaError(undefined).kind).toBe('other')
    expect(classifyMediaError('boom').message).toContain('boom')
  })
})

describe('createCamera', () => {
  it('exports the guide box the decoder crops', () => {
    expect(GUIDE_BOX).toEqual({ x: 0.1, y: 0.2, w: 0.8, h: 0.6 })
  })

  it('starts: asks for a 720p camera, shows it in the video, runs, and reports its device', async () => {
    const t = setup()
    await t.camera.start()
    expect(t.states).toEqual(['starting', 'running'])
    expect(t.camera.state).toBe('running')
    const constraints = t.getUserMedia.mock.calls[0]?.[0] as MediaStreamConstraints
    expect(constraints.audio).toBe(false)
    expect(constraints.video).toMatchObject({ width: { ideal: 1280 }, height: { ideal: 720 } })
    expect(t.video.srcObject).not.toBeNull()
    expect(t.video.muted).toBe(true)
    expect(t.camera.deviceId).toBe('default-cam')
  })

  it('opens the camera picked by deviceId exactly', async () => {
    const t = setup()
    await t.camera.start('b')
    expect(t.getUserMedia.mock.calls[0]?.[0]).toMatchObject({ video: { deviceId: { exact: 'b' } } })
    expect(t.camera.deviceId).toBe('b')
  })

  it('falls back to any camera when the remembered one is gone', async () => {
    const t = setup({
      getUserMedia: async (c) => {
        if ((c.video as MediaTrackConstraints).deviceId) throw domError('OverconstrainedError')
        return fakeStream(new FakeTrack('other-cam'))
      }
    })
    await t.camera.start('unplugged')
    expect(t.camera.state).toBe('running')
    expect(t.camera.deviceId).toBe('other-cam')
    expect(t.errors).toEqual([])
  })

  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['NotFoundError', 'no-camera'],
    ['NotReadableError', 'in-use']
  ] as const)('reports %s as %s and ends in the error state', async (name, kind) => {
    const t = setup({ getUserMedia: async () => Promise.reject(domError(name)) })
    await t.camera.start()
    expect(t.errors.map((e) => e[0])).toEqual([kind])
    expect(t.states).toEqual(['starting', 'error'])
    // the message arrives before the state change, so the UI can show both at once
    expect(t.events.slice(-2)).toEqual([['error', kind], ['state', 'error']])
    expect(t.hasTimer()).toBe(false)
  })

  it('reports no camera when the window has no mediaDevices', async () => {
    const t = setup()
    const camera = createCamera({ onRead() {}, onError: (k) => t.errors.push([k, '']), onState() {}, video: t.video as unknown as HTMLVideoElement, env: { mediaDevices: undefined } })
    await camera.start()
    expect(t.errors.map((e) => e[0])).toEqual(['no-camera'])
  })

  it('posts a frame only when the worker is idle (back-pressure)', async () => {
    const t = setup({ frames: [blank(640, 480, 110)] })
    await t.camera.start()
    t.tick()
    t.tick()
    t.tick()
    expect(t.posted).toHaveLength(1)
    expect(t.camera.stats()).toMatchObject({ framesPosted: 1, framesSkippedBusy: 2 })
    await t.flush()
    t.tick()
    expect(t.posted).toHaveLength(2)
    expect(t.posted[0]).toMatchObject({ type: 'frame', pixels: 'rgba', width: 640, height: 480, guideBox: GUIDE_BOX })
    expect(t.grabSides).toEqual([1280, 1280]) // frames larger than 1280 px are shrunk when grabbed
  })

  it('reads a Code 128 once: only after two agreeing frames, not again while it stays in view', async () => {
    const tag = inGuide('code128', size)
    const t = setup({ frames: [tag] })
    await t.camera.start()
    await t.frame()
    expect(t.reads).toEqual([])
    await t.frame()
    expect(t.reads).toEqual([[TEXT.code128, 'code128']])
    for (let i = 0; i < 10; i++) await t.frame()
    expect(t.reads).toHaveLength(1)
    expect(t.camera.stats()).toMatchObject({ framesDecoded: 12, reads: 1 })
  })

  it('reads a QR on its first frame, and again after it left the view', async () => {
    const qr = inGuide('qr', size)
    const empty = blank(640, 480, 110)
    const t = setup({ frames: [qr, qr, qr, ...Array<LumaImage>(14).fill(empty), qr] })
    await t.camera.start()
    for (let i = 0; i < 18; i++) await t.frame()
    expect(t.reads).toEqual([
      [TEXT.qr, 'qr'],
      [TEXT.qr, 'qr']
    ])
  })

  it('stop: releases the camera, ignores a late answer, can start again', async () => {
    const t = setup({ frames: [inGuide('qr', size)] })
    await t.camera.start()
    t.tick() // a frame goes to the worker
    t.camera.stop()
    expect(t.tracks[0]?.stopped).toBe(true)
    expect(t.video.srcObject).toBeNull()
    expect(t.camera.state).toBe('idle')
    expect(t.hasTimer()).toBe(false)
    await t.flush() // its answer arrives after stop
    expect(t.reads).toEqual([])
    await t.camera.start()
    await t.frame()
    expect(t.reads).toEqual([[TEXT.qr, 'qr']])
    expect(t.states).toEqual(['starting', 'running', 'idle', 'starting', 'running'])
  })

  it('a second start replaces the first camera (switching cameras)', async () => {
    const t = setup()
    const first = t.camera.start('a')
    const second = t.camera.start('b')
    await Promise.all([first, second])
    expect(t.tracks.map((tr) => [tr.deviceId, tr.stopped])).toEqual([
      ['a', true],
      ['b', false]
    ])
    expect(t.camera.deviceId).toBe('b')
  })

  it('says so when the camera is unplugged while running', async () => {
    const t = setup()
    await t.camera.start()
    t.tracks[0]?.onended?.()
    expect(t.errors[0]?.[0]).toBe('no-camera')
    expect(t.camera.state).toBe('error')
  })

  it('reports a decoder that refuses frames once, and a worker crash as an error', async () => {
    const t = setup({ frames: [blank(640, 480, 110)] })
    await t.camera.start()
    t.tick()
    t.worker.pending.splice(0)
    t.worker.onmessage?.({ data: { type: 'error', id: t.posted[0]?.id ?? -1, message: 'bad frame' } } as MessageEvent<unknown>)
    expect(t.errors).toEqual([['other', expect.stringContaining('bad frame')]])
    expect(t.camera.state).toBe('running')
    t.worker.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent)
    expect(t.worker.terminated).toBe(true)
    expect(t.errors[1]).toEqual(['other', expect.stringContaining('out of memory')])
    expect(t.camera.state).toBe('error')
  })

  it('gives up on a worker that stops answering', async () => {
    const t = setup({ frames: [blank(640, 480, 110)] })
    await t.camera.start()
    t.tick()
    t.advance(10_001)
    t.tick()
    expect(t.errors[0]?.[0]).toBe('other')
    expect(t.worker.terminated).toBe(true)
  })

  it('lists only cameras, with placeholder labels before permission', async () => {
    const t = setup()
    expect(await t.camera.listDevices()).toEqual([
      { deviceId: 'a', label: 'Camera 1', labelled: false },
      { deviceId: 'b', label: 'USB Camera', labelled: true }
    ])
  })

  it('switches the torch only where the camera has one', async () => {
    const plain = setup()
    await plain.camera.start()
    expect(plain.camera.torchSupported()).toBe(false)
    expect(await plain.camera.setTorch(true)).toBe(false)
    const lit = setup({ torch: true })
    expect(await lit.camera.setTorch(true)).toBe(false) // not started
    await lit.camera.start()
    expect(lit.camera.torchSupported()).toBe(true)
    expect(await lit.camera.setTorch(true)).toBe(true)
    expect(lit.tracks[0]?.constraints).toEqual([{ advanced: [{ torch: true }] }])
  })

  it('dispose ends the worker and refuses to start again', async () => {
    const t = setup({ frames: [blank(640, 480, 110)] })
    await t.camera.start()
    t.camera.dispose()
    expect(t.worker.terminated).toBe(true)
    await expect(t.camera.start()).rejects.toThrow(/disposed/)
  })
})
