import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react'
import { createCamera, GUIDE_BOX, type Camera, type CameraDevice, type CameraState } from '../camera/camera'
import { rememberCameraId, rememberedCameraId } from '../camera/preference'
import { routeScan } from '../scan/route'
import { RepeatFilter } from '../scan/repeat.std'
import { SoundToggle } from '../feedback/SoundToggle'
import { useStation } from '../state/store'

/**
 * The webcam as a scanner: the "Camera" button starts and stops it, the preview shows the guide box
 * the operator holds the label in, each read goes through the same path as a wedge scan.
 */
export function CameraPanel() {
  const videoRef = useRef<HTMLVideoElement>(null)
  const cameraRef = useRef<Camera | null>(null)
  const [state, setState] = useState<CameraState>('idle')
  const [error, setError] = useState<string | null>(null)
  const [devices, setDevices] = useState<CameraDevice[]>([])
  const [picked, setPicked] = useState<string>(() => rememberedCameraId() ?? '')
  const [inUse, setInUse] = useState<string | null>(null)
  const [torch, setTorch] = useState({ supported: false, on: false })
  const [aspect, setAspect] = useState(16 / 9)
  // The same "already scanned" window as the wedge's (Settings → Scanner), read at each camera read.
  const repeatIgnoreMs = useStation((s) => s.preferences.scanner.repeatIgnoreMs)
  const repeatWindow = useRef(repeatIgnoreMs)
  useEffect(() => {
    repeatWindow.current = repeatIgnoreMs
  }, [repeatIgnoreMs])
  /** Frames the decoder has answered, for the tests and for support ("is it decoding at all?"). */
  const [framesDecoded, setFramesDecoded] = useState(0)
  const [engine, setEngine] = useState<string | null>(null)

  const refreshDevices = useCallback(async () => {
    const camera = cameraRef.current
    if (camera) setDevices(await camera.listDevices())
  }, [])

  const getCamera = useCallback((): Camera | null => {
    if (cameraRef.current) return cameraRef.current
    const video = videoRef.current
    if (!video) return null
    const repeats = new RepeatFilter(() => repeatWindow.current)
    const camera = createCamera({
      video,
      onRead: (text) => routeScan(repeats.check(text, performance.now()), 'camera'),
      onError: (_kind, message) => setError(message),
      onState: (next) => {
        setState(next)
        if (next === 'starting') setError(null)
        if (next === 'running') {
          setInUse(camera.deviceId)
          setTorch({ supported: camera.torchSupported(), on: false })
          void refreshDevices() // labels appear once permission is given
        } else {
          setInUse(null)
          setTorch({ supported: false, on: false })
        }
      }
    })
    cameraRef.current = camera
    return camera
  }, [refreshDevices])

  useEffect(() => {
    const media = navigator.mediaDevices
    getCamera()
    void refreshDevices()
    const onChange = () => void refreshDevices()
    media?.addEventListener?.('devicechange', onChange)
    return () => {
      media?.removeEventListener?.('devicechange', onChange)
      cameraRef.current?.dispose()
      cameraRef.current = null
    }
  }, [getCamera, refreshDevices])

  useEffect(() => {
    if (state !== 'running') return
    const timer = setInterval(() => {
      const stats = cameraRef.current?.stats()
      setFramesDecoded(stats?.framesDecoded ?? 0)
      setEngine(stats?.engine ?? null)
    }, 250)
    return () => clearInterval(timer)
  }, [state])

  const toggle = () => {
    const camera = getCamera()
    if (!camera) return
    if (camera.state === 'running' || camera.state === 'starting') camera.stop()
    else void camera.start(picked || undefined)
  }

  const pick = (deviceId: string) => {
    setPicked(deviceId)
    rememberCameraId(deviceId || null)
    const camera = getCamera()
    if (camera && (camera.state === 'running' || camera.state === 'starting')) void camera.start(deviceId || undefined)
  }

  const switchTorch = async () => {
    const camera = getCamera()
    if (!camera) return
    const on = !torch.on
    if (await camera.setTorch(on)) setTorch({ supported: true, on })
  }

  const live = state === 'running' || state === 'starting'
  const selected = inUse ?? picked
  return (
    <section className="panel camera-panel" aria-labelledby="scanning-title">
      <h2 id="scanning-title">Scanning</h2>
      <div className="actions">
        <button type="button" className={live ? 'primary' : ''} aria-pressed={live} onClick={toggle}>
          Camera
        </button>
        {devices.length > 0 && (
          <select aria-label="Which camera" value={devices.some((d) => d.deviceId === selected) ? selected : ''} onChange={(e) => pick(e.target.value)}>
            <option value="">Default camera</option>
            {devices.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        )}
        {torch.supported && (
          <button type="button" aria-pressed={torch.on} onClick={() => void switchTorch()}>
            Torch
          </button>
        )}
        <SoundToggle />
      </div>
      <p className="hint">
        {state === 'starting'
          ? 'Starting the camera…'
          : state === 'running'
            ? 'Hold the label inside the box, about a hand’s width from the camera.'
            : 'A USB scanner works at any time; the camera is there when there is none.'}
      </p>
      {error && <p className="camera-error">{error}</p>}
      <div className="camera-view" hidden={!live} style={{ aspectRatio: String(aspect), '--aspect': String(aspect) } as CSSProperties} data-testid="camera-view" data-frames-decoded={framesDecoded} data-decoder={engine ?? undefined}>
        <video
          ref={videoRef}
          muted
          playsInline
          aria-label="Camera picture"
          onLoadedMetadata={(e) => {
            const v = e.currentTarget
            if (v.videoWidth > 0 && v.videoHeight > 0) setAspect(v.videoWidth / v.videoHeight)
          }}
        />
        <div
          className="guide-box"
          aria-hidden="true"
          style={{ left: `${GUIDE_BOX.x * 100}%`, top: `${GUIDE_BOX.y * 100}%`, width: `${GUIDE_BOX.w * 100}%`, height: `${GUIDE_BOX.h * 100}%` }}
        />
      </div>
    </section>
  )
}
