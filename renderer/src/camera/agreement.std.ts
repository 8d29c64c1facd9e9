// Which decoded frames become scans. Pure and clock-free: the caller passes the time.
//  - QR and Data Matrix carry strong error correction: one frame is enough.
//  - Code 128 has only a mod-103 check character, and a 1D reader scanning one row can land on a
//    misread that passes it; a read is accepted only when a second frame within `confirmWindowMs`
//    gives the same text (other reads in between do not reset it).
//  - An accepted code is not accepted again while it stays in view: every frame that reads it
//    keeps it "in view"; it must be absent (unread) for `absentMs` before it can be scanned again.
//    So one label held under the camera gives one scan.
import type { CameraFormat } from './types.std'

export interface Read {
  text: string
  format: CameraFormat
}

export interface ConfirmerOptions {
  /** A Code 128 candidate must be read again within this time to be accepted. Default 1000 ms. */
  confirmWindowMs?: number
  /** An accepted code can be accepted again once unread for this long. Default 1500 ms. */
  absentMs?: number
  /** Frames that must agree before a read of this format is accepted. Default: code128 2, others 1. */
  framesToAgree?: Partial<Record<CameraFormat, number>>
}

const DEFAULT_FRAMES: Record<CameraFormat, number> = { qr: 1, datamatrix: 1, code128: 2 }

interface Candidate {
  firstSeen: number
  count: number
}

export class ReadConfirmer {
  private readonly confirmWindowMs: number
  private readonly absentMs: number
  private readonly frames: Record<CameraFormat, number>
  private readonly candidates = new Map<string, Candidate>()
  private readonly inView = new Map<string, number>()
  private last = -Infinity

  constructor(options: ConfirmerOptions = {}) {
    this.confirmWindowMs = options.confirmWindowMs ?? 1000
    this.absentMs = options.absentMs ?? 1500
    this.frames = { ...DEFAULT_FRAMES, ...options.framesToAgree }
  }

  /**
   * One decoded frame: `read` is what the decoder found (null: nothing), `now` a monotonic time in
   * ms (performance.now()). Returns the read to act on, or null.
   */
  push(read: Read | null, now: number): Read | null {
    now = Math.max(now, this.last) // a clock that steps back must not revive or expire anything
    this.last = now
    for (const [text, seen] of this.inView) if (now - seen >= this.absentMs) this.inView.delete(text)
    for (const [key, c] of this.candidates) if (now - c.firstSeen > this.confirmWindowMs) this.candidates.delete(key)
    if (!read || read.text.length === 0) return null

    const key = `${read.format}\u0000${read.text}`
    if (this.inView.has(key)) {
      this.inView.set(key, now)
      return null
    }
    const needed = Math.max(1, this.frames[read.format])
    const c = this.candidates.get(key) ?? { firstSeen: now, count: 0 }
    c.count++
    if (c.count < needed) {
      this.candidates.set(key, c)
      return null
    }
    this.candidates.delete(key)
    this.inView.set(key, now)
    return { text: read.text, format: read.format }
  }

  /** Forget everything (camera stopped or switched). */
  reset(): void {
    this.candidates.clear()
    this.inView.clear()
    this.last = -Infinity
  }
}
