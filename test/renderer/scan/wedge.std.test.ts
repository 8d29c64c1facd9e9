import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { WedgeDetector, type WedgeKey, type WedgeScan } from '../../../renderer/src/scan/wedge.std'
import { US_KEYMAP, usChar } from '../../../renderer/src/scan/usKeymap.std'

const CASE_URL = 'https://qr.lcdg.io/case/UNDTMBovdue9tFWfhamnDM'
const METRC = '1A4FF0100000022000000123'

/** US code and Shift state for each character a label can hold. */
const CODE_OF = new Map<string, { code: string; shift: boolean }>()
for (const [code, [plain, shifted]] of Object.entries(US_KEYMAP)) {
  if (code.startsWith('Numpad') || code === 'IntlBackslash') continue
  if (!CODE_OF.has(plain)) CODE_OF.set(plain, { code, shift: false })
  if (!CODE_OF.has(shifted)) CODE_OF.set(shifted, { code, shift: true })
}

// What an AZERTY (French) layout puts in `key` for US codes: letters A/Q, Z/W, M on Semicolon, digits shifted...
const AZERTY: Record<string, [string, string]> = {
  KeyQ: ['a', 'A'], KeyA: ['q', 'Q'], KeyW: ['z', 'Z'], KeyZ: ['w', 'W'], Semicolon: ['m', 'M'], KeyM: [',', '?'],
  Digit1: ['&', '1'], Digit2: ['é', '2'], Digit3: ['"', '3'], Digit4: ["'", '4'], Digit5: ['(', '5'], Digit6: ['-', '6'],
  Digit7: ['è', '7'], Digit8: ['_', '8'], Digit9: ['ç', '9'], Digit0: ['à', '0'], Slash: ['!', '§'], Period: [';', '.'],
  Comma: [';', '.'], Minus: [')', '°'], Quote: ['ù', '%'], BracketLeft: ['Dead', 'Dead']
}
const QWERTZ: Record<string, [string, string]> = {
  KeyY: ['z', 'Z'], KeyZ: ['y', 'Y'], Slash: ['-', '_'], Semicolon: ['ö', 'Ö'], Period: ['.', ':'], Minus: ['ß', '?']
}

type Layout = 'us' | 'azerty' | 'qwertz' | 'capslock'

function layoutKey(code: string, shift: boolean, layout: Layout): string {
  const us = usChar(code, shift) ?? ''
  if (layout === 'azerty') return AZERTY[code]?.[shift ? 1 : 0] ?? us
  if (layout === 'qwertz') return QWERTZ[code]?.[shift ? 1 : 0] ?? us
  if (layout === 'capslock') return /[a-z]/i.test(us) && us.length === 1 ? (us === us.toLowerCase() ? us.toUpperCase() : us.toLowerCase()) : us
  return us
}

/**
 * The key events a US scanner sends for `text` from `t0`, as seen under `layout`: `gap` ms apart, or
 * with `gaps[i]` ms after the i-th key (the last one before the end key).
 */
function burst(text: string, opts: { t0?: number; gap?: number; gaps?: number[]; layout?: Layout; inTextField?: boolean; end?: string | null } = {}): WedgeKey[] {
  const { t0 = 1000, gap = 4, layout = 'us', inTextField = false, end = 'Enter' } = opts
  const events: WedgeKey[] = []
  let t = t0
  for (const [i, ch] of [...text].entries()) {
    const k = CODE_OF.get(ch)
    if (!k) throw new Error(`no US key for ${ch}`)
    if (k.shift) events.push({ code: 'ShiftLeft', key: 'Shift', shiftKey: true, timeStamp: t, inTextField })
    events.push({ code: k.code, key: layoutKey(k.code, k.shift, layout), shiftKey: k.shift, timeStamp: t, inTextField })
    t += opts.gaps?.[i] ?? gap
  }
  if (end) events.push({ code: end, key: end === 'Tab' ? 'Tab' : 'Enter', shiftKey: false, timeStamp: t, inTextField })
  return events
}

