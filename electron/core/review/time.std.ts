// Days in a time zone (DST-correct) and ISO times with the zone's offset.

const fmtCache = new Map<string, Intl.DateTimeFormat>()
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    fmtCache.set(tz, f)
  }
  return f
}

function parts(ms: number, tz: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {}
  for (const x of fmt(tz).formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value)
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! === 24 ? 0 : p.hour!, mi: p.minute!, s: p.second! }
}

/** Whether `tz` names a time zone this runtime knows (an IANA name such as America/Los_Angeles, or UTC). */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** Offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function tzOffsetMs(ms: number, tz: string): number {
  const p = parts(ms, tz)
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** The first instant of the local date y-mo-d in tz. */
function localStart(y: number, mo: number, d: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d)
  let t = guess - tzOffsetMs(guess, tz)
  const off2 = tzOffsetMs(t, tz)
  t = guess - off2
  // A zone whose midnight does not exist that day (DST at 00:00): the day starts at the first instant that is that date.
  const p = parts(t, tz)
  if (p.d !== d) t += 3_600_000
  return t
}

/** The last day whose end (the next midnight) is still a date in YYYY-MM-DD. */
export const LAST_DAY = '9999-12-30'
/** The first day shown: the station keeps nothing older (and Date.UTC reads years 0-99 as 1900-1999). */
export const FIRST_DAY = '1970-01-01'

export function parseDate(date: string): { y: number; mo: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) throw new Error(`not a date: ${JSON.stringify(date)} (use YYYY-MM-DD)`)
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3])
  if (date < FIRST_DAY) throw new Error(`not a date the station can show: ${date} (the first is ${FIRST_DAY}; the station keeps nothing older)`)
  const check = new Date(Date.UTC(y, mo - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new Error(`not a date: ${date}`)
  // A day ends at the next day's start, which must still be a four-digit year's date.
  if (date > LAST_DAY) throw new Error(`not a date the station can show: ${date} (the last is ${LAST_DAY})`)
  return { y, mo, d }
}

/** [start, end) of a local day in tz, in epoch ms. 23 or 25 hours long across DST changes. */
export function dayBounds(date: string, tz: string): { start: number; end: number } {
  const { y, mo, d } = parseDate(date)
  const next = new Date(Date.UTC(y, mo - 1, d + 1))
  return { start: localStart(y, mo, d, tz), end: localStart(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), tz) }
}

/** YYYY-MM-DD of instant ms in tz. */
export function localDate(ms: number, tz: string): string {
  const p = parts(ms, tz)
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0')

/**
 * Offsets per quarter hour, remembered: every zone changes its offset only at instants that are
 * whole quarter hours (since the 1970s), so one Intl call covers a quarter hour of rows. The review
 * formats thousands of times per day; Intl's formatToParts costs tens of microseconds each.
 */
const QUARTER_HOUR = 900_000
const offsetCache = new Map<string, Map<number, number>>()
function cachedOffset(ms: number, tz: string): number {
  let zone = offsetCache.get(tz)
  if (!zone) {
    zone = new Map()
    offsetCache.set(tz, zone)
  }
  const q = Math.floor(ms / QUARTER_HOUR)
  let off = zone.get(q)
  if (off === undefined) {
    off = tzOffsetMs(q * QUARTER_HOUR, tz)
    if (zone.size > 50_000) zone.clear()
    zone.set(q, off)
  }
  return off
}

/** ISO-8601 with the zone's offset, e.g. 2026-03-08T01:59:59.000-08:00. */
export function isoInZone(ms: number, tz: string): string {
  const offMs = cachedOffset(ms, tz)
  const local = new Date(ms + offMs)
  const off = Math.round(offMs / 60_000)
  const sign = off >= 0 ? '+' : '-'
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
}
