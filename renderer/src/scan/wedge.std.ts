// Keyboard-wedge scanner detection, pure: plain key events in, decisions out (no DOM, no clock).
// A scanner types a code as key presses a few milliseconds apart; a person does not. Characters are
// rebuilt from the physical key (`code`) and Shift with a US table, so the layout and Caps Lock do not
// change what is read. See DESIGN "Scan parsing" and LUCIDRETAIL "Keyboard-wedge scanners".
import { DEFAULT_RECEIVING_PREFERENCES, type ScannerOptions } from '../../../electron/contract'
import { MODIFIER_CODES, usChar } from './usKeymap.std'

/**
 * The detector's options: the scanner settings the operator edits (timing, prefix key, repeat window:
 * `ScannerOptions` in the contract, with their defaults), and two fixed by the code.
 */
export type WedgeOptions = ScannerOptions & {
  /** Fewest characters a burst needs before it counts as a scan. */
  minLength: number
  /** `KeyboardEvent.code`s that end a scan (and are swallowed when they do). */
  endKeys: string[]
}

export const DEFAULT_WEDGE_OPTIONS: Readonly<WedgeOptions> = Object.freeze({
  ...DEFAULT_RECEIVING_PREFERENCES.scanner,
  minLength: 6,
  endKeys: ['Enter', 'NumpadEnter', 'Tab']
})

export type WedgeScan = { text: string; at: number } | { duplicate: true; text: string; at: number }

export type WedgeKey = {
  code: string
  key: string
  shiftKey: boolean
  ctrlKey?: boolean
  altKey?: boolean
  metaKey?: boolean
  /** True for the auto-repeat of a held key: a person, never a scanner. */
  repeat?: boolean
  timeStamp: number
  /** The key would type into a text field (input, textarea, contenteditable). */
  inTextField: boolean
}

export type WedgeDecision = {
  /** Swallow the key (preventDefault): it belongs to a scan. */
  consume: boolean
  /** Scans completed by this key (or by the pause before it). */
  scans: WedgeScan[]
  /**
   * Characters of this burst that were already typed into the focused text field before the burst
   * was recognised as a scanner: the binding deletes that many characters before the caret.
   */
  retract: number
}

/** A scan longer than this is cut (no label comes close); the keys are still swallowed. */
const MAX_BUFFER = 4096

export class WedgeDetector {
  readonly options: WedgeOptions
  private buffer: string[] = []
  private lastAt = Number.NaN
  /** The burst is a scanner's: its keys are swallowed from now on. */
  private recognised = false
  /** A prefix key started this burst. */
  private prefixed = false
  /** Burst characters that went into a text field before recognition. */
  private typedIntoField = 0
  private last: { text: string; at: number } | null = null

  constructor(options: Partial<WedgeOptions> = {}) {
    const o = { ...DEFAULT_WEDGE_OPTIONS, ...dropUndefined(options ?? {}) }
    this.options = {
      maxInterKeyMs: nonNegative(o.maxInterKeyMs, DEFAULT_WEDGE_OPTIONS.maxInterKeyMs),
      minLength: Math.max(1, Math.floor(nonNegative(o.minLength, DEFAULT_WEDGE_OPTIONS.minLength))),
      endKeys: Array.isArray(o.endKeys) ? o.endKeys.filter((k) => typeof k === 'string') : [...DEFAULT_WEDGE_OPTIONS.endKeys],
      pauseEndsScanMs: nonNegative(o.pauseEndsScanMs, DEFAULT_WEDGE_OPTIONS.pauseEndsScanMs),
      prefixCode: typeof o.prefixCode === 'string' && o.prefixCode !== '' ? o.prefixCode : null,
      repeatIgnoreMs: nonNegative(o.repeatIgnoreMs, DEFAULT_WEDGE_OPTIONS.repeatIgnoreMs)
    }
  }

  /** The time at which `tick` would end the pending burst, or null when nothing is pending. */
  deadline(): number | null {
    return this.pending() ? this.lastAt + this.options.pauseEndsScanMs : null
  }

  /** Ends a burst after a pause: call it from a timer (and it is called before every key). */
  tick(now: number): WedgeScan[] {
    if (!this.pending() || !(now - this.lastAt >= this.options.pauseEndsScanMs)) return []
    return this.finish(this.lastAt)
  }

