// A USB scanner as the browser sees it, through the Chrome DevTools Protocol: it presses US-layout
// physical keys (`code`), and the operating system's layout decides which character (`key`) each
// press gives. These helpers send exactly that pair, so a test can play a French AZERTY layout or
// Caps Lock without changing the machine's keyboard.
import type { CDPSession, Page } from '@playwright/test'

export type Layout = 'us' | 'azerty' | 'capslock'

export interface Stroke {
  code: string
  key: string
  shift: boolean
}

// The US key (and Shift) that types each printable ASCII character.
const US: Record<string, [string, boolean]> = (() => {
  const map: Record<string, [string, boolean]> = {}
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(97 + i)
    map[c] = [`Key${c.toUpperCase()}`, false]
    map[c.toUpperCase()] = [`Key${c.toUpperCase()}`, true]
  }
  ')!@#$%^&*('.split('').forEach((s, d) => {
    map[String(d)] = [`Digit${d}`, false]
    map[s] = [`Digit${d}`, true]
  })
  const pairs: [string, string, string][] = [
    ['Minus', '-', '_'], ['Equal', '=', '+'], ['BracketLeft', '[', '{'], ['BracketRight', ']', '}'], ['Backslash', '\\', '|'],
    ['Semicolon', ';', ':'], ['Quote', "'", '"'], ['Backquote', '`', '~'], ['Comma', ',', '<'], ['Period', '.', '>'], ['Slash', '/', '?']
  ]
  for (const [code, plain, shifted] of pairs) {
    map[plain] = [code, false]
    map[shifted] = [code, true]
  }
  return map
})()

// French AZERTY (the usual PC layout): what each US-position key types, [plain, with Shift].
// Keys not listed type the same letter as on a US keyboard.
const AZERTY: Record<string, [string, string]> = {
  KeyQ: ['a', 'A'], KeyA: ['q', 'Q'], KeyW: ['z', 'Z'], KeyZ: ['w', 'W'], Semicolon: ['m', 'M'], KeyM: [',', '?'],
  Digit1: ['&', '1'], Digit2: ['é', '2'], Digit3: ['"', '3'], Digit4: ["'", '4'], Digit5: ['(', '5'],
  Digit6: ['-', '6'], Digit7: ['è', '7'], Digit8: ['_', '8'], Digit9: ['ç', '9'], Digit0: ['à', '0'],
  Minus: [')', '°'], Equal: ['=', '+'], BracketRight: ['$', '£'], Quote: ['ù', '%'], Backslash: ['*', 'µ'],
  Comma: [';', '.'], Period: [':', '/'], Slash: ['!', '§']
}

/** The key presses a US scanner sends for `text`, with the `key` each gives under `layout`. */
export function strokesFor(text: string, layout: Layout): Stroke[] {
  return [...text].map((ch) => {
    const us = US[ch]
    if (!us) throw new Error(`no US key types ${JSON.stringify(ch)}`)
    const [code, shift] = us
    let key = ch
    if (layout === 'azerty') key = AZERTY[code]?.[shift ? 1 : 0] ?? ch
    if (layout === 'capslock' && /^[a-z]$/i.test(ch)) key = shift ? ch.toLowerCase() : ch.toUpperCase()
    return { code, key, shift }
  })
}

const SHIFT = 8 // CDP modifier bit

/**
 * Presses each stroke (keyDown with its text, keyUp), then Enter, as trusted input `gapMs` apart.
 * The gaps are in each event's own timestamp (the page times keys by `event.timeStamp`) and the
 * messages go out at once. The stamps start `leadMs` ahead of the clock: DevTools delivers input one
 * message at a time, and on a busy test machine a burst can take longer to arrive than the scanner
 * took to type it; the page's pause timer (real time) would then see a pause the scanner never made.
 */
