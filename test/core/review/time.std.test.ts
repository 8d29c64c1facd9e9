// Days and ISO times in a zone: the remembered quarter-hour offsets agree with Intl at every instant,
// half-hour and 45-minute zones and DST changes included.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dayBounds, isoInZone, localDate, tzOffsetMs } from '../../../electron/core/review/time.std'

// Santiago and Havana change at midnight: on those days the day starts at 01:00.
const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'America/Santiago', 'America/Havana', 'UTC']

describe('isoInZone', () => {
  it('names the same instant, with the offset Intl gives, for any time 1990-2040 in zones with odd offsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...ZONES), (ms, tz) => {
        const iso = isoInZone(ms, tz)
        expect(Date.parse(iso)).toBe(ms)
        const off = Math.round(tzOffsetMs(ms, tz) / 60_000)
        const sign = off >= 0 ? '+' : '-'
        expect(iso.slice(-6)).toBe(`${sign}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`)
        expect(iso.slice(0, 10)).toBe(localDate(ms, tz))
      }),
      { numRuns: 2000 }
    )
  })

  it('the last millisecond before a change and the first after it', () => {
    // Berlin, 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST.
    const change = Date.UTC(2026, 2, 29, 1)
    expect(isoInZone(change - 1, 'Europe/Berlin')).toBe('2026-03-29T01:59:59.999+01:00')
    expect(isoInZone(change, 'Europe/Berlin')).toBe('2026-03-29T03:00:00.000+02:00')
    // Lord Howe moves by half an hour.
    const lh = dayBounds('2026-04-05', 'Australia/Lord_Howe')
    expect((lh.end - lh.start) / 60_000).toBe(24 * 60 + 30)
  })

  it('a day whose midnight does not exist starts at the first instant that has its date', () => {
    // Havana, 2026-03-08: 00:00 CST becomes 01:00 CDT.
    const havana = dayBounds('2026-03-08', 'America/Havana')
    expect(isoInZone(havana.start, 'America/Havana')).toBe('2026-03-08T01:00:00.000-04:00')
    expect(isoInZone(havana.start - 1, 'America/Havana')).toBe('2026-03-07T23:59:59.999-05:00')
    expect(havana.end - havana.start).toBe(23 * 3_600_000)
  })

  it('every day of a year tiles time: each day starts where the last ended', () => {
    for (const tz of ZONES) {
      let prev = dayBounds('2026-01-01', tz)
      for (let d = 1; d < 365; d++) {
        const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)
        const b = dayBounds(date, tz)
        expect(b.start).toBe(prev.end)
        expect(localDate(b.start, tz)).toBe(date)
        expect(localDate(b.end - 1, tz)).toBe(date)
        prev = b
      }
    }
  })
})