/** A Bluetooth scanner's gaps: `size` keys a packet, `within` ms apart inside one, `between` ms from one packet to the next. */
function packetGaps(count: number, size: number, within: number, between: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i + 1) % size === 0 ? between : within))
}

function run(d: WedgeDetector, events: WedgeKey[]) {
  const scans: WedgeScan[] = []
  const consumed: boolean[] = []
  let retract = 0
  for (const ev of events) {
    const r = d.key(ev)
    scans.push(...r.scans)
    if (!ev.code.startsWith('Shift')) consumed.push(r.consume)
    retract += r.retract
  }
  return { scans, consumed, retract }
}

describe('WedgeDetector', () => {
  it('reads a CaseID URL and a Metrc tag sent 4 ms apart and ended by Enter', () => {
    const d = new WedgeDetector({})
    const a = run(d, burst(CASE_URL))
    expect(a.scans).toEqual([{ text: CASE_URL, at: 1000 + 4 * CASE_URL.length }])
    expect(a.consumed.every(Boolean)).toBe(true)
    const b = run(d, burst(METRC, { t0: 5000 }))
    expect(b.scans).toEqual([{ text: METRC, at: 5000 + 4 * METRC.length }])
  })

  for (const layout of ['azerty', 'qwertz', 'capslock'] as const) {
    it(`rebuilds the label's characters from the US codes under ${layout}`, () => {
      const d = new WedgeDetector({})
      const events = burst(CASE_URL, { layout })
      // The layout really does change `key`: the test would catch a detector that read it.
      expect(events.map((e) => (e.code.startsWith('Shift') || e.code === 'Enter' ? '' : e.key)).join('')).not.toBe(CASE_URL)
      expect(run(d, events).scans.map((s) => s.text)).toEqual([CASE_URL])
      expect(run(d, burst(METRC, { layout, t0: 9000 })).scans.map((s) => s.text)).toEqual([METRC])
    })
  }
})

/** Keys typed by a person: `gap` ms apart, `key` as typed, no end key. */
function typed(text: string, gap: number, t0 = 1000, inTextField = false): WedgeKey[] {
  return burst(text, { gap, t0, inTextField, end: null })
}

/** Replays events against a simulated text field: unconsumed characters land in it, retract removes them. */
function intoField(d: WedgeDetector, events: WedgeKey[], initial = '') {
  let field = initial
  const scans: WedgeScan[] = []
  for (const ev of events) {
    const r = d.key(ev)
    scans.push(...r.scans)
    if (r.retract > 0) field = field.slice(0, Math.max(0, field.length - r.retract))
    const ch = usChar(ev.code, ev.shiftKey)
    // What a browser types: the key's character; a dead key types nothing by itself.
    if (!r.consume && ch !== null && ev.inTextField && !ev.ctrlKey && !ev.altKey && !ev.metaKey && ev.key.length === 1) field += ev.key
  }
  return { field, scans }
}

