import { describe, expect, it } from 'vitest'
import { RepeatFilter } from '../../../renderer/src/scan/repeat.std'

describe('RepeatFilter (camera "already scanned")', () => {
  it('passes a first read, marks the same code within the window, and lets it through after', () => {
    const f = new RepeatFilter(2000)
    expect(f.check('A', 1000)).toEqual({ text: 'A', duplicate: false })
    expect(f.check('A', 2999)).toEqual({ text: 'A', duplicate: true })
    // a repeat keeps the window open: 2999 + 2000 is the new edge
    expect(f.check('A', 4998)).toEqual({ text: 'A', duplicate: true })
    expect(f.check('A', 6998)).toEqual({ text: 'A', duplicate: false })
  })

  it('another code in between is not a repeat, and makes the first one new again', () => {
    const f = new RepeatFilter(2000)
    expect(f.check('A', 0).duplicate).toBe(false)
    expect(f.check('B', 10).duplicate).toBe(false)
    expect(f.check('A', 20).duplicate).toBe(false)
  })

  it('a clock that goes back does not make a duplicate; a zero window never does', () => {
    const f = new RepeatFilter(2000)
    f.check('A', 5000)
    expect(f.check('A', 4000).duplicate).toBe(false)
    const none = new RepeatFilter(0)
    none.check('A', 0)
    expect(none.check('A', 0).duplicate).toBe(false)
  })

  it('reads a changing window at each check (the Settings value)', () => {
    let windowMs = 2000
    const f = new RepeatFilter(() => windowMs)
    f.check('A', 0)
    expect(f.check('A', 1500).duplicate).toBe(true)
    windowMs = 1000
    expect(f.check('A', 2600).duplicate).toBe(false)
  })
})
