// Pure parts: answer classification, backoff, URLs, days across DST, CSV escaping, settings.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { apiWords, classifyHttp, parseAlreadyImported, parseRetryAfter, verdictFor } from '../../electron/core/client/classify.std'
import { backoffMs } from '../../electron/core/outbox/backoff.std'
import { dayCsv, EXPORT_COLUMNS, neutralise } from '../../electron/core/review/csv.std'
import { dayBounds, isoInZone } from '../../electron/core/review/time.std'
import { normaliseApiUrl } from '../../electron/core/settings/url.std'
import { openStation } from '../../electron/core/station'
import type { DayOperationRow } from '../../electron/core/types'
import { tempDir } from './helpers'

const CASE = 'UNDTMBovdue9tFWfhamnDM'

describe('classification', () => {
  it('sorts each HTTP answer into its class', () => {
    expect(classifyHttp(200, {}, null, 0).kind).toBe('ok')
    expect(classifyHttp(429, null, '7', 0)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 })
    expect(classifyHttp(401, null, null, 0).kind).toBe('credentials')
    for (const s of [500, 502, 503, 504, 408]) expect(classifyHttp(s, null, null, 0).kind).toBe('retry')
    expect(classifyHttp(400, { detail: 'This case has already been scanned for another dispensary.' }, null, 0)).toMatchObject({
      kind: 'refused',
      message: 'This case has already been scanned for another dispensary.'
    })
    expect(classifyHttp(400, { case_uuid: ['This field is required.'], pos_product_id: ['This field is required.'] }, null, 0)).toMatchObject({
      kind: 'refused',
      message: 'case_uuid: This field is required.; pos_product_id: This field is required.'
    })
    expect(apiWords(null, 'fallback')).toBe('fallback')
  })

  it('reads Retry-After as seconds or a date, with a fallback', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(parseRetryAfter('soon', 0, 1234)).toBe(1234)
    expect(parseRetryAfter(null, 0, 99)).toBe(99)
  })

  it('"already imported" into its own package is success, into another a conflict; a remove finding nothing is success', () => {
    const words = `Items in CaseID ${CASE} are already imported into inventory PKG-1.`
    expect(parseAlreadyImported(words)).toEqual({ caseUuid: CASE, packageUid: 'PKG-1' })
    const refused = { kind: 'refused' as const, status: 400, message: words, body: {} }
    expect(verdictFor({ operation: 'import', caseUuid: CASE, packageUid: 'PKG-1' }, refused)).toEqual({ state: 'done', outcome: 'already_imported', apiMessage: words })
    expect(verdictFor({ operation: 'import', caseUuid: CASE, packageUid: 'PKG-2' }, refused)).toEqual({ state: 'failed', outcome: 'conflict', apiMessage: words })
    const notFound = { kind: 'refused' as const, status: 400, message: 'POS Package UID not found for package_uid=PKG-001.', body: {} }
    expect(verdictFor({ operation: 'remove', caseUuid: CASE, packageUid: 'PKG-001' }, notFound)).toMatchObject({ state: 'done', outcome: 'nothing_to_remove' })
    expect(verdictFor({ operation: 'import', caseUuid: CASE, packageUid: 'PKG-001' }, notFound)).toMatchObject({ state: 'failed', outcome: 'refused' })
  })
})

describe('backoff', () => {
  it('grows exponentially with jitter and never exceeds 30 s', () => {
    expect(backoffMs(1, () => 0)).toBe(500)
    expect(backoffMs(1, () => 1)).toBe(1000)
    expect(backoffMs(3, () => 1)).toBe(4000)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const d = backoffMs(n, () => r)
        return d >= 500 && d <= 30_000 && d >= Math.min(30_000, 1000 * 2 ** Math.min(n - 1, 30)) / 2
      })
    )
  })
})

describe('API URL', () => {
  it('accepts https and loopback http, refuses the rest', () => {
    const accepted = {
      'https://retail.lucidgreen.io/': 'https://retail.lucidgreen.io',
      test: 'https://retail-test.lucidgreen.io',
      'http://127.0.0.1:8080': 'http://127.0.0.1:8080',
      'http://localhost:1': 'http://localhost:1',
      'http://[::1]:9': 'http://[::1]:9'
    }
    for (const [given, url] of Object.entries(accepted)) expect(normaliseApiUrl(given), given).toBe(url)
    const refused = {
      'http://retail.lucidgreen.io': /https/,
      'http://127.0.0.1.evil.com': /https/,
      'ftp://x': /not supported/,
      'https://user:pw@x.io': /password/,
      'not a url': /not a URL/
    }
    for (const [given, why] of Object.entries(refused)) expect(() => normaliseApiUrl(given), given).toThrow(why)
  })
})

