// A flood of unauthenticated 1 MB posts at the built-in sandbox, which runs inside the browser host's
// process (issue 14, item 2): anyone on the machine can send them, no token needed. Through the real
// process: the host keeps answering (a bridge call that goes through the sandbox, and a direct
// sandbox call) and its resident memory, read from /proc, stays under its start plus FLOOD_BOUND_MB.
// Before the request log was bounded, 205 such posts grew the host from 213 MB to 4.4 GB and killed it.
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CLIENT, demoManifestRows } from '../../electron/sandbox'
import { budget, recordFigures, sizes } from './support/sizes'
import { startHostProcess, type HostProcess } from './support/host'
import { tempDir } from './support/world'

/** The stated bound (docs/RELIABILITY.md): the host's RSS never exceeds its start by more than this. */
const FLOOD_BOUND_MB = 300
const CONCURRENCY = 4
const { posts: POSTS } = sizes().flood
const IMPORT_PATH = '/api/v1.2/caseids/import/'

/** A JSON array of empty objects of just under 1 MiB: once parsed, about 12 MB of V8 heap. */
function megabyteArray(): string {
  const count = Math.floor((1024 * 1024 - 2) / 3)
  return `[${new Array<string>(count).fill('{}').join(',')}]`
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  if (!m) throw new Error(`no VmRSS for process ${pid}`)
  return Number(m[1]) / 1024
}

let host: HostProcess
let sandboxUrl = ''

beforeAll(async () => {
  host = await startHostProcess(tempDir('station-flood-'))
  const info = await host.bridge<{ api: { mode: string; url: string } }>('getAppInfo')
  if (!info.ok) throw new Error(`getAppInfo: ${info.error.message}`)
  expect(info.value.api.mode).toBe('builtin')
  sandboxUrl = info.value.api.url
}, 60_000)
afterAll(() => host?.stop())

async function sandboxLookup(): Promise<number> {
  const token = await fetch(`${sandboxUrl}/o/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret })
  })
  const { access_token } = (await token.json()) as { access_token: string }
  const pkg = demoManifestRows()[0]!.package_uid
  const r = await fetch(`${sandboxUrl}/api/v1.2/package-uids/${pkg}/caseids/`, { headers: { Authorization: `Bearer ${access_token}` } })
  await r.arrayBuffer()
  return r.status
}

async function testConnection(): Promise<string> {
  const answer = await host.bridge<{ state: string }>('testConnection')
  if (!answer.ok) throw new Error(`testConnection: ${answer.error.message}`)
  return answer.value.state
}

describe('flood of unauthenticated 1 MB posts at the built-in sandbox', () => {
  it(`leaves the host answering and within its start + ${FLOOD_BOUND_MB} MB (${POSTS} posts, ${CONCURRENCY} at a time)`, { timeout: budget(60_000, POSTS, 200) }, async () => {
    const pid = host.child.pid!
    // Warm up what a normal day uses first, so the start figure is the station at work.
    expect(await testConnection()).toBe('working')
    expect(await sandboxLookup()).toBe(200)
    const startMb = rssMb(pid)
    let peakMb = startMb
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 25)

    const body = megabyteArray()
    const statuses = new Map<number, number>()
    let next = 0
    const t0 = Date.now()
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < POSTS) {
          next++
          const r = await fetch(`${sandboxUrl}${IMPORT_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
          await r.arrayBuffer()
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
          peakMb = Math.max(peakMb, rssMb(pid))
        }
      }))
    } finally {
      clearInterval(sampler)
    }
    const floodMs = Date.now() - t0

    // Still answering: a bridge call that reaches the sandbox through the core, and the sandbox itself.
    expect(await testConnection()).toBe('working')
    expect(await sandboxLookup()).toBe(200)
    const endMb = rssMb(pid)
    peakMb = Math.max(peakMb, endMb)

    const figures = {
      posts: POSTS, bodyBytes: Buffer.byteLength(body), concurrency: CONCURRENCY, statuses: Object.fromEntries(statuses),
      startRssMb: Math.round(startMb), peakRssMb: Math.round(peakMb), endRssMb: Math.round(endMb), boundMb: Math.round(startMb + FLOOD_BOUND_MB), floodMs
    }
    recordFigures('flood', figures)
    expect(Object.fromEntries(statuses), JSON.stringify(figures)).toEqual({ 401: POSTS })
    expect(peakMb, JSON.stringify(figures)).toBeLessThan(startMb + FLOOD_BOUND_MB)
    expect(host.stderr()).not.toMatch(/internal error|out of memory/i)
  })
})
