import { describe, expect, it } from 'vitest'
import { ReadConfirmer, type Read } from '../../../renderer/src/camera/agreement.std'

const qr: Read = { text: 'https://qr.lcdg.io/case/UNDTMBovdue9tFWfhamnDM', format: 'qr' }
const tag: Read = { text: '1A4FF0100000022000000123', format: 'code128' }
const misread: Read = { text: '1A4FF0100000022000000128', format: 'code128' }

/** Feeds frames 125 ms apart (8 fps) and returns what was accepted, by frame index. */
function feed(c: ReadConfirmer, frames: Array<Read | null>, start = 0, step = 125): Array<[number, string]> {
  const out: Array<[number, string]> = []
  frames.forEach((r, i) => {
    const got = c.push(r, start + i * step)
    if (got) out.push([i, got.text])
  })
  return out
}

describe('ReadConfirmer', () => {
  it('accepts a QR at once, and a Data Matrix', () => {
    const c = new ReadConfirmer()
    expect(c.push(qr, 0)).toEqual(qr)
    expect(c.push({ text: 'DM', format: 'datamatrix' }, 10)).toEqual({ text: 'DM', format: 'datamatrix' })
  })

  it('accepts a Code 128 only on the second agreeing frame', () => {
    const c = new ReadConfirmer()
    expect(c.push(tag, 0)).toBeNull()
    expect(c.push(tag, 125)).toEqual(tag)
  })

  it('does not accept a single Code 128 misread, and a misread in between does not reset the candidate', () => {
    const c = new ReadConfirmer()
    expect(feed(c, [tag, misread, null, tag])).toEqual([[3, tag.text]])
    expect(feed(new ReadConfirmer(), [misread, null, null, null])).toEqual([])
  })

  it('drops a Code 128 candidate not confirmed within the window', () => {
    const c = new ReadConfirmer({ confirmWindowMs: 1000 })
    expect(c.push(tag, 0)).toBeNull()
    expect(c.push(tag, 1001)).toBeNull() // starts over as a new candidate
    expect(c.push(tag, 1500)).toEqual(tag)
  })

  it('scans a label once while it stays in view, even with frames that miss it', () => {
    const c = new ReadConfirmer()
    const frames = [qr, qr, null, qr, null, null, qr, qr, qr, null, qr]
    expect(feed(c, frames)).toEqual([[0, qr.text]])
    const c2 = new ReadConfirmer()
    expect(feed(c2, [tag, tag, tag, null, tag, tag, null, tag])).toEqual([[1, tag.text]])
  })

  it('scans it again after it has been out of view for absentMs', () => {
    const c = new ReadConfirmer({ absentMs: 1500 })
    expect(c.push(qr, 0)).toEqual(qr)
    expect(c.push(qr, 1000)).toBeNull() // still in view: refreshes
    expect(c.push(null, 2000)).toBeNull()
    expect(c.push(qr, 2499)).toBeNull() // 1499 ms after last seen
    expect(c.push(null, 3998)).toBeNull()
    expect(c.push(qr, 3999)).toEqual(qr) // 1500 ms after last seen
  })

  it('a Code 128 seen again after leaving view needs two frames again', () => {
    const c = new ReadConfirmer()
    expect(feed(c, [tag, tag])).toEqual([[1, tag.text]])
    expect(c.push(tag, 5000)).toBeNull()
    expect(c.push(tag, 5125)).toEqual(tag)
  })

  it('handles two labels in view: each scanned once', () => {
    const c = new ReadConfirmer()
    expect(feed(c, [qr, tag, qr, tag, qr, tag])).toEqual([[0, qr.text], [3, tag.text]])
  })

  it('keeps the same text in different formats apart', () => {
    const c = new ReadConfirmer()
    expect(c.push({ text: 'X', format: 'qr' }, 0)).not.toBeNull()
    expect(c.push({ text: 'X', format: 'datamatrix' }, 1)).not.toBeNull()
  })

  it('survives a clock stepping back and forgets everything on reset', () => {
    const c = new ReadConfirmer()
    expect(c.push(qr, 10_000)).toEqual(qr)
    expect(c.push(qr, 0)).toBeNull()
    c.reset()
    expect(c.push(qr, 0)).toEqual(qr)
  })

  it('can require more agreeing frames', () => {
    const c = new ReadConfirmer({ framesToAgree: { code128: 3, qr: 2 } })
    expect(feed(c, [tag, tag, tag])).toEqual([[2, tag.text]])
    expect(feed(c, [qr, qr], 1000)).toEqual([[1, qr.text]])
  })

  it('ignores empty text', () => {
    expect(new ReadConfirmer().push({ text: '', format: 'qr' }, 0)).toBeNull()
  })
})