describe('days and times', () => {
  it('a day is 23 or 25 hours across DST changes', () => {
    const spring = dayBounds('2026-03-08', 'America/Los_Angeles')
    expect(spring.end - spring.start).toBe(23 * 3600_000)
    expect(new Date(spring.start).toISOString()).toBe('2026-03-08T08:00:00.000Z')
    const fall = dayBounds('2026-11-01', 'America/Los_Angeles')
    expect(fall.end - fall.start).toBe(25 * 3600_000)
    expect(dayBounds('2026-06-01', 'UTC')).toEqual({ start: Date.UTC(2026, 5, 1), end: Date.UTC(2026, 5, 2) })
    expect(() => dayBounds('2026-02-30', 'UTC')).toThrow()
  })

  it('writes ISO times with the offset of the zone', () => {
    expect(isoInZone(Date.UTC(2026, 6, 1, 12, 0, 0, 5), 'America/Los_Angeles')).toBe('2026-07-01T05:00:00.005-07:00')
    expect(isoInZone(Date.UTC(2026, 0, 1, 12), 'Asia/Kolkata')).toBe('2026-01-01T17:30:00.000+05:30')
  })
})

describe('CSV export', () => {
  it('neutralises formulas and survives hostile values (RFC 4180 round trip)', () => {
    expect(neutralise('=1+1')).toBe("'=1+1")
    expect(neutralise('-2')).toBe("'-2")
    expect(neutralise('\tx')).toBe("'\tx")
    expect(neutralise('ok')).toBe('ok')
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (vals) => {
        const rows: DayOperationRow[] = vals.map((v, i) => ({
          id: i,
          at: 0,
          time: '2026-01-01T00:00:00.000+00:00',
          operation: 'import',
          state: 'failed',
          outcome: 'refused',
          operator: v,
          station: 's',
          packageUid: 'P',
          productName: `${v}"\r\n,`,
          sku: null,
          posProductId: 'x',
          posInventoryId: 'y',
          caseUuid: CASE,
          packagedProductUuid: null,
          apiMessage: v,
          reason: null,
          api: { url: 'builtin', clientId: '' },
          apiName: 'Built-in sandbox'
        }))
        const out = parse(dayCsv(rows), { relax_column_count: false }) as string[][]
        expect(out[0]).toEqual([...EXPORT_COLUMNS])
        out.slice(1).forEach((r, i) => {
          expect(r[3]).toBe(neutralise(vals[i]))
          expect(r[6]).toBe(neutralise(`${vals[i]}"\r\n,`))
          for (const cell of r) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false)
        })
      })
    )
  })
})

describe('settings', () => {
  it('keeps the secret in a 0600 file, never in getSettings, and validates before writing', async () => {
    const dir = tempDir()
    const st = openStation({ dataDir: dir })
    expect(st.getSettings()).toMatchObject({ apiUrl: 'builtin', hasClientSecret: false, rateLimit: 950, concurrency: 4 })
    st.setSettings({ clientSecret: 's3cr3t-value', clientId: 'abc', apiUrl: 'https://retail-test.lucidgreen.io' })
    const file = path.join(dir, 'client-secret')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.stringify(st.getSettings())).not.toContain('s3cr3t-value')
    expect(st.getSettings().hasClientSecret).toBe(true)
    expect(() => st.setSettings({ rateLimit: 0, operator: 'Ann' })).toThrow(/rateLimit/)
    expect(st.getSettings().operator).toBe('') // nothing written when any value is bad
    expect(() => st.setSettings({ apiUrl: 'http://example.com' })).toThrow(/https/)
    expect(() => st.setSettings({ timeZone: 'Mars/Base' })).toThrow(/time zone/)
    const db = fs.readFileSync(path.join(dir, 'station.sqlite'))
    expect(db.includes(Buffer.from('s3cr3t-value'))).toBe(false)
    await st.close()
  })
})
