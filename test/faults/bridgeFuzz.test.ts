// Fuzz of every bridge call through the browser host, as a real process: random and invalid
// arguments over HTTP with the token. Each is answered (200 with a value, or 400 with a clear error),
// never 500; the host stays up, logs no internal error or unhandled rejection, and never answers
// with the client secret.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CALL_NAMES, calls, callResultEnvelope } from '../../electron/contract'
import type { RunningSandbox } from '../../electron/sandbox'
import { SCANNER_OPTION_WORDS } from '../../electron/shared/preferences.std'
import { startHostProcess, type HostProcess } from './support/host'
import { budget, recordFigures, sizes } from './support/sizes'
import { CLIENT_SECRET, configureDataDir, makeFaultWorld, tempDir, worldSandbox } from './support/world'

const { perCall: PER_CALL } = sizes().bridgeFuzz
// A value out of range in a field the operator types is said in the field's words (the dispatch).
const OPERATOR_WORDS = Object.values(SCANNER_OPTION_WORDS).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')

let sandbox: RunningSandbox
let host: HostProcess
const world = makeFaultWorld(10)

beforeAll(async () => {
  sandbox = await worldSandbox(world, { rateLimit: 100_000 })
  const dir = tempDir()
  await configureDataDir(dir, sandbox.url)
  host = await startHostProcess(dir)
}, 60_000)

afterAll(async () => {
  await host?.stop()
  await sandbox?.stop()
})

const call = (name: string, body: string) => host.call(name, body)

/** The keys each call's argument may have, read from the contract, plus a few it must refuse. */
function keysOf(name: (typeof CALL_NAMES)[number]): string[] {
  const shape = (calls[name].input as unknown as { shape?: Record<string, unknown> }).shape ?? {}
  return [...Object.keys(shape), '__proto__', 'constructor', 'extra']
}

const nasty = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '../../etc/passwd', 'https://qr.lcdg.io/case/', '\u0000', '\uFFFF'.repeat(3), 'x'.repeat(5000)),
  fc.constantFrom(-1, 0, 1, 2 ** 53, -(2 ** 53), 1e308, 0.5, Number.MAX_SAFE_INTEGER),
  fc.constantFrom(world.cases[0]!.uuid, world.cases[0]!.pkg, `https://qr.lcdg.io/case/${world.cases[1]!.uuid}`, '1A4FF0100000022000000001', 'builtin', 'https://evil.example'),
  fc.array(fc.string(), { maxLength: 60 })
)

describe('bridge calls fuzzed through the browser host', () => {
  it(`${PER_CALL} random and invalid arguments per call: a value or a clear error, never a 500 or a crash`, { timeout: budget(60_000, PER_CALL * CALL_NAMES.length, 120) }, async () => {
    const codes = new Map<string, number>()
    let cases = 0
    for (const name of CALL_NAMES) {
      const argument = fc.oneof(
        { arbitrary: fc.dictionary(fc.constantFrom(...keysOf(name)), nasty, { maxKeys: 6 }).map((o) => JSON.stringify(o)), weight: 6 },
        { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 2 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
        { arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"a":', '\u0000', '{"__proto__":{"polluted":1}}'), weight: 1 }
      )
      await fc.assert(
        fc.asyncProperty(argument, async (body) => {
          cases++
          const a = await call(name, body)
          expect(a.status, `${name} ${body.slice(0, 200)} -> ${a.text.slice(0, 300)}`).not.toBeGreaterThanOrEqual(500)
          expect([200, 400]).toContain(a.status)
          expect(a.text).not.toContain(CLIENT_SECRET)
          const env = callResultEnvelope.parse(JSON.parse(a.text))
          expect(env.ok).toBe(a.status === 200)
          if (!env.ok) {
            expect(env.error.code).not.toBe('internal')
            expect(env.error.message.length).toBeGreaterThan(10)
            if (env.error.code === 'invalid-argument') expect(env.error.message).toMatch(new RegExp(`^(Invalid argument to ${name}|The call body is not valid JSON|${OPERATOR_WORDS})`))
            codes.set(env.error.code, (codes.get(env.error.code) ?? 0) + 1)
          } else codes.set('ok', (codes.get('ok') ?? 0) + 1)
        }),
        { numRuns: PER_CALL }
      )
    }
    // Names that are not calls, including path tricks.
    for (const name of ['dropTables', '..%2F..%2Fetc%2Fpasswd', '__proto__', 'constructor', 'getAppInfo%00', 'GETAPPINFO', encodeURIComponent('<script>')]) {
      cases++
      const a = await call(name, '{}')
      expect(a.status, name).toBe(name === '..%2F..%2Fetc%2Fpasswd' ? a.status : 400)
      expect(a.status).toBeLessThan(500)
    }
    // Still up and healthy, and nothing it logged is an internal error or an unhandled rejection.
    expect(host.child.exitCode).toBeNull()
    const info = await call('getAppInfo', '{}')
    expect(info.status).toBe(200)
    expect(host.stderr()).not.toMatch(/unhandled|uncaught|bridge call \w+ failed|TypeError|RangeError/i)
    expect(host.stderr()).not.toContain(CLIENT_SECRET)
    expect(codes.get('internal') ?? 0).toBe(0)
    recordFigures('bridge-fuzz', { calls: CALL_NAMES.length, cases, answers: Object.fromEntries(codes), status5xx: 0, crashes: 0 })
  })
})
