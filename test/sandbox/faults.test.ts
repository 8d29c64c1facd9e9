import { describe, expect, it } from 'vitest'
import { CASE_1, PKG_A, PP_1, importBody, start } from './helpers'

type Logged = { at: string; method: string; path: string; client_id: string | null; body: unknown; status: number | null }
const DEFAULTS = { latency_ms: 0, error_rate: 0, error_status: 503, reset_rate: 0, lose_response_rate: 0, down: false }

type Api = Awaited<ReturnType<typeof start>>

async function requestLog(api: Api): Promise<Logged[]> {
  return (await api.admin('GET', 'requests')).body as Logged[]
}

/** With `fault` at 1 the call never gets an answer (it rejects); the fault is back at 0 after. */
async function unanswered(api: Api, fault: 'reset_rate' | 'lose_response_rate', call: () => Promise<unknown>): Promise<void> {
  await api.admin('POST', 'faults', { [fault]: 1 })
  await expect(call()).rejects.toThrow()
  await api.admin('POST', 'faults', { [fault]: 0 })
}

describe('test controls', () => {
  it('are 404 without admin', async () => {
    const api = await start()
    expect((await api.admin('GET', 'faults')).status).toBe(404)
    expect((await api.admin('POST', 'faults', { down: true })).status).toBe(404)
    expect((await api.admin('GET', 'requests')).status).toBe(404)
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
  })

  it('show the faults, merge a POST into them, and refuse bad values', async () => {
    const api = await start({ admin: true })
    expect((await api.admin('GET', 'faults')).body).toEqual(DEFAULTS)
    expect((await api.admin('POST', 'faults', { error_rate: 0.5 })).body).toEqual({ ...DEFAULTS, error_rate: 0.5 })
    expect((await api.admin('POST', 'faults', { error_status: 502 })).body).toEqual({ ...DEFAULTS, error_rate: 0.5, error_status: 502 })
    const bad = await api.admin('POST', 'faults', { error_rate: 2, error_status: 404, down: 'yes', nonsense: 1 })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body as object).sort()).toEqual(['down', 'error_rate', 'error_status', 'nonsense'])
    expect((await api.admin('GET', 'faults')).body).toEqual({ ...DEFAULTS, error_rate: 0.5, error_status: 502 })
  })

  it('log /api/ requests oldest first, without token requests, and clear them', async () => {
    const api = await start({ admin: true })
    await api.tokenFor('home')
    await api.lookup('home', PKG_A)
    await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    await api.raw('POST', '/api/v1.2/caseids/import/', { headers: { 'Content-Type': 'text/plain' }, body: 'not json' })
    const log = await requestLog(api)
    expect(log).toEqual([
      { at: expect.any(String), method: 'GET', path: `/api/v1.2/package-uids/${PKG_A}/caseids/`, client_id: 'home-client', body: null, status: 200 },
      { at: expect.any(String), method: 'POST', path: '/api/v1.2/caseids/import/', client_id: 'home-client', body: importBody(CASE_1, PP_1, PKG_A), status: 200 },
      { at: expect.any(String), method: 'POST', path: '/api/v1.2/caseids/import/', client_id: null, body: null, status: 401 }
    ])
    expect(Date.parse(log[0]!.at)).not.toBeNaN()
    expect((await api.admin('DELETE', 'requests')).status).toBe(200)
    expect((await api.admin('GET', 'requests')).body).toEqual([])
  })

  it('error_rate 1 answers error_status with no body before doing anything', async () => {
    const api = await start({ admin: true })
    await api.tokenFor('home')
    for (const status of [500, 502, 503, 504]) {
      await api.admin('POST', 'faults', { error_rate: 1, error_status: status })
      const a = await api.import('home', importBody(CASE_1, PP_1, PKG_A))
      expect(a.status).toBe(status)
      expect(a.text).toBe('')
    }
    await api.admin('POST', 'faults', { error_rate: 0 })
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
    const log = await requestLog(api)
    expect(log.map((e) => e.status)).toEqual([500, 502, 503, 504, 200])
  })

  it('reset_rate 1 destroys the connection before doing anything', async () => {
    const api = await start({ admin: true })
    await api.tokenFor('home')
    await unanswered(api, 'reset_rate', () => api.import('home', importBody(CASE_1, PP_1, PKG_A)))
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
    const log = await requestLog(api)
    expect(log.map((e) => e.status)).toEqual([null, 200])
  })

  it('lose_response_rate 1 does the work, commits it, and never answers', async () => {
    const api = await start({ admin: true })
    await api.tokenFor('home')
    await unanswered(api, 'lose_response_rate', () => api.import('home', importBody(CASE_1, PP_1, PKG_A)))
    // The replay recognises its own earlier success only from the 400.
    const replay = await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    expect(replay.body).toEqual({ detail: `Items in CaseID ${CASE_1} are already imported into inventory ${PKG_A}.` })
    const log = await requestLog(api)
    expect(log.map((e) => e.status)).toEqual([null, 400])
    expect(log[0]!.body).toEqual(importBody(CASE_1, PP_1, PKG_A))
  })

  it('lose_response_rate also loses a remove that was done', async () => {
    const api = await start({ admin: true })
    await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    await unanswered(api, 'lose_response_rate', () => api.remove('home', { case_uuid: CASE_1, package_uid: PKG_A }))
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
  })

  it('down destroys every API connection until set false', async () => {
    const api = await start({ admin: true })
    await api.tokenFor('home')
    await api.admin('POST', 'faults', { down: true })
    await expect(api.lookup('home', PKG_A)).rejects.toThrow()
    await expect(api.import('home', importBody(CASE_1, PP_1, PKG_A))).rejects.toThrow()
    await expect(api.requestToken({ grant_type: 'client_credentials' })).rejects.toThrow()
    expect((await api.admin('GET', 'faults')).status).toBe(200)
    await api.admin('POST', 'faults', { down: false })
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
    // The import never reached the store.
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
  })

  it('latency_ms delays the answer; stop() does not wait for a delayed request', async () => {
    const api = await start({ admin: true })
    await api.tokenFor('home')
    await api.admin('POST', 'faults', { latency_ms: 60_000 })
    const pending = api.lookup('home', PKG_A)
    let settled = false
    void pending.then(() => { settled = true }, () => { settled = true })
    await new Promise((r) => setTimeout(r, 100))
    expect(settled).toBe(false)
    await api.sandbox.stop()
    await expect(pending).rejects.toThrow()
  })

  it('leaves the token endpoint alone under the per-request faults', async () => {
    const api = await start({ admin: true })
    const login = (): ReturnType<typeof api.requestToken> =>
      api.requestToken({ grant_type: 'client_credentials', client_id: 'home-client', client_secret: 'home-secret' })
    await api.admin('POST', 'faults', { latency_ms: 60_000 })
    expect((await login()).status).toBe(200) // a delayed token request would time the test out
    await api.admin('POST', 'faults', { latency_ms: 0, error_rate: 1, reset_rate: 1, lose_response_rate: 1 })
    expect((await login()).status).toBe(200)
    await expect(api.lookup('home', PKG_A)).rejects.toThrow()
    expect((await requestLog(api)).map((e) => e.status)).toEqual([null])
  }, 10_000)

  it('DELETE faults restores the defaults', async () => {
    const api = await start({ admin: true })
    await api.admin('POST', 'faults', { down: true, latency_ms: 10 })
    expect((await api.admin('DELETE', 'faults')).body).toEqual(DEFAULTS)
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
  })

  it('tells the log function what it answered and what it dropped', async () => {
    const lines: string[] = []
    const api = await start({ admin: true, log: (l) => lines.push(l) })
    await api.lookup('home', PKG_A)
    await api.admin('POST', 'faults', { lose_response_rate: 1 })
    await expect(api.lookup('home', PKG_A)).rejects.toThrow()
    expect(lines).toContain(`GET /api/v1.2/package-uids/${PKG_A}/caseids/ -> 200`)
    expect(lines).toContain(`GET /api/v1.2/package-uids/${PKG_A}/caseids/ -> connection destroyed (lose_response_rate, after a 200)`)
  })
})