describe('WedgeDetector: people are not scanners', () => {
  it('never takes typing at 150 ms per key as a scan, in a field or not', () => {
    for (const inTextField of [false, true]) {
      const d = new WedgeDetector({})
      const events = [...typed(CASE_URL, 150, 1000, inTextField)]
      const last = events[events.length - 1]!.timeStamp
      events.push({ code: 'Enter', key: 'Enter', shiftKey: false, timeStamp: last + 150, inTextField })
      const r = run(d, events)
      expect(r.scans).toEqual([])
      expect(d.tick(last + 10_000)).toEqual([])
      if (inTextField) {
        expect(r.consumed.some(Boolean)).toBe(false)
        expect(r.retract).toBe(0)
      } else {
        expect(r.consumed[r.consumed.length - 1]).toBe(false) // the Enter goes to the page
      }
    }
  })

  it('never takes a person typing at 120-300 ms per key, then Enter, as a scan; outside a field it is typing', () => {
    const gaps = [180, 240, 135, 290, 200, 125, 260, 170, 230, 150, 205, 185, 250, 140, 220, 195, 275, 160, 210, 245, 130, 190, 225, 175]
    for (const inTextField of [false, true]) {
      const d = new WedgeDetector({})
      const events = burst(METRC.toLowerCase(), { gaps, inTextField }) // (no Shift keys: one decision a key)
      const decisions = events.map((e) => d.key(e))
      expect(decisions.flatMap((x) => x.scans)).toEqual([])
      expect(decisions.every((x) => x.retract === 0)).toBe(true)
      expect(decisions.at(-1)!.consume).toBe(false) // the Enter goes to the page
      if (inTextField) expect(decisions.some((x) => x.consume)).toBe(false)
      // Typing with nothing to take it is said as each run of keys ends (here every key, then the Enter
      // ends the last); typing into a field is not.
      expect(decisions.map((x) => x.typing)).toEqual(decisions.map((_, i) => i > 0 && !inTextField))
      expect(d.pause(events.at(-1)!.timeStamp + 10_000)).toEqual({ consume: false, scans: [], retract: 0, typing: false })
    }
  })

  it('never takes a fast, uneven typist (keys 60-100 ms apart) ending with Enter as a scan', () => {
    const gaps = [70, 95, 62, 88, 100, 75, 83, 64, 97, 79]
    const d = new WedgeDetector({})
    const r = intoField(d, burst('helloworld', { gaps, inTextField: true }), 'note ')
    expect(r.scans).toEqual([])
    expect(r.field).toBe('note helloworld')
  })

  it('reports typing at the pause after keys pressed with no text field focused, and not for a scan', () => {
    const d = new WedgeDetector({})
    expect(d.key({ code: 'KeyA', key: 'a', shiftKey: false, timeStamp: 1000, inTextField: false }).typing).toBe(false)
    expect(d.pause(1100).typing).toBe(false)
    expect(d.pause(1150)).toEqual({ consume: false, scans: [], retract: 0, typing: true })
    expect(d.pause(5000).typing).toBe(false) // said once
    const scan = run(d, burst(METRC, { t0: 6000, end: null }))
    expect(scan.scans).toEqual([])
    expect(d.pause(8000)).toMatchObject({ scans: [{ text: METRC }], typing: false })
    // Space presses the focused button: not typing.
    d.key({ code: 'Space', key: ' ', shiftKey: false, timeStamp: 9000, inTextField: false })
    expect(d.pause(10_000).typing).toBe(false)
  })

  it('leaves a short fast burst (a typist\'s rollover) alone', () => {
    const d = new WedgeDetector({})
    const r = run(d, burst('abcde', { inTextField: true }))
    expect(r.scans).toEqual([])
    expect(r.consumed).toEqual([false, false, false, false, false, false])
  })

  it('never makes a held key (auto-repeat) a scan', () => {
    const d = new WedgeDetector({})
    const events: WedgeKey[] = Array.from({ length: 30 }, (_, i) => ({ code: 'KeyA', key: 'a', shiftKey: false, repeat: i > 0, timeStamp: 1000 + 33 * i, inTextField: true }))
    expect(run(d, events).scans).toEqual([])
    expect(d.tick(5000)).toEqual([])
  })

  it('never puts a key with Ctrl, Alt or Meta into a scan', () => {
    for (const mod of ['ctrlKey', 'altKey', 'metaKey'] as const) {
      const d = new WedgeDetector({})
      const events = burst('abcdefgh', { end: null }).map((e) => ({ ...e, [mod]: true }))
      const r = run(d, events)
      expect(r.scans).toEqual([])
      expect(r.consumed.some(Boolean)).toBe(false)
      expect(d.tick(10_000)).toEqual([])
    }
    // A shortcut in the middle of a burst ends it; it is not read as a character.
    const d = new WedgeDetector({})
    const events = burst('abcdefgh', { end: null })
    events.splice(3, 0, { code: 'KeyV', key: 'v', shiftKey: false, ctrlKey: true, timeStamp: 1010, inTextField: false })
    const r = run(d, events)
    expect([...r.scans, ...d.tick(10_000)].map((s) => s.text)).toEqual([])
  })
})