  key(ev: WedgeKey): WedgeDecision {
    const out: WedgeDecision = { consume: false, scans: [], retract: 0 }
    if (ev === null || typeof ev !== 'object') return out
    const t = typeof ev.timeStamp === 'number' ? ev.timeStamp : Number.NaN
    const code = typeof ev.code === 'string' ? ev.code : ''
    out.scans.push(...this.tick(t))

    if (MODIFIER_CODES.has(code)) return out // Shift pressed by the scanner for a capital letter, Caps Lock...
    if (ev.ctrlKey || ev.altKey || ev.metaKey || ev.repeat) {
      // A shortcut or a held key: never part of a scan. A scan already recognised ends here.
      out.scans.push(...this.finish(this.lastAt))
      return out
    }
    if (this.options.prefixCode !== null && code === this.options.prefixCode) {
      out.scans.push(...this.finish(this.lastAt))
      this.prefixed = true
      this.recognised = true
      this.lastAt = t
      out.consume = true
      return out
    }
    if (this.options.endKeys.includes(code)) {
      if (this.recognised && this.buffer.length > 0 && this.gapOk(t)) {
        out.scans.push(...this.finish(t))
        out.consume = true
      } else {
        out.scans.push(...this.finish(this.lastAt))
      }
      return out
    }

    const ch = usChar(code, ev.shiftKey === true) ?? fallbackChar(code, ev.key)
    if (ch === null) {
      // Arrows, Backspace, Escape, F-keys: a person. A recognised scan ends here.
      out.scans.push(...this.finish(this.lastAt))
      return out
    }
    if (this.pending() && !this.gapOk(t)) out.scans.push(...this.finish(this.lastAt))

    if (this.buffer.length < MAX_BUFFER) this.buffer.push(ch)
    this.lastAt = t
    if (!this.recognised && this.buffer.length >= this.options.minLength) {
      this.recognised = true
      out.retract = this.typedIntoField
      this.typedIntoField = 0
    }
    if (this.recognised) out.consume = true
    // Only a key that types one character puts one into the field (a dead key types nothing yet).
    else if (ev.inTextField) this.typedIntoField += typesOneChar(ev.key) ? 1 : 0
    // Outside a text field the keys of a possible burst are swallowed, except Space, which a person
    // uses to press the focused button.
    else out.consume = ch !== ' '
    return out
  }

  /** Forgets the pending burst and the last scan (e.g. when the window loses focus). */
  reset(): void {
    this.clear()
    this.last = null
  }

  private pending(): boolean {
    return this.buffer.length > 0 || this.prefixed
  }

  private gapOk(t: number): boolean {
    const gap = t - this.lastAt
    return !Number.isNaN(gap) && gap <= this.options.maxInterKeyMs
  }

  /** Ends the pending burst: a scan when it was recognised, nothing otherwise. */
  private finish(at: number): WedgeScan[] {
    const text = this.buffer.join('')
    const isScan = this.recognised && text.length > 0
    this.clear()
    if (!isScan) return []
    const stamp = Number.isFinite(at) ? at : 0
    const last = this.last
    const duplicate = last !== null && last.text === text && stamp - last.at >= 0 && stamp - last.at < this.options.repeatIgnoreMs
    // A repeat keeps the window open: a code scanned again and again stays "already scanned".
    this.last = { text, at: stamp }
    return [duplicate ? { duplicate: true, text, at: stamp } : { text, at: stamp }]
  }

  private clear(): void {
    this.buffer = []
    this.recognised = false
    this.prefixed = false
    this.typedIntoField = 0
  }
}

/** A key without a physical code (some virtual keyboards, synthetic events): its printable ASCII `key`. */
function fallbackChar(code: string, key: unknown): string | null {
  if (code !== '' && code !== 'Unidentified') return null
  if (typeof key !== 'string' || key.length !== 1) return null
  const c = key.charCodeAt(0)
  return c >= 0x20 && c < 0x7f ? key : null
}

function typesOneChar(key: unknown): boolean {
  if (typeof key !== 'string' || key.length === 0 || key.length > 2) return false
  return key.length === 1 || (key.codePointAt(0) ?? 0) > 0xffff
}

function nonNegative(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v
  return out
}
