// The DOM binding, driven in node through a minimal stand-in for the window (no DOM library needed).
import { describe, expect, it, vi } from 'vitest'
import { attachWedge } from '../../../renderer/src/scan/attachWedge'
import type { WedgeScan } from '../../../renderer/src/scan/wedge.std'

type Listener = (event: unknown) => void

function fakeWindow() {
  let now = 0
  const listeners = new Map<string, Set<Listener>>()
  const timers = new Map<number, { at: number; fn: () => void }>()
  let nextTimer = 1
  const doc = { activeElement: null as unknown }
  const win = {
    document: doc,
    performance: { now: () => now },
    setTimeout: (fn: () => void, ms: number) => {
      const id = nextTimer++
      timers.set(id, { at: now + ms, fn })
      return id
    },
    clearTimeout: (id: number) => void timers.delete(id),
    addEventListener: (type: string, fn: Listener, _opts?: unknown) => {
      if (!listeners.has(type)) listeners.set(type, new Set())
      listeners.get(type)!.add(fn)
    },
    removeEventListener: (type: string, fn: Listener) => void listeners.get(type)?.delete(fn)
  }
  return {
    win,
    doc,
    listenerCount: (type: string) => listeners.get(type)?.size ?? 0,
    /** Moves the clock, running due timers. */
    advance(ms: number) {
      const end = now + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = Math.max(now, due[1].at)
        due[1].fn()
      }
      now = end
    },
    key(code: string, key: string, shiftKey = false) {
      const event = { code, key, shiftKey, ctrlKey: false, altKey: false, metaKey: false, repeat: false, isComposing: false, timeStamp: now, preventDefault: vi.fn(), stopPropagation: vi.fn() }
      for (const fn of listeners.get('keydown') ?? []) fn(event)
      return event
    }
  }
}

function typeBurst(w: ReturnType<typeof fakeWindow>, text: string, gap = 4) {
  const events = []
  for (const ch of text) {
    const upper = /[A-Z]/.test(ch)
    const code = /[0-9]/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`
    events.push(w.key(code, ch, upper))
    w.advance(gap)
  }
  return events
}

describe('attachWedge', () => {
  it('listens in the capture phase, reports a scan ended by Enter and swallows its keys', () => {
    const w = fakeWindow()
    const scans: WedgeScan[] = []
    const stop = attachWedge(w.win as unknown as Window, (s) => scans.push(s))
    const events = typeBurst(w, '1A4FF0100000022000000123')
    const enter = w.key('Enter', 'Enter')
    expect(scans.map((s) => s.text)).toEqual(['1A4FF0100000022000000123'])
    expect(events.every((e) => e.preventDefault.mock.calls.length === 1)).toBe(true)
    expect(enter.preventDefault).toHaveBeenCalled()
    stop()
    expect(w.listenerCount('keydown')).toBe(0)
    typeBurst(w, 'ABCDEFGH')
    w.key('Enter', 'Enter')
    expect(scans).toHaveLength(1)
  })

  it('ends a scan without a suffix key by its timer', () => {
    const w = fakeWindow()
    const scans: WedgeScan[] = []
    attachWedge(w.win as unknown as Window, (s) => scans.push(s))
    typeBurst(w, 'ABCDEFGH')
    expect(scans).toEqual([])
    w.advance(200)
    expect(scans.map((s) => s.text)).toEqual(['ABCDEFGH'])
  })

  it('removes the burst\'s first characters from a focused input and tells the page', () => {
    const w = fakeWindow()
    const input = {
      tagName: 'INPUT',
      type: 'text',
      readOnly: false,
      disabled: false,
      value: 'note: ',
      selectionEnd: 6,
      setRangeText(text: string, start: number, end: number) {
        this.value = this.value.slice(0, start) + text + this.value.slice(end)
        this.selectionEnd = start + text.length
      },
      dispatchEvent: vi.fn()
    }
    w.doc.activeElement = input
    const scans: WedgeScan[] = []
    attachWedge(w.win as unknown as Window, (s) => scans.push(s))
    // The browser types each key the wedge does not swallow.
    for (const ch of 'abcdefgh') {
      const e = w.key(`Key${ch.toUpperCase()}`, ch)
      if (e.preventDefault.mock.calls.length === 0) {
        input.value += ch
        input.selectionEnd = input.value.length
      }
      w.advance(4)
    }
    w.key('Enter', 'Enter')
    expect(scans.map((s) => s.text)).toEqual(['abcdefgh'])
    expect(input.value).toBe('note: ')
    expect(input.dispatchEvent).toHaveBeenCalledTimes(1)
  })

  it('tells of keys typed with no text field focused once they pause, and not of a scan', () => {
    const w = fakeWindow()
    const scans: WedgeScan[] = []
    let typing = 0
    attachWedge(w.win as unknown as Window, (s) => scans.push(s), {}, () => typing++)
    for (const ch of 'hello') {
      w.key(`Key${ch.toUpperCase()}`, ch)
      w.advance(200)
    }
    w.advance(1000)
    expect(scans).toEqual([])
    expect(typing).toBe(5) // each key a person's (200 ms apart), each said as it ends
    typeBurst(w, 'ABCDEFGH')
    w.key('Enter', 'Enter')
    w.advance(1000)
    expect(scans.map((s) => s.text)).toEqual(['ABCDEFGH'])
    expect(typing).toBe(5)
  })

  it('keeps listening when the scan handler throws', () => {
    const w = fakeWindow()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    let calls = 0
    attachWedge(w.win as unknown as Window, () => {
      calls++
      throw new Error('boom')
    })
    typeBurst(w, 'ABCDEFGH')
    w.key('Enter', 'Enter')
    w.advance(3000)
    typeBurst(w, 'HGFEDCBA')
    w.key('Enter', 'Enter')
    expect(calls).toBe(2)
    errors.mockRestore()
  })
})