describe('WedgeDetector: bursts inside a text field', () => {
  it('lets the first keys type, then takes the burst and says how much to remove', () => {
    const d = new WedgeDetector({})
    const events = burst(METRC, { inTextField: true }).filter((e) => e.code !== 'ShiftLeft')
    const decisions = events.map((e) => d.key(e))
    expect(decisions.slice(0, 5).map((x) => x.consume)).toEqual([false, false, false, false, false])
    expect(decisions[5]).toMatchObject({ consume: true, retract: 5 })
    expect(decisions.slice(6).every((x) => x.consume && x.retract === 0)).toBe(true)
    expect(decisions.flatMap((x) => x.scans)).toEqual([{ text: METRC, at: 1000 + 4 * 24 }])
  })

  it('keeps what the person typed before the burst and removes the burst from the field', () => {
    const d = new WedgeDetector({})
    const human = typed('ab', 150, 0, true)
    const scan = burst(CASE_URL, { t0: 2000, inTextField: true, layout: 'azerty' })
    const r = intoField(d, [...human, ...scan])
    expect(r.field).toBe('ab')
    expect(r.scans.map((s) => s.text)).toEqual([CASE_URL])
  })

  it('counts the Shift keys a scanner presses without counting them as characters', () => {
    const d = new WedgeDetector({})
    const r = intoField(d, burst('ABCDEFGHJK', { inTextField: true }))
    expect(r.field).toBe('')
    expect(r.scans.map((s) => s.text)).toEqual(['ABCDEFGHJK'])
  })
})

describe('WedgeDetector: slow scanners (keys up to 100 ms apart)', () => {
  it('reads a Bluetooth scanner sending packets of 4 keys 3 ms apart, 100 ms between packets, ended by Enter', () => {
    for (const inTextField of [false, true]) {
      const d = new WedgeDetector({})
      const events = burst(CASE_URL, { gaps: packetGaps(CASE_URL.length, 4, 3, 100), inTextField, layout: 'azerty' })
      const r = intoField(d, events, 'keep')
      expect(r.scans.map((x) => x.text)).toEqual([CASE_URL])
      expect(r.field).toBe('keep') // typed while it was not yet known to be a scan, then taken back out
      expect(d.key(events.at(-1)!).consume).toBe(false) // (a lone Enter afterwards is the person's)
    }
  })

  it('reads a scanner set to a slow, even speed (a key every 60, 80 or 100 ms) ended by Enter or Tab', () => {
    for (const gap of [60, 80, 100]) {
      for (const end of ['Enter', 'Tab']) {
        const d = new WedgeDetector({})
        const decisions = burst(METRC, { gap, end, inTextField: true }).map((e) => d.key(e))
        expect(decisions.flatMap((x) => x.scans)).toEqual([{ text: METRC, at: 1000 + gap * 24 }])
        expect(decisions.at(-1)).toMatchObject({ consume: true, retract: 24 })
      }
    }
  })

  it('reads an even scanner with a few milliseconds of jitter', () => {
    const gaps = [84, 91, 79, 88, 95, 82, 86, 90, 80, 93, 85, 87, 81, 92, 89, 83, 94, 86, 80, 90, 88, 84, 91, 85]
    const d = new WedgeDetector({})
    expect(run(d, burst(METRC, { gaps })).scans.map((x) => x.text)).toEqual([METRC])
  })

  it('does not read a slow burst without its Enter or Tab (a person could have typed it)', () => {
    const d = new WedgeDetector({})
    const r = run(d, burst(METRC, { gap: 80, end: null }))
    expect([...r.scans, ...d.tick(10_000)]).toEqual([])
  })

  it('does not read a slow burst whose Enter comes more than 100 ms after its last key', () => {
    const d = new WedgeDetector({})
    const gaps = packetGaps(24, 4, 3, 100)
    gaps[23] = 101
    expect(run(d, burst(METRC, { gaps })).scans).toEqual([])
  })

  it('keeps a fast packet scanner without Enter going across 100 ms gaps, and ends it on the pause', () => {
    const d = new WedgeDetector({})
    const r = run(d, burst(CASE_URL, { gaps: packetGaps(CASE_URL.length, 8, 2, 100), end: null }))
    expect(r.scans).toEqual([])
    expect(r.consumed.every(Boolean)).toBe(true)
    const last = 1000 + packetGaps(CASE_URL.length - 1, 8, 2, 100).reduce((a, b) => a + b, 0)
    expect(d.tick(last + 150)).toEqual([{ text: CASE_URL, at: last }])
  })
})

