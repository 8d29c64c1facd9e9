// Keyboard-wedge scanner detection, pure: plain key events in, decisions out (no DOM, no clock).
// A scanner types a code as key presses close together; a person does not. Characters are rebuilt
// from the physical key (`code`) and Shift with a US table, so the layout and Caps Lock do not change
// what is read. See DESIGN "Scan parsing" and LUCIDRETAIL "Keyboard-wedge scanners".
//
// When a burst of keys is a scan (the one rule, for every scanner):
// - every gap between its keys is at most `maxInterKeyMs` (100 ms: Bluetooth scanners send in
//   packets, keys a few ms apart and packets up to 100 ms apart), in whole milliseconds, and it has
//   at least `minLength` characters; and
// - either its first `minLength` keys came machine-fast (each within FAST_GAP_MS): it is taken from
//   that key on (its keys are swallowed) and may end with the scanner's Enter or Tab, a pause, or any
//   other key;
// - or it ends with the scanner's Enter or Tab (within `maxInterKeyMs`) and its pace is a machine's:
//   most keys came machine-fast (the median gap is within FAST_GAP_MS: a scanner sending packets), or
//   all gaps are within STEADY_SPREAD_MS of each other (a scanner set to a slow, even speed). Until
//   then its keys type as usual; at the Enter they are taken back out of the text field.
// A person types with gaps of about 120-300 ms that vary from key to key: never a scan. Keys that are
// not a scan and typed no text (nothing that takes text had focus) are reported as `typing`.
import { DEFAULT_RECEIVING_PREFERENCES, type ScannerOptions } from '../../../electron/contract'
import { MODIFIER_CODES, usChar } from './usKeymap.std'

/**
 * The detector's options: the scanner settings the operator edits (largest gap inside a scan, the
 * pause that ends a machine-fast scan without Enter or Tab, prefix key, repeat window: `ScannerOptions`
 * in the contract, with their defaults), and two fixed by the code. A pause is never shorter than a
 * gap a scan may have: the longer of the two counts.
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

/** A gap a person cannot keep up for several keys in a row (a scanner sends a key every 1-50 ms). */
export const FAST_GAP_MS = 50
/** How evenly a scanner set to a slow speed sends: its gaps differ by at most this much. */
export const STEADY_SPREAD_MS = 20

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
  /** Keys that were not a scan ended here, typed while no text field had focus (they typed nothing). */
  typing: boolean
}

/** A scan longer than this is cut (no label comes close); the keys are still swallowed. */
const MAX_BUFFER = 4096

