// Test helpers: fixtures built in code, a real sandbox on port 0, stations in temp folders.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomShortUuid, startSandbox, type LoggedRequest, type RunningSandbox, type SandboxFixture } from '../../electron/sandbox'
import type { Cleanup } from '../support/cleanups'
import { openStation, type Station, type StationOptions } from '../../electron/core/station'

export const CLIENT_ID = 'test-client'
export const CLIENT_SECRET = 'test-secret-DO-NOT-LEAK-7f3a9c'

export interface World {
  fixture: SandboxFixture
  dispensary: string
  otherDispensary: string
  cases: { uuid: string; pp: string; pkg: string }[]
  multiCase: { uuid: string; pps: string[]; pkg: string }
  otherCase: string
}

/** n single-product cases for package pkg, plus a multi-batch case and a case already scanned for another dispensary. */
export function makeWorld(n: number, pkg = '1A4FF0100000022000000123'): World {
  const company = randomShortUuid()
  const dispensary = randomShortUuid()
  const otherCompany = randomShortUuid()
  const otherDispensary = randomShortUuid()
  const cases = Array.from({ length: n }, () => ({ uuid: randomShortUuid(), pp: randomShortUuid(), pkg }))
  const multiCase = { uuid: randomShortUuid(), pps: [randomShortUuid(), randomShortUuid()], pkg }
  const otherCase = randomShortUuid()
  const otherPp = randomShortUuid()
  const fixture: SandboxFixture = {
    companies: [
      { uuid: company, name: 'Test Co' },
      { uuid: otherCompany, name: 'Other Co' }
    ],
    dispensaries: [
      { uuid: dispensary, name: 'Test Dispensary', state: 'CA', company },
      { uuid: otherDispensary, name: 'Other Dispensary', state: 'CO', company: otherCompany }
    ],
    clients: [
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, dispensary },
      { client_id: 'other-client', client_secret: 'other-secret', dispensary: otherDispensary }
    ],
    cases: [
      ...cases.map((c) => ({ uuid: c.uuid, packaged_products: [c.pp], package_uids: [pkg], dispensaries: [dispensary] })),
      { uuid: multiCase.uuid, packaged_products: multiCase.pps, package_uids: [pkg], dispensaries: [dispensary] },
      { uuid: otherCase, packaged_products: [otherPp], package_uids: [pkg], dispensaries: [otherDispensary, dispensary] }
    ],
    imports: [
      { case: otherCase, packaged_product: otherPp, dispensary: otherDispensary, package_uid: 'OTHERPKG0000000000000001', pos_product_id: 'x', pos_inventory_id: 'y' }
    ]
  }
  return { fixture, dispensary, otherDispensary, cases, multiCase, otherCase }
}

/**
 * A company with two dispensaries in California: this station's ("own", the client CLIENT_ID) and a
 * sister; n single-product cases for the test to place. The test adds the cases and imports to the fixture.
 */
export function sisterDispensaries(n: number) {
  const company = randomShortUuid()
  const own = randomShortUuid()
  const sister = randomShortUuid()
  const cases = Array.from({ length: n }, () => ({ uuid: randomShortUuid(), pp: randomShortUuid() }))
  const fixture: Omit<SandboxFixture, 'cases'> = {
    companies: [{ uuid: company, name: 'Test Co' }],
    dispensaries: [
      { uuid: own, name: 'Test Downtown', state: 'CA', company },
      { uuid: sister, name: 'Test Uptown', state: 'CA', company }
    ],
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, dispensary: own }]
  }
  return { own, sister, cases, fixture }
}

export function tempDir(prefix = 'station-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function sandbox(world: World, opts: { rateLimit?: number; tokenTtl?: number } = {}) {
  return startSandbox({ port: 0, fixture: world.fixture, admin: true, rateLimit: opts.rateLimit ?? 100_000, ...(opts.tokenTtl ? { tokenTtl: opts.tokenTtl } : {}) })
}

/** makeWorld(n), served by a sandbox that `cleanups` stops after the test. */
export async function worldOnSandbox(cleanups: Cleanup[], n: number, opts: { rateLimit?: number; tokenTtl?: number } = {}): Promise<{ world: World; sb: RunningSandbox }> {
  const world = makeWorld(n)
  const sb = await sandbox(world, opts)
  cleanups.push(() => sb.stop())
  return { world, sb }
}

export function station(dataDir: string, url: string | null, extra: Partial<StationOptions> = {}, settings: Record<string, unknown> = {}): Station {
  const logs: string[] = []
  const s = openStation({ dataDir, log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`), ...extra })
  if (url) s.setSettings({ apiUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, operator: 'tester', stationName: 'dock-1', rateLimit: 50_000, ...settings })
  ;(s as unknown as { __logs: string[] }).__logs = logs
  return s
}

export function logsOf(s: Station): string[] {
  return (s as unknown as { __logs: string[] }).__logs
}

export async function faults(url: string, patch: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${url}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) })
  if (!r.ok) throw new Error(`faults: ${r.status} ${await r.text()}`)
}


export async function requests(url: string): Promise<LoggedRequest[]> {
  const r = await fetch(`${url}/__sandbox/requests`)
  const b = (await r.json()) as unknown
  return (Array.isArray(b) ? b : ((b as { requests: LoggedRequest[] }).requests ?? [])) as LoggedRequest[]
}

export async function clearRequests(url: string): Promise<void> {
  await fetch(`${url}/__sandbox/requests`, { method: 'DELETE' })
}

export function importInput(c: { uuid: string; pp: string; pkg: string }, extra: Record<string, string> = {}) {
  return { caseUuid: c.uuid, packagedProductUuid: c.pp, packageUid: c.pkg, posProductId: 'POS-P-1', posInventoryId: 'POS-I-1', ...extra }
}

export function bodyOf(r: LoggedRequest): Record<string, unknown> {
  if (typeof r.body === 'string') {
    try {
      return JSON.parse(r.body) as Record<string, unknown>
    } catch {
      return {}
    }
  }
  return (r.body ?? {}) as Record<string, unknown>
}