describe('WedgeDetector: how a scan ends', () => {
  it('ends on Enter, NumpadEnter and Tab, swallowing the end key', () => {
    for (const end of ['Enter', 'NumpadEnter', 'Tab']) {
      const d = new WedgeDetector({})
      const r = run(d, burst(METRC, { end }))
      expect(r.scans.map((s) => s.text)).toEqual([METRC])
      expect(r.consumed[r.consumed.length - 1]).toBe(true)
    }
  })

  it('ends on a pause, through tick, at the time of the last key', () => {
    const d = new WedgeDetector({})
    const r = run(d, burst(METRC, { end: null }))
    expect(r.scans).toEqual([])
    const lastKey = 1000 + 4 * 23
    expect(d.deadline()).toBe(lastKey + 150)
    expect(d.tick(lastKey + 149)).toEqual([])
    expect(d.tick(lastKey + 150)).toEqual([{ text: METRC, at: lastKey }])
    expect(d.deadline()).toBe(null)
    expect(d.tick(lastKey + 1000)).toEqual([])
  })

  it('ends on a pause seen by the next key when no timer ran', () => {
    const d = new WedgeDetector({})
    run(d, burst(METRC, { end: null }))
    const r = d.key({ code: 'KeyX', key: 'x', shiftKey: false, timeStamp: 5000, inTextField: false })
    expect(r.scans.map((s) => s.text)).toEqual([METRC])
  })

  it('splits two codes sent with a gap longer than a scanner leaves between keys (100 ms), in whole milliseconds', () => {
    const d = new WedgeDetector({})
    const r = run(d, [...burst(METRC, { end: null }), ...burst('ABCDEFGH', { t0: 1000 + 4 * 23 + 101 })])
    expect(r.scans.map((s) => s.text)).toEqual([METRC, 'ABCDEFGH'])
    // A stamp a fraction of a millisecond over 100 ms (clocks are coarsened) is still 100 ms.
    const one = new WedgeDetector({})
    const joined = run(one, [...burst('ABCDEFGH', { end: null }), ...burst('JKLMNPQR', { t0: 1000 + 4 * 7 + 100.4 })])
    expect(joined.scans.map((s) => s.text)).toEqual(['ABCDEFGHJKLMNPQR'])
  })

  it('never ends a scan on a pause shorter than a gap a scan may have', () => {
    const d = new WedgeDetector({ maxInterKeyMs: 100, pauseEndsScanMs: 40 })
    expect(d.options.pauseEndsScanMs).toBe(40)
    run(d, burst(METRC, { end: null }))
    expect(d.deadline()).toBe(1000 + 4 * 23 + 101)
  })

  it('honours configured timing and length', () => {
    const slow = new WedgeDetector({ maxInterKeyMs: 120, pauseEndsScanMs: 300, minLength: 3 })
    expect(run(slow, burst('abc', { gap: 100 })).scans.map((s) => s.text)).toEqual(['abc'])
    const strict = new WedgeDetector({ maxInterKeyMs: 10 })
    expect(run(strict, burst(METRC, { gap: 20 })).scans).toEqual([])
    const oldDefault = new WedgeDetector({ maxInterKeyMs: 50 })
    expect(run(oldDefault, burst(METRC, { gaps: packetGaps(24, 4, 3, 100) })).scans).toEqual([])
    const tabIsText = new WedgeDetector({ endKeys: ['Enter'] })
    const r = run(tabIsText, burst(METRC, { end: 'Tab' }))
    expect(r.scans.map((s) => s.text)).toEqual([METRC]) // ended by Tab as a non-character key
    expect(r.consumed[r.consumed.length - 1]).toBe(false)
  })
})

