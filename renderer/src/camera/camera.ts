// The webcam controller, framework-free: the UI creates one, shows `camera.video`, draws GUIDE_BOX
// over it, and gets each accepted scan through onRead.
//
//   getUserMedia → <video> → (every 1/fps s, only when the worker is idle) canvas → RGBA buffer
//   → decoder worker (luma, zxing) → ReadConfirmer → onRead(text, format)
//
// Back-pressure: at most one frame is in the worker; a tick that finds it busy is skipped, so a slow
// machine decodes fewer frames instead of queueing stale ones. The page thread only draws the video
// into a canvas and reads the pixels back; conversion and decoding happen in the worker.
import { ReadConfirmer, type ConfirmerOptions } from './agreement.std'
import { CAMERA_FORMATS, type CameraFormat, type EngineName, type GuideBox } from './types.std'
import { GUIDE_BOX } from './guide.std'
import { checkWorkerResponse, type FrameRequest, type FrameResult } from './protocol.std'

export { GUIDE_BOX } from './guide.std'
export type { CameraFormat, GuideBox } from './types.std'

export type CameraErrorKind = 'no-camera' | 'permission-denied' | 'in-use' | 'other'
export type CameraState = 'idle' | 'starting' | 'running' | 'error'

export interface CameraDevice {
  deviceId: string
  /** The system's name for it; before camera permission is granted browsers give none, so "Camera 1"… */
  label: string
  /** False when `label` is our placeholder (no permission yet). */
  labelled: boolean
}

export interface CameraCallbacks {
  onRead(text: string, format: CameraFormat): void
  onError(kind: CameraErrorKind, message: string): void
  onState(state: CameraState): void
}

export interface CameraStats {
  framesPosted: number
  /** Ticks skipped because the worker was still decoding the previous frame. */
  framesSkippedBusy: number
  framesDecoded: number
  reads: number
  lastDecodeMs: number | null
  /** Exponential moving average of the worker's time per frame. */
  avgWorkerMs: number | null
  frameWidth: number
  frameHeight: number
  /** The engine that decoded the last frame (null before the first answer). */
  engine: EngineName | null
}

/** The minimum of a Worker the controller uses (a test passes a fake). */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<unknown>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
  terminate(): void
}

export interface RgbaFrame {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** Test seams; the defaults are the browser's. */
export interface CameraEnv {
  mediaDevices: Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'> | undefined
  createWorker(): WorkerLike
  createVideo(): HTMLVideoElement
  /** The current video frame's pixels, shrunk to at most `maxSide` on its longer side; null when there is no frame yet. */
  grabFrame(video: HTMLVideoElement, maxSide: number): RgbaFrame | null
  now(): number
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

export interface CameraOptions extends CameraCallbacks {
  /** Show this element as the preview; by default the controller creates one (`camera.video`). */
  video?: HTMLVideoElement
  /** Frames offered to the decoder per second (fewer when decoding is slower). Default 8. */
  fps?: number
  formats?: readonly CameraFormat[]
  guideBox?: GuideBox
  /** Asked of the camera (ideal, not exact). 1280×720 by default: a Metrc tag's narrow bars need it. */
  resolution?: { width: number; height: number }
  /** Frames from a camera larger than this (on the longer side) are shrunk before decoding. Default 1280. */
  maxFrameSide?: number
  confirmer?: ConfirmerOptions
  env?: Partial<CameraEnv>
}

export interface Camera {
  readonly video: HTMLVideoElement
  readonly state: CameraState
  /** The device actually in use (to remember the operator's choice), null when stopped. */
  readonly deviceId: string | null
  start(deviceId?: string): Promise<void>
  stop(): void
  /** Stops and ends the worker; the controller cannot be started again. */
  dispose(): void
  listDevices(): Promise<CameraDevice[]>
  /** Whether the running camera has a torch the page may switch. */
  torchSupported(): boolean
  /** Switches the torch; false when there is none or the camera refused. */
  setTorch(on: boolean): Promise<boolean>
  stats(): CameraStats
}

const MESSAGES: Record<Exclude<CameraErrorKind, 'other'>, string> = {
  'no-camera': 'No camera found. Plug in a webcam (or pick another camera), then press Camera again.',
  'permission-denied': 'Camera access was refused. Allow the camera for CaseID Station in the system or browser settings, then press Camera again.',
  'in-use': 'The camera is in use by another program, or could not be started. Close the other program, then press Camera again.'
}

/** Maps a getUserMedia failure (a DOMException, by its name) to what the operator is told. */
export function classifyMediaError(error: unknown): { kind: CameraErrorKind; message: string } {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : ''
  const detail = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error)
  switch (name) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return { kind: 'no-camera', message: MESSAGES['no-camera'] }
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { kind: 'permission-denied', message: MESSAGES['permission-denied'] }
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { kind: 'in-use', message: MESSAGES['in-use'] }
    default:
      return { kind: 'other', message: `The camera could not be started (${name || 'error'}: ${detail.slice(0, 200)}).` }
  }
}

