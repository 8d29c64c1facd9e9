// Plain types and constants of the camera pipeline, shared by the page side (camera.ts) and the
// decoder worker. Nothing here imports zxing, so the page bundle does not carry the decoder.

export type CameraFormat = 'qr' | 'code128' | 'datamatrix'
export const CAMERA_FORMATS: readonly CameraFormat[] = ['qr', 'code128', 'datamatrix']

export interface LumaFrame {
  width: number
  height: number
  /** width × height bytes, row-major, 0 = black. */
  luma: Uint8ClampedArray
}

/** A rectangle in fractions (0..1) of the frame's width and height. */
export interface GuideBox {
  x: number
  y: number
  w: number
  h: number
}

export type DecodePass =
  | 'guide-local'
  | 'guide-fine'
  | 'guide-global'
  | 'frame-local'
  | 'frame-fine'
  | 'frame-global'
  | 'zxing-cpp'
  | 'zxing-cpp-global'

/** Which engine decoded a frame: ZXing-C++ (WebAssembly), or @zxing/library with the home-made passes. */
export type EngineName = 'zxing-cpp' | 'zxing-js'
export const ENGINE_NAMES: readonly EngineName[] = ['zxing-cpp', 'zxing-js']