describe('WedgeDetector: prefix key', () => {
  it('takes what follows the prefix as a scan from the first character, even a short one', () => {
    const d = new WedgeDetector({ prefixCode: 'F12' })
    const events = [{ code: 'F12', key: 'F12', shiftKey: false, timeStamp: 996, inTextField: true }, ...burst('ab1', { inTextField: true })]
    const r = run(d, events)
    expect(r.scans.map((s) => s.text)).toEqual(['ab1'])
    expect(r.consumed.every(Boolean)).toBe(true)
    expect(r.retract).toBe(0)
  })

  it('drops a prefix followed by a person typing', () => {
    const d = new WedgeDetector({ prefixCode: 'F12' })
    const events = [{ code: 'F12', key: 'F12', shiftKey: false, timeStamp: 800, inTextField: true }, ...typed('ab1', 150, 1000, true)]
    const r = run(d, events)
    expect([...r.scans, ...d.tick(5000)]).toEqual([])
    expect(r.consumed).toEqual([true, false, false, false])
  })

  it('without a prefix configured, a short burst is no scan', () => {
    expect(run(new WedgeDetector({}), burst('ab1')).scans).toEqual([])
  })
})

describe('WedgeDetector: repeats', () => {
  it('marks the same code within 2 s as a duplicate, and not after', () => {
    const d = new WedgeDetector({})
    const first = run(d, burst(METRC, { t0: 0 })).scans
    const again = run(d, burst(METRC, { t0: 1500 })).scans
    const other = run(d, burst(CASE_URL, { t0: 2000 })).scans
    const later = run(d, burst(METRC, { t0: 1500 + 2100 })).scans
    expect(first).toEqual([{ text: METRC, at: 96 }])
    expect(again).toEqual([{ duplicate: true, text: METRC, at: 1596 }])
    expect(other[0]).not.toHaveProperty('duplicate')
    expect(later).toEqual([{ text: METRC, at: 3696 }])
  })

  it('keeps a code held under the scanner "already scanned" for as long as it repeats', () => {
    const d = new WedgeDetector({})
    const scans = [0, 1500, 3000, 4500].flatMap((t0) => run(d, burst(METRC, { t0 })).scans)
    expect(scans.map((s) => 'duplicate' in s)).toEqual([false, true, true, true])
  })

  it('uses the configured window', () => {
    const d = new WedgeDetector({ repeatIgnoreMs: 0 })
    const scans = [0, 500].flatMap((t0) => run(d, burst(METRC, { t0 })).scans)
    expect(scans.map((s) => 'duplicate' in s)).toEqual([false, false])
  })
})

