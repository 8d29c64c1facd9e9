// Frames used by the decoder tests and the benchmark: a CaseID QR and a Metrc Code 128 tag at the
// sizes a 640×480 and a 1280×720 webcam see them, clean and degraded.
import { CASEID_URL, METRC_TAG, blank, blur, code128Luma, fitScale, lowContrast, noise, placeCentered, qrLuma, rotate, type LumaImage } from './barcodes'

export type Kind = 'qr' | 'code128'
export type Degradation = 'clean' | 'blur' | 'noise' | 'low-contrast' | 'rotation'
export const DEGRADATIONS: readonly Degradation[] = ['clean', 'blur', 'noise', 'low-contrast', 'rotation']
export const SIZES = [
  { width: 640, height: 480 },
  { width: 1280, height: 720 }
] as const

export const TEXT: Record<Kind, string> = { qr: CASEID_URL, code128: METRC_TAG }
export const BACKGROUND = 110

/** The code as it appears inside the guide box: pixel sizes a webcam gets at arm's length. */
export function codeImage(kind: Kind, frameWidth: number): LumaImage {
  const k = frameWidth >= 1280 ? 1.5 : 1
  return kind === 'qr'
    ? qrLuma(CASEID_URL, { moduleSize: Math.round(4 * k) })
    : code128Luma(METRC_TAG, { barWidth: 2 * k, height: Math.round(100 * k) })
}

/** `at`: where the code's centre is, in fractions of the frame (default: the middle). */
export function inGuide(kind: Kind, size: { width: number; height: number }, degradation: Degradation = 'clean', seed = 1, at: { cx: number; cy: number } = { cx: 0.5, cy: 0.5 }): LumaImage {
  let code = codeImage(kind, size.width)
  if (degradation === 'rotation') code = rotate(code, kind === 'qr' ? 20 : 5)
  const frame = placeCentered(blank(size.width, size.height, BACKGROUND), code, at)
  return degrade(frame, degradation, seed)
}

export function fillingFrame(kind: Kind, size: { width: number; height: number }): LumaImage {
  const code = kind === 'qr' ? qrLuma(CASEID_URL, { moduleSize: 1 }) : code128Luma(METRC_TAG, { barWidth: 1, height: 30 })
  const bg = blank(size.width, size.height, BACKGROUND)
  return placeCentered(bg, code, { scale: fitScale(bg, code, 0.95) })
}

export function degrade(frame: LumaImage, degradation: Degradation, seed = 1): LumaImage {
  switch (degradation) {
    case 'blur':
      // one 3×3 box pass: about a Gaussian of sigma 0.8 px, a webcam slightly out of focus
      return blur(frame, 1, 1)
    case 'noise':
      return noise(frame, 8, seed)
    case 'low-contrast':
      return lowContrast(frame, 90, 150)
    default:
      return frame
  }
}
