import { describe, expect, it } from 'vitest'
import { CLIENTS, PKG_A, start } from './helpers'

describe('POST /o/token/', () => {
  it('issues a bearer token for good client credentials', async () => {
    const api = await start()
    const a = await api.requestToken({ grant_type: 'client_credentials', client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret })
    expect(a.status).toBe(200)
    expect(a.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 36000, scope: 'read write' })
    expect(a.headers.get('cache-control')).toBe('no-store')
  })

  it('reports the configured token lifetime', async () => {
    const api = await start({ tokenTtl: 120 })
    const a = await api.requestToken({ grant_type: 'client_credentials', client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret })
    expect((a.body as { expires_in: number }).expires_in).toBe(120)
  })

  it('accepts the credentials in HTTP Basic auth too', async () => {
    const api = await start()
    const basic = Buffer.from(`${CLIENTS.home.id}:${CLIENTS.home.secret}`).toString('base64')
    const a = await api.requestToken({ grant_type: 'client_credentials' }, { Authorization: `Basic ${basic}` })
    expect(a.status).toBe(200)
  })

  it.each([
    ['a wrong secret', { client_id: CLIENTS.home.id, client_secret: 'nope' }],
    ['an unknown client', { client_id: 'ghost', client_secret: CLIENTS.home.secret }],
    ['no credentials', {}]
  ])('refuses %s with 401 invalid_client', async (_name, creds) => {
    const api = await start()
    const a = await api.requestToken({ grant_type: 'client_credentials', ...creds })
    expect(a.status).toBe(401)
    expect(a.body).toEqual({ error: 'invalid_client' })
  })

  it.each(['password', 'authorization_code', ''])('refuses grant_type=%j with 400 unsupported_grant_type', async (grant) => {
    const api = await start()
    const a = await api.requestToken({ grant_type: grant, client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret })
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ error: 'unsupported_grant_type' })
  })

  it('answers 405 to GET', async () => {
    const api = await start()
    expect((await api.raw('GET', '/o/token/')).status).toBe(405)
  })
})

describe('bearer authentication', () => {
  const path = `/api/v1.2/package-uids/${PKG_A}/caseids/`

  it('answers 401 without a token, with a bad scheme, or with an unknown token', async () => {
    const api = await start()
    const variants: Record<string, string>[] = [{}, { Authorization: 'Token abc' }, { Authorization: 'Bearer not-a-token' }, { Authorization: 'Bearer' }]
    for (const headers of variants) {
      const a = await api.raw('GET', path, { headers })
      expect(a.status, JSON.stringify(headers)).toBe(401)
      expect(a.text).toBe('')
    }
  })

  it('accepts a valid token', async () => {
    const api = await start()
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
  })

  it('answers 401 once the token has expired, and a new token works', async () => {
    const api = await start({ tokenTtl: 1 })
    const token = await api.tokenFor('home')
    expect((await api.raw('GET', path, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1100))
    expect((await api.raw('GET', path, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401)
    const fresh = await api.requestToken({ grant_type: 'client_credentials', client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret })
    const t2 = (fresh.body as { access_token: string }).access_token
    expect((await api.raw('GET', path, { headers: { Authorization: `Bearer ${t2}` } })).status).toBe(200)
  })

  it('checks the token before the method (401 before 405), as DRF does', async () => {
    const api = await start()
    expect((await api.raw('PUT', path)).status).toBe(401)
  })
})
