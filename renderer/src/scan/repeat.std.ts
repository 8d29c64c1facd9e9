// "Already scanned" for inputs that have no repeat window of their own (the camera; the wedge's
// detector has its own). Pure: the caller passes the time.
import type { IncomingScan } from './route'

/**
 * Marks a code read again within `windowMs` of its previous read as a duplicate, as the wedge does;
 * a repeat keeps the window open. The camera's confirmer already reads a label once while it stays
 * in view: this catches the label taken away and shown again at once.
 */
export class RepeatFilter {
  private last: { text: string; at: number } | null = null

  /** `windowMs`: a number, or a function read at each check (a setting that can change). */
  constructor(private readonly windowMs: number | (() => number) = 2000) {}

  check(text: string, at: number): IncomingScan {
    const last = this.last
    const windowMs = typeof this.windowMs === 'function' ? this.windowMs() : this.windowMs
    const duplicate = last !== null && last.text === text && at - last.at >= 0 && at - last.at < windowMs
    this.last = { text, at }
    return { text, duplicate }
  }
}
