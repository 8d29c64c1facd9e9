// The LucidRetail client against the real sandbox over HTTP: the token's life, 401 handling, timeouts.
// Token requests are counted by wrapping the real fetch (every request still goes over HTTP).
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { LucidClient } from '../../electron/core/client/lucid'
import { CLIENT_ID, CLIENT_SECRET, faults, requests, worldOnSandbox } from './helpers'

const cleanups = cleanupsAfterEach()

async function setup(opts: { tokenTtl?: number } = {}, clock: { now: number } | null = null, timeoutMs = 5000) {
  const { world, sb } = await worldOnSandbox(cleanups, 1, opts)
  const calls = { token: 0, api: 0 }
  const counting: typeof fetch = (input, init) => {
    if (String(input).endsWith('/o/token/')) calls.token++
    else calls.api++
    return fetch(input, init)
  }
  const client = new LucidClient({ baseUrl: sb.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs, fetch: counting, ...(clock ? { now: () => clock.now } : {}) })
  return { world, sb, client, calls, pkg: world.cases[0]!.pkg }
}

describe('LucidRetail client', () => {
  it('refuses the Package UIDs "." and ".." without sending anything: in a path they would name another address', async () => {
    const { client, calls } = await setup()
    for (const uid of ['.', '..', ' .. ']) expect(() => client.caseidsForPackageUid(uid)).toThrow(/cannot be a Package UID: "\." and "\.\." are not package tags/)
    expect(calls).toEqual({ token: 0, api: 0 })
  })

  it('fetches the token lazily and once, then reuses it', async () => {
    const { client, calls, pkg } = await setup()
    expect(calls.token).toBe(0)
    for (let i = 0; i < 5; i++) expect((await client.caseidsForPackageUid(pkg)).kind).toBe('ok')
    expect(calls).toEqual({ token: 1, api: 5 })
  })

  it('renews the token shortly before expires_in, without waiting for a 401', async () => {
    const clock = { now: Date.now() }
    const { sb, client, calls, pkg } = await setup({ tokenTtl: 100 }, clock)
    expect((await client.caseidsForPackageUid(pkg)).kind).toBe('ok')
    clock.now += 85_000 // 15 s before expiry: still the same token
    expect((await client.caseidsForPackageUid(pkg)).kind).toBe('ok')
    expect(calls.token).toBe(1)
    clock.now += 6_000 // 9 s before expiry: inside the 10% margin of a 100 s token
    expect((await client.caseidsForPackageUid(pkg)).kind).toBe('ok')
    expect(calls.token).toBe(2)
    expect((await requests(sb.url)).map((r) => r.status)).toEqual([200, 200, 200])
  })

  it('on a 401 (the API dropped the token early) fetches a new token once and repeats the call', async () => {
    // The station's clock lags, so it still trusts a token the sandbox has expired after 1 s.
    const clock = { now: Date.now() }
    const { sb, client, calls, pkg } = await setup({ tokenTtl: 1 }, clock)
    expect((await client.caseidsForPackageUid(pkg)).kind).toBe('ok')
    await new Promise((r) => setTimeout(r, 1300))
    expect((await client.caseidsForPackageUid(pkg)).kind).toBe('ok')
    expect(calls).toEqual({ token: 2, api: 3 })
    expect((await requests(sb.url)).map((r) => r.status)).toEqual([200, 401, 200])
  })

  it('a 401 on a freshly issued token is "credentials refused", after exactly one new token', async () => {
    const { sb, client, calls, pkg } = await setup({ tokenTtl: 1 })
    // Every API answer takes longer than the token lives: each token is dead on arrival.
    await faults(sb.url, { latency_ms: 1200 })
    const outcome = await client.caseidsForPackageUid(pkg)
    expect(outcome).toMatchObject({ kind: 'credentials', status: 401 })
    expect(calls).toEqual({ token: 2, api: 2 })
  })

  it('gives up on a call at its timeout and classifies it as "retry later"', async () => {
    const { sb, client, pkg } = await setup({}, null, 300)
    await faults(sb.url, { latency_ms: 3000 })
    const outcome = await client.caseidsForPackageUid(pkg)
    expect(outcome).toEqual({ kind: 'retry', status: null, unreachable: true, message: 'no answer from the API in time' })
  })

  it('refuses a plain-http base URL that is not on this computer', () => {
    expect(() => new LucidClient({ baseUrl: 'http://retail.lucidgreen.io', clientId: 'a', clientSecret: 'b' })).toThrow(/https/)
    expect(new LucidClient({ baseUrl: 'http://127.0.0.1:9', clientId: 'a', clientSecret: 'b' }).baseUrl).toBe('http://127.0.0.1:9')
  })

  it('never shows the secret when serialised', async () => {
    const { client } = await setup()
    expect(JSON.stringify(client)).not.toContain(CLIENT_SECRET)
  })
})