export async function sendStrokes(cdp: CDPSession, strokes: Stroke[], gapMs: number | ((i: number) => number), startAt: number, leadMs = 1000): Promise<number> {
  const all = [...strokes, { code: 'Enter', key: 'Enter', shift: false }]
  const gapAfter = typeof gapMs === 'number' ? () => gapMs : gapMs
  let at = Math.max(Date.now() + leadMs, startAt)
  const sends: Promise<unknown>[] = []
  for (const [i, s] of all.entries()) {
    const timestamp = at / 1000
    // Enter types a carriage return, as a keyboard's does (a form is submitted by it unless the page takes the key).
    const text = s.code === 'Enter' ? '\r' : s.key.length === 1 ? s.key : null
    const common = { code: s.code, key: s.key, modifiers: s.shift ? SHIFT : 0, ...(s.code === 'Enter' ? { windowsVirtualKeyCode: 13 } : {}) }
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: text !== null ? 'keyDown' : 'rawKeyDown', timestamp, ...common, ...(text !== null ? { text, unmodifiedText: text } : {}) }))
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: timestamp + gapAfter(i) / 2000, ...common }))
    at += gapAfter(i)
  }
  await Promise.all(sends)
  return at
}

/** A US scanner on `page`: each call types one code 4 ms a key, under `layout`, ending with Enter. */
export async function usbScanner(page: Page): Promise<(text: string, layout?: Layout) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page)
  let lastStamp = 0 // the next code never starts before the previous one ended
  return async (text, layout = 'us') => {
    lastStamp = await sendStrokes(cdp, strokesFor(text, layout), 4, lastStamp + 200)
  }
}

/**
 * A Bluetooth scanner on `page`: keys in packets of 4, 3 ms apart, with 100 ms from one packet to
 * the next (the largest gap the station accepts inside a scan), ending with Enter.
 */
export async function bluetoothScanner(page: Page): Promise<(text: string, layout?: Layout) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page)
  let lastStamp = 0
  return async (text, layout = 'us') => {
    lastStamp = await sendStrokes(cdp, strokesFor(text, layout), (i) => ((i + 1) % 4 === 0 ? 100 : 3), lastStamp + 200)
  }
}

/** A person's uneven rhythm: 180-250 ms from key to key, never close to a scanner's 100 ms. */
const PERSON_GAPS = [210, 185, 245, 195, 230, 180, 250, 205, 220, 190]

/** A person typing `text` on `page` and pressing Enter, keys stamped 180-250 ms apart (a load on the machine cannot bring them closer). */
export async function personTyping(page: Page): Promise<(text: string) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page)
  let lastStamp = 0
  return async (text) => {
    lastStamp = await sendStrokes(cdp, strokesFor(text, 'us'), (i) => PERSON_GAPS[i % PERSON_GAPS.length]!, lastStamp + 1000)
  }
}

/** Records every text the page's status region shows, in order (installed before the page loads). */
export async function recordStatus(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __statusSeen: string[] }).__statusSeen = seen
    const watch = () => {
      const el = document.querySelector('[role="status"]')
      if (!el) return false
      let last = ''
      const note = () => {
        const text = el.textContent ?? ''
        if (text !== last) seen.push(text)
        last = text
      }
      note()
      new MutationObserver(note).observe(el, { childList: true, characterData: true, subtree: true })
      return true
    }
    const poll = setInterval(() => watch() && clearInterval(poll), 20)
  })
  return () => page.evaluate(() => [...(window as unknown as { __statusSeen: string[] }).__statusSeen])
}

/** Records the sounds the page plays (the URL of each `play()`), without stopping them. */
export async function recordSounds(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const played: string[] = []
    ;(window as unknown as { __soundsPlayed: string[] }).__soundsPlayed = played
    const original = HTMLMediaElement.prototype.play
    HTMLMediaElement.prototype.play = function play(this: HTMLMediaElement) {
      if (this instanceof HTMLAudioElement) played.push(this.currentSrc || this.src)
      return original.call(this)
    }
  })
  return () => page.evaluate(() => [...(window as unknown as { __soundsPlayed: string[] }).__soundsPlayed])
}
