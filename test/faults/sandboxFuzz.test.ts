// The sandbox fuzzed with malformed requests over raw TCP: request lines, headers, auth, content types
// and bodies generated at random. It answers 2xx or 4xx, never 5xx, never drops a well-formed request,
// logs no internal error, and still serves a normal lookup afterwards. (test/sandbox/http.test.ts
// fuzzes bodies through fetch; this goes below HTTP clients, where they would refuse to send.)
import { connect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../electron/sandbox'
import { budget, recordFigures, sizes } from './support/sizes'
import { CLIENT_ID, CLIENT_SECRET, makeFaultWorld } from './support/world'

const { cases: CASES } = sizes().sandboxFuzz
const world = makeFaultWorld(4)
const c0 = world.cases[0]!
let sandbox: RunningSandbox
let token = ''
const logged: string[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, fixture: world.fixture, admin: false, rateLimit: 1_000_000, log: (l) => logged.push(l) })
  const r = await fetch(`${sandbox.url}/o/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET })
  })
  token = ((await r.json()) as { access_token: string }).access_token
})
afterAll(() => sandbox?.stop())

/** Sends raw bytes, half-closes, and resolves with the first status code (null: closed without one). */
function exchange(bytes: Buffer): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(sandbox.port, '127.0.0.1', () => socket.end(bytes))
    let out = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within 10 s to ${JSON.stringify(bytes.toString('latin1').slice(0, 300))}`))
    }, 10_000)
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')))
    socket.on('close', () => {
      clearTimeout(timer)
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(out)
      resolve(m ? Number(m[1]) : null)
    })
    socket.on('error', () => undefined)
  })
}

const PATHS = [
  '/api/v1.2/caseids/import/',
  '/api/v1.2/caseids/import/remove/',
  `/api/v1.2/package-uids/${c0.pkg}/caseids/`,
  '/api/v1.2/package-uids/%ZZ/caseids/',
  '/api/v1.2/package-uids/..%2F..%2F/caseids/',
  '/api/v1.2/package-uids-export/?export_date=2020-13-45',
  '/api/v1.2/package-uids-export/?export_date=2024-01-01&export_date=x',
  '/o/token/',
  '/exports/0123456789abcdef01234567.json',
  '/__sandbox/faults',
  '//api//v1.2/',
  '/api/v1.2/caseids/import/?' + 'q='.repeat(500)
]

const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('', ' ', '\t', 'application/json', 'application/json; charset=utf-16', 'multipart/form-data; boundary=', 'text/plain', 'application/x-www-form-urlencoded', '*/*', 'x'.repeat(4000))
)
const authorization = fc.oneof(
  fc.constant(`Bearer ${'TOKEN'}`),
  fc.constantFrom('Bearer', 'Bearer ', 'bearer TOKEN', 'Bearer TOKEN extra', 'Basic', 'Basic !!!', `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`, 'Basic Og==', 'Token abc', ''),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`)
)
const body = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('case_uuid', 'packaged_product_uuid', 'pos_product_id', 'pos_inventory_id', 'package_uid', 'sku', 'grant_type', 'client_id'), fc.oneof(fc.jsonValue(), fc.constantFrom(c0.uuid, c0.pp, c0.pkg))).map((o) => JSON.stringify(o)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', '{', '{"case_uuid":', 'grant_type=client_credentials&client_id=&client_secret=', 'grant_type=password', '\u0000\u0001', '[]', 'null', '1e999', '"\\ud800"')
)

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'FOO', 'G ET'),
  path: fc.oneof(fc.constantFrom(...PATHS), fc.string({ maxLength: 40 }).map((s) => `/api/v1.2/${encodeURI(s)}`)),
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.1 extra', ''),
  auth: fc.option(authorization),
  contentType: fc.option(headerValue),
  extra: fc.array(fc.tuple(fc.oneof(fc.constantFrom('X-Junk', 'Accept', 'Transfer-Encoding', 'Content-Encoding', 'Expect', 'Bad Header', 'X-\u00e9', ''), fc.string({ maxLength: 12 })), headerValue), { maxLength: 3 }),
  body,
  length: fc.constantFrom('exact', 'exact', 'none', 'short', 'nonsense', 'negative', 'twice')
})

type RawRequest = typeof request extends fc.Arbitrary<infer T> ? T : never

function serialise(r: RawRequest): Buffer {
  const b = Buffer.from(r.body, 'utf8')
  const lines = [`${r.method} ${r.path} ${r.version}`.trimEnd(), `Host: 127.0.0.1:${sandbox.port}`]
  if (r.auth !== null) lines.push(`Authorization: ${r.auth.replace('TOKEN', token)}`)
  if (r.contentType !== null) lines.push(`Content-Type: ${r.contentType}`)
  for (const [[name, suffix], value] of r.extra) lines.push(`${name}${suffix}: ${value}`)
  const lengths: Record<RawRequest['length'], string | null> = { exact: String(b.length), none: null, short: String(Math.max(0, b.length - 3)), nonsense: 'abc', negative: '-1', twice: `${b.length}, ${b.length + 1}` }
  const len = lengths[r.length]
  if (len !== null) lines.push(`Content-Length: ${len}`)
  lines.push('Connection: close')
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b])
}

describe('sandbox fuzzed with malformed requests', () => {
  it(`${CASES} generated requests: 2xx or 4xx, never 5xx`, { timeout: budget(60_000, CASES, 60) }, async () => {
    const statuses = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const bytes = serialise(r)
        const status = await exchange(bytes)
        const key = status === null ? 'closed' : String(status)
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
        expect(status, bytes.toString('latin1').slice(0, 400)).not.toBeNull()
        expect(status! < 500, `${status} for ${bytes.toString('latin1').slice(0, 400)}`).toBe(true)
      }),
      { numRuns: CASES }
    )
    expect(logged.filter((l) => /internal error/.test(l))).toEqual([])
    const ok = await fetch(`${sandbox.url}/api/v1.2/package-uids/${c0.pkg}/caseids/`, { headers: { Authorization: `Bearer ${token}` } })
    expect(ok.status).toBe(200)
    recordFigures('sandbox-fuzz', { cases: CASES, statuses: Object.fromEntries([...statuses].sort()) })
  })
})
