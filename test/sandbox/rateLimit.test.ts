import { describe, expect, it } from 'vitest'
import { RateLimiter, throttledMessage } from '../../electron/sandbox/rateLimit'
import { CLIENTS, PKG_A, start } from './helpers'

describe('rate limit: a sliding minute per client over /api/', () => {
  it('answers 429 with Retry-After and the DRF throttle message past the limit', async () => {
    const api = await start({ rateLimit: 3 })
    for (let i = 0; i < 3; i++) expect((await api.lookup('home', PKG_A)).status).toBe(200)
    const a = await api.lookup('home', PKG_A)
    expect(a.status).toBe(429)
    const retry = Number(a.headers.get('retry-after'))
    expect(Number.isInteger(retry)).toBe(true)
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(60)
    expect(a.body).toEqual({ detail: `Request was throttled. Expected available in ${retry} second${retry === 1 ? '' : 's'}.` })
  })

  it('counts each client separately', async () => {
    const api = await start({ rateLimit: 2 })
    await api.lookup('home', PKG_A)
    await api.lookup('home', PKG_A)
    expect((await api.lookup('home', PKG_A)).status).toBe(429)
    expect((await api.lookup('sibling', PKG_A)).status).toBe(200)
  })

  it('does not count token requests', async () => {
    const api = await start({ rateLimit: 2 })
    for (let i = 0; i < 5; i++) {
      const a = await api.requestToken({ grant_type: 'client_credentials', client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret })
      expect(a.status).toBe(200)
    }
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
    expect((await api.lookup('home', PKG_A)).status).toBe(429)
  })

  it('counts POSTs, with every kind of answer, toward the same window', async () => {
    const api = await start({ rateLimit: 2 })
    expect((await api.import('home', {})).status).toBe(400)
    expect((await api.remove('home', {})).status).toBe(400)
    expect((await api.import('home', {})).status).toBe(429)
  })

  it('Retry-After does not grow while the client waits', async () => {
    const api = await start({ rateLimit: 1 })
    await api.lookup('home', PKG_A)
    const first = Number((await api.lookup('home', PKG_A)).headers.get('retry-after'))
    const second = Number((await api.lookup('home', PKG_A)).headers.get('retry-after'))
    expect(second).toBeLessThanOrEqual(first)
  })
})

describe('RateLimiter (the window itself, on a given clock)', () => {
  it('slides: a slot frees 60 s after the request that took it, and refusals do not count', () => {
    const limiter = new RateLimiter(2)
    expect(limiter.take('c', 0)).toBeNull()
    expect(limiter.take('c', 30_000)).toBeNull()
    expect(limiter.take('c', 30_500)).toBe(30)
    expect(limiter.take('c', 59_999)).toBe(1)
    expect(limiter.take('c', 60_000)).toBeNull()
    expect(limiter.take('c', 60_001)).toBe(30)
    expect(limiter.take('c', 90_000)).toBeNull()
  })

  it('words the wait as DRF does', () => {
    expect(throttledMessage(1)).toBe('Request was throttled. Expected available in 1 second.')
    expect(throttledMessage(42)).toBe('Request was throttled. Expected available in 42 seconds.')
  })
})

describe('RateLimiter under a large limit', () => {
  it('admits exactly the limit within a minute and frees the slots in order', () => {
    const limiter = new RateLimiter(5000)
    for (let i = 0; i < 5000; i++) expect(limiter.take('c', i)).toBeNull()
    expect(limiter.take('c', 5000)).toBe(55)
    for (let i = 0; i < 3000; i++) expect(limiter.take('c', 60_000 + i)).toBeNull()
    expect(limiter.take('c', 62_999)).toBe(1)
  })
})