describe('US keymap', () => {
  it('maps every listed key with and without Shift', () => {
    expect(usChar('KeyA', false)).toBe('a')
    expect(usChar('KeyA', true)).toBe('A')
    expect(usChar('Digit2', true)).toBe('@')
    expect(usChar('Slash', false)).toBe('/')
    expect(usChar('Semicolon', true)).toBe(':')
    expect(usChar('Quote', true)).toBe('"')
    expect(usChar('Backquote', true)).toBe('~')
    expect(usChar('Numpad7', true)).toBe('7')
    expect(usChar('NumpadDecimal', false)).toBe('.')
    expect(usChar('NumpadDivide', false)).toBe('/')
    expect(usChar('Space', false)).toBe(' ')
    for (const code of ['Enter', 'Tab', 'ShiftLeft', 'CapsLock', 'ArrowLeft', 'F2', '', 'toString', '__proto__']) expect(usChar(code, false)).toBe(null)
    for (const ch of ['a', 'z', 'A', 'Z', '0', '9', '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '-', '_', '=', '+', '[', ']', '{', '}', '\\', '|', ';', ':', "'", '"', '`', '~', ',', '<', '.', '>', '/', '?', ' ']) {
      expect(CODE_OF.has(ch)).toBe(true)
    }
  })

  it('reads Numpad digits from the code whatever Num Lock puts in key', () => {
    const d = new WedgeDetector({})
    const events: WedgeKey[] = '12345678'.split('').map((c, i) => ({ code: `Numpad${c}`, key: 'End', shiftKey: false, timeStamp: 10 + 3 * i, inTextField: false }))
    events.push({ code: 'NumpadEnter', key: 'Enter', shiftKey: false, timeStamp: 40, inTextField: false })
    expect(run(d, events).scans.map((s) => s.text)).toEqual(['12345678'])
  })
})

// ---- fuzz: 10,000+ generated keystroke sequences -------------------------------------------------

const LABEL_CHARS = [...CODE_OF.keys()].filter((c) => c !== ' ')
const labelText = fc.array(fc.constantFrom(...LABEL_CHARS), { minLength: 6, maxLength: 80 }).map((a) => a.join(''))
const anyLayout = fc.constantFrom<Layout>('us', 'azerty', 'qwertz', 'capslock')
const anyEnding = fc.constantFrom('Enter', 'NumpadEnter', 'Tab')

/**
 * A generated label typed in any layout into a text field holding "keep" (or outside one), 3,000 runs:
 * `typing` generates the rest of how it is typed; `check` gets the run's values, the keys sent and what
 * the detector and the field made of them.
 */
function everyLabelTyped<T extends object>(
  typing: { [K in keyof T]: fc.Arbitrary<T[K]> },
  keys: (run: T & { text: string; layout: Layout }) => WedgeKey[],
  check: (run: T & { text: string }, typed: { d: WedgeDetector; events: WedgeKey[]; scans: WedgeScan[]; field: string }) => void
): void {
  fc.assert(
    fc.property(labelText, anyLayout, fc.record(typing), (text, layout, values) => {
      const run = { ...values, text, layout }
      const d = new WedgeDetector({})
      const events = keys(run)
      check(run, { d, events, ...intoField(d, events, 'keep') })
    }),
    { numRuns: 3000 }
  )
}
const anyCode = fc.oneof(
  fc.constantFrom(...Object.keys(US_KEYMAP), 'Enter', 'NumpadEnter', 'Tab', 'ShiftLeft', 'ShiftRight', 'CapsLock', 'ControlLeft', 'AltRight', 'Backspace', 'ArrowLeft', 'Escape', 'F2', 'F12', ''),
  fc.string({ maxLength: 12 })
)
const anyEvent = fc.record({
  code: anyCode,
  key: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('Dead', 'Shift', 'Enter', 'Unidentified')),
  shiftKey: fc.boolean(),
  ctrlKey: fc.boolean(),
  altKey: fc.boolean(),
  metaKey: fc.boolean(),
  repeat: fc.boolean(),
  inTextField: fc.boolean(),
  dt: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -5, max: 5000 }), fc.constantFrom(Number.NaN, Infinity))
})

describe('WedgeDetector fuzz', () => {
  it('never throws on arbitrary key sequences and always answers well-formed decisions (4,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 60 }), fc.boolean(), (events, withPrefix) => {
        const d = new WedgeDetector(withPrefix ? { prefixCode: 'F12' } : {})
        let t = 0
        let typedInField = 0
        for (const e of events) {
          t += e.dt
          const r = d.key({ ...e, timeStamp: t })
          expect(typeof r.consume).toBe('boolean')
          expect(r.retract).toBeGreaterThanOrEqual(0)
          expect(r.retract).toBeLessThanOrEqual(typedInField)
          if (r.retract > 0) typedInField = 0
          if (!r.consume && e.inTextField && e.key.length === 1) typedInField++
          for (const s of r.scans) expect(typeof s.text).toBe('string')
          for (const s of r.scans) expect(s.text.length).toBeGreaterThan(0)
        }
        d.tick(t + 10_000)
      }),
      { numRuns: 4000 }
    )
  })

  it('never makes a scan from keys more than 100 ms apart, nor swallows them in a text field (3,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ code: fc.constantFrom(...Object.keys(US_KEYMAP), 'Enter', 'NumpadEnter', 'Tab', 'Backspace'), shiftKey: fc.boolean(), gap: fc.integer({ min: 101, max: 2000 }) }),
          { maxLength: 80 }
        ),
        fc.boolean(),
        (keys, inTextField) => {
          const d = new WedgeDetector({})
          let t = 0
          for (const k of keys) {
            t += k.gap
            const r = d.key({ code: k.code, key: usChar(k.code, k.shiftKey) ?? k.code, shiftKey: k.shiftKey, timeStamp: t, inTextField })
            expect(r.scans).toEqual([])
            expect(r.retract).toBe(0)
            if (inTextField) expect(r.consume).toBe(false)
            expect(d.tick(t + 20)).toEqual([])
          }
          expect(d.tick(t + 10_000)).toEqual([])
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('never makes a scan from uneven typing, however fast (keys 55-300 ms apart, each gap 21+ ms off the last; 3,000 runs)', () => {
    fc.assert(
      fc.property(
        labelText,
        fc.integer({ min: 55, max: 300 }),
        fc.array(fc.integer({ min: 21, max: 80 }), { minLength: 80, maxLength: 80 }),
        fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
        anyEnding,
        fc.boolean(),
        (text, first, steps, ups, end, inTextField) => {
          // A person's rhythm: each gap differs from the one before by 21-80 ms, up or down, within 55-300 ms.
          const gaps = [first]
          for (let i = 1; i < text.length; i++) {
            const up = gaps[i - 1]! + steps[i]!
            const down = gaps[i - 1]! - steps[i]!
            gaps.push((ups[i] && up <= 300) || down < 55 ? up : down)
          }
          const d = new WedgeDetector({})
          const r = intoField(d, burst(text, { gaps, end, inTextField }), 'keep')
          expect([...r.scans, ...d.tick(1_000_000)]).toEqual([])
          if (inTextField) expect(r.field).toBe(`keep${text}`)
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('reads every label sent in packets (3-8 keys, 0-8 ms apart, packets up to 100 ms apart) with its Enter or Tab (3,000 runs)', () => {
    everyLabelTyped(
      { size: fc.integer({ min: 3, max: 8 }), within: fc.integer({ min: 0, max: 8 }), between: fc.integer({ min: 9, max: 100 }), inTextField: fc.boolean(), end: anyEnding },
      ({ text, layout, size, within, between, inTextField, end }) => burst(text, { layout, gaps: packetGaps(text.length, size, within, between), inTextField, end }),
      ({ text }, { d, events, scans, field }) => {
        expect([...scans, ...d.tick(1_000_000)]).toEqual([{ text, at: events.at(-1)!.timeStamp }])
        expect(field).toBe('keep')
      }
    )
  })

  it('reads every generated label exactly, whatever the layout, even gap up to 100 ms, field or ending (3,000 runs)', () => {
    everyLabelTyped(
      { gap: fc.integer({ min: 1, max: 100 }), inTextField: fc.boolean(), end: fc.constantFrom('Enter', 'NumpadEnter', 'Tab', null) },
      ({ text, layout, gap, inTextField, end }) => {
        // Without Enter or Tab, only a fast scanner (keys within 50 ms) is told from a person.
        fc.pre(end !== null || gap <= 50)
        return burst(text, { layout, gap, inTextField, end })
      },
      ({ text, gap, end }, { d, events, scans, field }) => {
        expect([...scans, ...d.tick(events[events.length - 1]!.timeStamp + 150)]).toEqual([{ text, at: end ? 1000 + gap * text.length : 1000 + gap * (text.length - 1) }])
        expect(field).toBe('keep')
      }
    )
  })
})