export class WedgeDetector {
  readonly options: WedgeOptions
  private buffer: string[] = []
  /** Gaps between the burst's keys, in whole milliseconds. */
  private gaps: number[] = []
  private lastAt = Number.NaN
  /** The burst is a scanner's: its keys are swallowed from now on. */
  private recognised = false
  /** A prefix key started this burst. */
  private prefixed = false
  /** Burst characters that went into a text field before recognition. */
  private typedIntoField = 0
  /** The burst has a character (other than Space) typed where no text field took it. */
  private typedNowhere = false
  private typingEnded = false
  private last: { text: string; at: number } | null = null
  private readonly fastGap: number
  private readonly pauseMs: number

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
    this.fastGap = Math.min(FAST_GAP_MS, this.options.maxInterKeyMs)
    // A pause must be longer than any gap inside a scan, or it would cut a slow scanner's code.
    this.pauseMs = Math.max(this.options.pauseEndsScanMs, Math.floor(this.options.maxInterKeyMs) + 1)
  }

  /** The time at which `tick` would end the pending burst, or null when nothing is pending. */
  deadline(): number | null {
    return this.pending() ? this.lastAt + this.pauseMs : null
  }

  /** Ends a burst after a pause: call it from a timer (and it is called before every key). */
  tick(now: number): WedgeScan[] {
    return this.pending() && now - this.lastAt >= this.pauseMs ? this.finish(this.lastAt) : []
  }

  /** The timer's view of a pause: the scans it completes, and whether typing (not a scan) ended. */
  pause(now: number): WedgeDecision {
    const scans = this.tick(now)
    return { consume: false, scans, retract: 0, typing: this.takeTyping() }
  }

  key(ev: WedgeKey): WedgeDecision {
    const out: WedgeDecision = { consume: false, scans: [], retract: 0, typing: false }
    if (ev === null || typeof ev !== 'object') return out
    const decided = this.decide(ev, out)
    decided.typing = this.takeTyping()
    return decided
  }

  /** Forgets the pending burst and the last scan (e.g. when the window loses focus). */
  reset(): void {
    this.clear()
    this.last = null
    this.typingEnded = false
  }

  private decide(ev: WedgeKey, out: WedgeDecision): WedgeDecision {
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
      const gap = this.gapTo(t)
      if (this.buffer.length > 0 && gap !== null && (this.recognised || this.machinePaced([...this.gaps, gap]))) {
        // A burst typed into a field before it was known to be a scan: its characters come back out.
        if (!this.recognised) out.retract = this.typedIntoField
        this.recognised = true
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
    const gap = this.gapTo(t)
    if (this.pending() && gap === null) out.scans.push(...this.finish(this.lastAt))
    else if (this.buffer.length > 0 && gap !== null) this.gaps.push(gap)

    if (this.buffer.length < MAX_BUFFER) this.buffer.push(ch)
    this.lastAt = t
    if (!this.recognised && this.buffer.length >= this.options.minLength && this.gaps.every((g) => g <= this.fastGap)) {
      this.recognised = true
      out.retract = this.typedIntoField
      this.typedIntoField = 0
    }
    if (this.recognised) out.consume = true
    // Only a key that types one character puts one into the field (a dead key types nothing yet).
    else if (ev.inTextField) this.typedIntoField += typesOneChar(ev.key) ? 1 : 0
    else {
      // Outside a text field the keys of a possible burst are swallowed, except Space, which a person
      // uses to press the focused button.
      out.consume = ch !== ' '
      if (ch !== ' ') this.typedNowhere = true
    }
    return out
  }

  private pending(): boolean {
    return this.buffer.length > 0 || this.prefixed
  }

  /** The gap from the burst's last key to `t` in whole milliseconds, or null when it is too long for one scan. */
  private gapTo(t: number): number | null {
    const gap = Math.round(t - this.lastAt)
    return Number.isNaN(gap) || gap > this.options.maxInterKeyMs ? null : Math.max(0, gap)
  }

  /** A burst ended by Enter or Tab that was not fast from its start: is it a scanner's pace? */
  private machinePaced(gaps: number[]): boolean {
    if (this.buffer.length < this.options.minLength || gaps.length === 0) return false
    const sorted = [...gaps].sort((a, b) => a - b)
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!
    return median <= this.fastGap || sorted[sorted.length - 1]! - sorted[0]! <= STEADY_SPREAD_MS
  }

  /** Ends the pending burst: a scan when it was recognised, nothing otherwise. */
  private finish(at: number): WedgeScan[] {
    const text = this.buffer.join('')
    const isScan = this.recognised && text.length > 0
    if (!isScan && this.typedNowhere) this.typingEnded = true
    this.clear()
    if (!isScan) return []
    const stamp = Number.isFinite(at) ? at : 0
    const last = this.last
    const duplicate = last !== null && last.text === text && stamp - last.at >= 0 && stamp - last.at < this.options.repeatIgnoreMs
    // A repeat keeps the window open: a code scanned again and again stays "already scanned".
    this.last = { text, at: stamp }
    return [duplicate ? { duplicate: true, text, at: stamp } : { text, at: stamp }]
  }

  private takeTyping(): boolean {
    const ended = this.typingEnded
    this.typingEnded = false
    return ended
  }

  private clear(): void {
    this.buffer = []
    this.gaps = []
    this.recognised = false
    this.prefixed = false
    this.typedIntoField = 0
    this.typedNowhere = false
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
