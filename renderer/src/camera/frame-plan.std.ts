// Which ZXing-C++ reader a camera frame gets, from what the frame before got and read. Pure.
//
// A label stays in view for many frames (8 a second), so no frame needs both readers: each frame runs
// exactly one, and the other one gets the next frame when this one read nothing.
//   - 'quick': nothing tried harder, ZXing-C++'s global-histogram binarizer: 0.1 ms on a Code 128 photo
//     where the full reader spends 2-15 ms, about two thirds of its time on a QR photo, and it reads
//     most labels (and QR photos in uneven light that the full reader's local binarizer misses);
//   - 'full': ZXing-C++'s reader exactly as zxing-wasm runs it (try harder, rotate, invert, downscale).
// A reader that read a frame gets the next one too (the label is still in view, in the same light: Code
// 128's two agreeing frames come one after the other); one that read nothing hands the next frame to the
// other. So a label only the full reader reads is read one frame (125 ms at 8 fps) later than if every
// frame ran it, and while nothing is read the station spends about half what the full reader alone would.
//
// The contrast check (is there anything to read at all?) guards every frame except one right after a
// quick read: the label is most likely still in view, and were the frame empty after all, the quick
// reader gives up within a few ms (a noisy empty 720p frame), where the full one takes 60-190 ms.
export type ReaderKind = 'quick' | 'full'

export class FramePlan {
  private upcoming: ReaderKind = 'quick'
  private quickRead = false

  /** The reader for the next frame. */
  get next(): ReaderKind {
    return this.upcoming
  }

  /** Whether the next frame needs the contrast check before its reader. */
  get checkContrast(): boolean {
    return !this.quickRead
  }

  /** What the frame ran, and whether it read a code. */
  ran(kind: ReaderKind, read: boolean): void {
    this.upcoming = read ? kind : kind === 'quick' ? 'full' : 'quick'
    this.quickRead = read && kind === 'quick'
  }

  /** A frame with nothing to read (no contrast): the next label starts with the quick reader. */
  reset(): void {
    this.upcoming = 'quick'
    this.quickRead = false
  }
}
