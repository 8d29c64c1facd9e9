// The request log's bounds (issue 14, item 2): unauthenticated bodies never kept, authenticated ones
// only when small and shallow, and the whole log bounded in entries and bytes.
import { describe, expect, it } from 'vitest'
import { jsonDepth, REQUEST_LOG_LIMITS, RequestLog, type LoggedRequest } from '../../electron/sandbox/requestLog'
import { CASE_1, PKG_A, PP_1, importBody, start } from './helpers'

const IMPORT = '/api/v1.2/caseids/import/'
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

describe('request log over HTTP', () => {
  it('keeps neither the body nor its size of an unauthenticated 1 MB post: the request line and 401 only', async () => {
    const api = await start({ admin: true })
    const huge = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => i))
    expect(huge.length).toBeGreaterThan(1_000_000)
    const a = await api.raw('POST', IMPORT, { headers: { 'Content-Type': 'application/json' }, body: huge })
    expect(a.status).toBe(401)
    const log = (await api.admin('GET', 'requests')).body as LoggedRequest[]
    expect(log).toEqual([{ at: expect.any(String), method: 'POST', path: IMPORT, client_id: null, body: null, status: 401 }])
  })

  it('answers 401, not 400, to an unauthenticated body over 1 MiB: it is read past, never held', async () => {
    const api = await start({ admin: true })
    const a = await api.raw('POST', IMPORT, { headers: { 'Content-Type': 'application/json' }, body: `"${'x'.repeat(1024 * 1024 + 10)}"` })
    expect(a.status).toBe(401)
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
  })

  it('serves the log (200) after an authenticated body nested 5,000 deep, saying why that body is not shown', async () => {
    const api = await start({ admin: true })
    const token = await api.tokenFor('home')
    const a = await api.raw('POST', IMPORT, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: nested(5000) })
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] })
    const log = await api.admin('GET', 'requests')
    expect(log.status).toBe(200)
    const last = (log.body as LoggedRequest[]).at(-1)!
    expect(last).toMatchObject({ client_id: 'home-client', body: null, status: 400 })
    expect(last.body_omitted).toMatch(/nested 5000 deep, over the log's limit of 32/)
  })

  it('keeps an authenticated body up to the per-entry limit, and says why a larger one is left out', async () => {
    const api = await start({ admin: true })
    const small = { ...importBody(CASE_1, PP_1, PKG_A), sku: 'x'.repeat(1000) }
    const large = { ...importBody(CASE_1, PP_1, PKG_A), sku: 'x'.repeat(REQUEST_LOG_LIMITS.bodyBytes) }
    expect((await api.import('home', small)).status).toBe(400) // sku over 255 characters
    expect((await api.import('home', large)).status).toBe(400)
    const log = (await api.admin('GET', 'requests')).body as LoggedRequest[]
    expect(log[0]!.body).toEqual(small)
    expect(log[0]!.body_omitted).toBeUndefined()
    expect(log[1]!.body).toBeNull()
    expect(log[1]!.body_omitted).toMatch(/over the log's limit of 65536/)
  })

  it('keeps nothing without the test controls (nobody could read it)', () => {
    const log = new RequestLog(false)
    const entry = log.add('POST', IMPORT)
    entry.authenticated('home-client', Buffer.from('{"a":1}'), 'application/json')
    entry.answered(200)
    expect(log.size()).toEqual({ entries: 0, bytes: 0 })
    expect(log.all()).toEqual([])
  })

  it('refuses a token request over 16 KiB with words, and still issues tokens', async () => {
    const api = await start()
    const a = await api.raw('POST', '/o/token/', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&pad=${'x'.repeat(17 * 1024)}` })
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ detail: 'Request body exceeded the sandbox limit of 16 KiB.' })
    await expect(api.tokenFor('home')).resolves.toEqual(expect.any(String))
  })
})

describe('request log bounds', () => {
  it('holds at most the entry limit, dropping the oldest first', () => {
    const log = new RequestLog()
    const extra = 1234
    for (let i = 0; i < REQUEST_LOG_LIMITS.entries + extra; i++) log.add('GET', `/api/v1.2/package-uids/${i}/caseids/`).answered(200)
    expect(log.size().entries).toBe(REQUEST_LOG_LIMITS.entries)
    const all = log.all()
    expect(all).toHaveLength(REQUEST_LOG_LIMITS.entries)
    expect(all[0]!.path).toBe(`/api/v1.2/package-uids/${extra}/caseids/`)
    expect(all.at(-1)!.path).toBe(`/api/v1.2/package-uids/${REQUEST_LOG_LIMITS.entries + extra - 1}/caseids/`)
  })

  it('holds at most the byte limit of paths and bodies, whatever the bodies', () => {
    const log = new RequestLog()
    const body = Buffer.from(JSON.stringify({ sku: 'é'.repeat(30_000) })) // just under 64 KiB, 2 bytes a character in memory
    for (let i = 0; i < 1000; i++) log.add('POST', IMPORT).authenticated('home-client', body, 'application/json')
    const { entries, bytes } = log.size()
    expect(bytes).toBeLessThanOrEqual(REQUEST_LOG_LIMITS.totalBytes)
    expect(entries).toBeGreaterThan(100)
    expect(entries).toBeLessThan(1000)
    expect(log.all().every((e) => (e.body as { sku: string }).sku.length === 30_000)).toBe(true)
  })

  it('cuts a path at its limit', () => {
    const log = new RequestLog()
    log.add('GET', `/api/${'a'.repeat(10_000)}`)
    expect(log.all()[0]!.path).toHaveLength(REQUEST_LOG_LIMITS.pathChars)
  })

  it('measures JSON depth without parsing, skipping brackets inside strings', () => {
    expect(jsonDepth('1')).toBe(0)
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4)
    expect(jsonDepth('["[[[[", "\\"[[["]')).toBe(1)
    expect(jsonDepth(nested(5000))).toBe(5000)
  })
})
