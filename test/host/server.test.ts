// The browser host as a real process: bad addresses and arguments are answered 4xx with words, never
// 500 (issue 14 item 7); the command line refuses the same Package UIDs with the same words.
import { afterEach, expect, it } from 'vitest'
import { cli } from '../cli/helpers'
import { startHostProcess, type HostProcess } from '../faults/support/host'
import { configureDataDir, loggedRequests, makeFaultWorld, tempDir, worldSandbox } from '../faults/support/world'

let host: HostProcess | null = null
afterEach(async () => {
  await host?.stop()
  host = null
})

it('an address that is not valid percent-encoded UTF-8 is a 400 with words, and the host goes on answering', { timeout: 60_000 }, async () => {
  host = await startHostProcess(tempDir())
  const bad = await fetch(`${host.origin}/%E0%A4%A`)
  expect(bad.status).toBe(400)
  expect(await bad.text()).toMatch(/not valid percent-encoded UTF-8/)
  expect((await host.bridge('getQueue')).ok).toBe(true)
})

/** A bridge call that must be refused: 400 (never 500) with words that say what is wrong. */
async function refused(h: HostProcess, name: string, argument: unknown, words: RegExp): Promise<void> {
  const r = await h.call(name, JSON.stringify(argument))
  expect(r.status, `${name} ${JSON.stringify(argument)}: ${r.text}`).toBe(400)
  const body = JSON.parse(r.text) as { ok: boolean; error: { code: string; message: string } }
  expect(body.ok).toBe(false)
  expect(body.error.code).not.toBe('internal')
  expect(body.error.message).toMatch(words)
}

it('Package UIDs "." and ".." are refused with words on every way in, and no other API path is ever asked', { timeout: 90_000 }, async () => {
  const world = makeFaultWorld(1)
  const sb = await worldSandbox(world)
  try {
    const dir = tempDir()
    await configureDataDir(dir, sb.url)
    host = await startHostProcess(dir)
    for (const uid of ['.', '..']) {
      await refused(host, 'lookupPackage', { packageUid: uid }, /packageUid: "\." and "\.\." are not package tags/)
      await refused(host, 'rememberPackage', { packageUid: uid, posProductId: 'P', posInventoryId: 'I', sku: '', productName: 'x' }, /packageUid: "\." and "\.\." are not package tags/)
      const lookup = await cli(['lookup', uid, '--data', dir])
      expect(lookup.code, lookup.stderr).toBe(1)
      expect(lookup.stderr).toMatch(/cannot be a Package UID: "\." and "\.\." are not package tags/)
      const c = world.cases[0]!
      const imp = await cli(['import', '--case', c.uuid, '--packaged-product', c.pp, '--package', uid, '--pos-product', 'P', '--pos-inventory', 'I', '--data', dir])
      expect(imp.code, imp.stderr).toBe(1)
      expect(imp.stderr).toMatch(/cannot be a Package UID/)
    }
    // Dots written percent-encoded are a Package UID like any other: sent escaped, as one path segment.
    for (const uid of ['%2e%2e', '.%2E', '%2E', '...']) expect((await host.bridge('lookupPackage', { packageUid: uid })).ok).toBe(true)
    const paths = (await loggedRequests(sb.url)).map((r) => r.path)
    expect(paths.length).toBeGreaterThan(0)
    for (const p of paths) expect(p).toMatch(/^\/api\/v1\.2\/package-uids\/[^/]+\/caseids\/$/)
    expect(paths).toEqual(expect.arrayContaining(['/api/v1.2/package-uids/%252e%252e/caseids/', '/api/v1.2/package-uids/.%252E/caseids/', '/api/v1.2/package-uids/.../caseids/']))
  } finally {
    await sb.stop()
  }
})

it('a review day whose end is past 9999, or before 1970, is refused with words (was a 500: "answer does not match the contract"), the days between work', { timeout: 60_000 }, async () => {
  host = await startHostProcess(tempDir())
  for (const call of ['getReviewDay', 'exportDayCsv']) await refused(host, call, { date: '9999-12-31' }, /not a date the station can show: 9999-12-31 \(the last is 9999-12-30\)/)
  // Years 0-99 were 'not a date' (Date.UTC reads them as 1900-1999): the first day the station shows is said instead.
  for (const date of ['0099-05-05', '0001-01-01', '1969-12-31']) await refused(host, 'getReviewDay', { date }, new RegExp(`not a date the station can show: ${date} \\(the first is 1970-01-01`))
  expect(await host.bridge('getReviewDay', { date: '1970-01-01' })).toMatchObject({ ok: true })
  const last = await host.bridge<{ date: string; end: string }>('getReviewDay', { date: '9999-12-30' })
  expect(last).toMatchObject({ ok: true, value: { date: '9999-12-30' } })
})