/** Watchdog: a frame unanswered for this long means the worker is stuck (or died without an error event). */
const WORKER_STALL_MS = 10_000

export function createCamera(options: CameraOptions): Camera {
  const env: CameraEnv = { ...browserEnv(), ...options.env }
  const fps = Math.min(30, Math.max(1, options.fps ?? 8))
  const formats = [...(options.formats ?? CAMERA_FORMATS)]
  const guideBox = { ...(options.guideBox ?? GUIDE_BOX) }
  const resolution = options.resolution ?? { width: 1280, height: 720 }
  const maxFrameSide = options.maxFrameSide ?? 1280
  const video = options.video ?? env.createVideo()
  video.muted = true
  video.playsInline = true
  const confirmer = new ReadConfirmer(options.confirmer)

  let state: CameraState = 'idle'
  let generation = 0
  let stream: MediaStream | null = null
  let track: MediaStreamTrack | null = null
  let timer: unknown = null
  let worker: WorkerLike | null = null
  let inFlight: { id: number; sentAt: number } | null = null
  let nextId = 1
  let decoderErrorReported = false
  let disposed = false
  const stats: CameraStats = {
    framesPosted: 0,
    framesSkippedBusy: 0,
    framesDecoded: 0,
    reads: 0,
    lastDecodeMs: null,
    avgWorkerMs: null,
    frameWidth: 0,
    frameHeight: 0,
    engine: null
  }

  function setState(next: CameraState): void {
    if (next === state) return
    state = next
    options.onState(next)
  }

  function fail(kind: CameraErrorKind, message: string): void {
    release()
    options.onError(kind, message) // first, so the UI has the message when the state changes
    setState('error')
  }

  function release(): void {
    generation++
    if (timer !== null) env.clearInterval(timer)
    timer = null
    if (track) track.onended = null
    stream?.getTracks().forEach((t) => t.stop())
    stream = null
    track = null
    inFlight = null
    video.srcObject = null
    confirmer.reset()
  }

  function ensureWorker(): WorkerLike {
    if (worker) return worker
    const w = env.createWorker()
    w.onmessage = (event) => onWorkerMessage(event.data)
    w.onerror = (event) => {
      event.preventDefault?.()
      dropWorker()
      if (state === 'running' || state === 'starting') fail('other', `The barcode decoder failed: ${event.message || 'worker error'}.`)
    }
    worker = w
    return w
  }

  function dropWorker(): void {
    worker?.terminate()
    worker = null
    inFlight = null
  }

  function onWorkerMessage(data: unknown): void {
    const checked = checkWorkerResponse(data)
    if (!checked.ok) return // not ours to act on; the worker only sends checked shapes
    const msg = checked.value
    if (!inFlight || msg.id !== inFlight.id) return // stale: from before a stop or restart
    inFlight = null
    if (msg.type === 'error') {
      if (!decoderErrorReported) {
        decoderErrorReported = true
        options.onError('other', `The barcode decoder refused a frame: ${msg.message}`)
      }
      return
    }
    onResult(msg)
  }

  function onResult(msg: FrameResult): void {
    stats.framesDecoded++
    stats.lastDecodeMs = msg.decodeMs
    stats.engine = msg.engine
    stats.avgWorkerMs = stats.avgWorkerMs === null ? msg.workerMs : stats.avgWorkerMs * 0.9 + msg.workerMs * 0.1
    if (state !== 'running') return
    const accepted = confirmer.push(msg.read && { text: msg.read.text, format: msg.read.format }, env.now())
    // Frames with no read go through too: they move the confirmer's clock (codes leave view).
    if (accepted) {
      stats.reads++
      options.onRead(accepted.text, accepted.format)
    }
  }

  function tick(): void {
    if (state !== 'running') return
    const now = env.now()
    if (inFlight) {
      stats.framesSkippedBusy++
      if (now - inFlight.sentAt > WORKER_STALL_MS) {
        dropWorker()
        fail('other', 'The barcode decoder stopped answering.')
      }
      return
    }
    let frame: RgbaFrame | null
    try {
      frame = env.grabFrame(video, maxFrameSide)
    } catch (e) {
      fail('other', `Could not read the camera picture: ${e instanceof Error ? e.message : String(e)}`)
      return
    }
    if (!frame) return
    stats.frameWidth = frame.width
    stats.frameHeight = frame.height
    const buffer = frame.data.buffer
    if (!(buffer instanceof ArrayBuffer)) return
    const req: FrameRequest = {
      type: 'frame',
      id: nextId++,
      width: frame.width,
      height: frame.height,
      pixels: 'rgba',
      buffer,
      guideBox,
      formats
    }
    inFlight = { id: req.id, sentAt: now }
    stats.framesPosted++
    ensureWorker().postMessage(req, [buffer])
  }

  async function open(deviceId: string | undefined): Promise<MediaStream> {
    const md = env.mediaDevices
    if (!md?.getUserMedia) throw Object.assign(new Error('no mediaDevices in this window'), { name: 'NotFoundError' })
    const size = { width: { ideal: resolution.width }, height: { ideal: resolution.height } }
    const video: MediaTrackConstraints = deviceId ? { ...size, deviceId: { exact: deviceId } } : { ...size, facingMode: { ideal: 'environment' } }
    return md.getUserMedia({ video, audio: false })
  }

  async function start(deviceId?: string): Promise<void> {
    if (disposed) throw new Error('camera disposed')
    release()
    const gen = generation
    decoderErrorReported = false
    setState('starting')
    let s: MediaStream
    try {
      try {
        s = await open(deviceId)
      } catch (e) {
        // A remembered camera that is gone: take whichever camera there is, as a scanner app does.
        if (!deviceId || classifyMediaError(e).kind !== 'no-camera' || gen !== generation) throw e
        s = await open(undefined)
      }
    } catch (e) {
      if (gen !== generation) return
      const { kind, message } = classifyMediaError(e)
      fail(kind, message)
      return
    }
    if (gen !== generation) {
      s.getTracks().forEach((t) => t.stop())
      return
    }
    stream = s
    track = s.getVideoTracks()[0] ?? null
    if (!track) {
      fail('no-camera', MESSAGES['no-camera'])
      return
    }
    track.onended = () => {
      if (gen === generation) fail('no-camera', 'The camera was disconnected. Plug it back in, then press Camera again.')
    }
    video.srcObject = s
    try {
      await video.play()
    } catch (e) {
      if (gen !== generation) return
      fail('other', `The camera picture could not be shown (${e instanceof Error ? e.message : String(e)}).`)
      return
    }
    if (gen !== generation) return
    ensureWorker()
    timer = env.setInterval(tick, Math.round(1000 / fps))
    setState('running')
  }

  function stop(): void {
    release()
    setState('idle')
  }

  return {
    video,
    get state() {
      return state
    },
    get deviceId() {
      return track?.getSettings?.().deviceId ?? null
    },
    start,
    stop,
    dispose() {
      stop()
      dropWorker()
      disposed = true
    },
    async listDevices() {
      const md = env.mediaDevices
      if (!md?.enumerateDevices) return []
      let all: MediaDeviceInfo[]
      try {
        all = await md.enumerateDevices()
      } catch {
        return []
      }
      return all
        .filter((d) => d.kind === 'videoinput')
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}`, labelled: d.label !== '' }))
    },
    torchSupported() {
      return torchCapable(track)
    },
    async setTorch(on: boolean) {
      if (!track || !torchCapable(track)) return false
      try {
        await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] })
        return true
      } catch {
        return false
      }
    },
    stats() {
      return { ...stats }
    }
  }
}

function torchCapable(track: MediaStreamTrack | null): boolean {
  if (!track || typeof track.getCapabilities !== 'function') return false
  const caps = track.getCapabilities() as MediaTrackCapabilities & { torch?: boolean | boolean[] }
  return caps.torch === true || (Array.isArray(caps.torch) && caps.torch.includes(true))
}

function browserEnv(): CameraEnv {
  let canvas: OffscreenCanvas | HTMLCanvasElement | null = null
  let ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null = null
  return {
    mediaDevices: typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined,
    createWorker: () => new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'barcode-decoder' }) as unknown as WorkerLike,
    createVideo: () => document.createElement('video'),
    grabFrame(video, maxSide) {
      if (video.readyState < 2 || video.videoWidth === 0 || video.videoHeight === 0) return null
      const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight))
      const width = Math.round(video.videoWidth * scale)
      const height = Math.round(video.videoHeight * scale)
      if (!canvas || canvas.width !== width || canvas.height !== height) {
        canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height })
        ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null
      }
      if (!ctx) throw new Error('no 2D canvas context')
      ctx.drawImage(video, 0, 0, width, height)
      const img = ctx.getImageData(0, 0, width, height)
      return { width, height, data: img.data }
    },
    now: () => performance.now(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>)
  }
}
