// A sandbox world for the fault suites: N single-product cases spread over several packages (so
// "in the right package" means something), one API client, and what the sandbox logged.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { randomShortUuid, startSandbox, type LoggedRequest, type RunningSandbox, type SandboxFixture } from '../../../electron/sandbox'
import { openStation, type Station } from '../../../electron/core/station'
import type { Cleanup } from '../../support/cleanups'

export const CLIENT_ID = 'faults-client'
export const CLIENT_SECRET = 'faults-secret-NEVER-SHOWN-5c1d8e'

export interface Case {
  uuid: string
  pp: string
  pkg: string
}

export interface FaultWorld {
  fixture: SandboxFixture
  cases: Case[]
  packages: string[]
}

export function packageUid(i: number): string {
  return `1A4FF01000000220000${String(i).padStart(5, '0')}`
}

export function makeFaultWorld(n: number, perPackage = 20): FaultWorld {
  const company = randomShortUuid()
  const dispensary = randomShortUuid()
  const packages = Array.from({ length: Math.max(2, Math.ceil(n / perPackage)) }, (_, i) => packageUid(i + 1))
  const cases = Array.from({ length: n }, (_, i) => ({ uuid: randomShortUuid(), pp: randomShortUuid(), pkg: packages[i % packages.length]! }))
  const fixture: SandboxFixture = {
    companies: [{ uuid: company, name: 'Faults Co' }],
    dispensaries: [{ uuid: dispensary, name: 'Faults Dispensary', state: 'CA', company }],
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, dispensary }],
    cases: cases.map((c) => ({ uuid: c.uuid, packaged_products: [c.pp], package_uids: [c.pkg], dispensaries: [dispensary] }))
  }
  return { fixture, cases, packages }
}

export function tempDir(prefix = 'station-faults-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** The sandbox at its documented limit (1,000 requests a minute) unless told otherwise. */
export function worldSandbox(world: FaultWorld, opts: { rateLimit?: number; db?: string; port?: number } = {}): Promise<RunningSandbox> {
  return startSandbox({ port: opts.port ?? 0, fixture: world.fixture, admin: true, rateLimit: opts.rateLimit ?? 1000, ...(opts.db ? { db: opts.db } : {}) })
}

/** A data folder configured for the sandbox as `config set` would, by the same core. */
export async function configureDataDir(dir: string, url: string, settings: Record<string, unknown> = {}): Promise<void> {
  const st = openStation({ dataDir: dir })
  st.setSettings({ apiUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, operator: 'faults', stationName: 'dock-faults', ...settings })
  await st.close()
}

/** A fault world of n cases (perPackage to a package), served by its sandbox, which `cleanups` stops after the test. */
export async function faultWorldOnSandbox(
  cleanups: Cleanup[],
  n: number,
  opts: { perPackage?: number; rateLimit?: number } = {}
): Promise<{ world: FaultWorld; sb: RunningSandbox }> {
  const world = makeFaultWorld(n, opts.perPackage)
  const sb = await worldSandbox(world, opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {})
  cleanups.push(() => sb.stop())
  return { world, sb }
}

/**
 * A fault world on its sandbox (faultWorldOnSandbox; its limit `sandboxRateLimit`, else the documented
 * one) and a data folder configured for it (`settings` on top).
 */
export async function configuredFaultWorld(
  cleanups: Cleanup[],
  n: number,
  opts: { perPackage?: number; sandboxRateLimit?: number; settings?: Record<string, unknown> } = {}
): Promise<{ world: FaultWorld; sb: RunningSandbox; dir: string }> {
  const { world, sb } = await faultWorldOnSandbox(cleanups, n, { ...opts, rateLimit: opts.sandboxRateLimit })
  const dir = tempDir()
  await configureDataDir(dir, sb.url, opts.settings)
  return { world, sb, dir }
}

export function importInput(c: Case) {
  return { caseUuid: c.uuid, packagedProductUuid: c.pp, packageUid: c.pkg, posProductId: `POS-${c.pkg.slice(-5)}`, posInventoryId: `INV-${c.pkg.slice(-5)}`, source: 'faults' }
}

export async function enqueueAll(dir: string, cases: Case[]): Promise<void> {
  const st: Station = openStation({ dataDir: dir })
  st.enqueueImports(cases.map(importInput))
  await st.close()
}

export async function setFaults(url: string, patch: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${url}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) })
  if (!r.ok) throw new Error(`faults: ${r.status} ${await r.text()}`)
}

export async function loggedRequests(url: string): Promise<LoggedRequest[]> {
  const r = await fetch(`${url}/__sandbox/requests`)
  return (await r.json()) as LoggedRequest[]
}

export const isImport = (r: LoggedRequest): boolean => r.method === 'POST' && r.path.endsWith('/caseids/import/')

export function caseOf(r: LoggedRequest): string | null {
  const b = typeof r.body === 'string' ? safeJson(r.body) : r.body
  return b && typeof b === 'object' && typeof (b as { case_uuid?: unknown }).case_uuid === 'string' ? (b as { case_uuid: string }).case_uuid : null
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The import requests the sandbox received, per CaseID, oldest first. */
export function importsByCase(log: LoggedRequest[]): Map<string, LoggedRequest[]> {
  const m = new Map<string, LoggedRequest[]>()
  for (const r of log.filter(isImport)) {
    const c = caseOf(r)
    if (c === null) continue
    const l = m.get(c) ?? []
    l.push(r)
    m.set(c, l)
  }
  return m
}

/** What the sandbox holds, asked as the station's dispensary would: CaseID → package it is imported into. */
export async function importedOnSandbox(url: string, packages: string[]): Promise<Map<string, string | null>> {
  const token = await fetch(`${url}/o/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET })
  }).then((r) => r.json() as Promise<{ access_token: string }>)
  const out = new Map<string, string | null>()
  for (const pkg of packages) {
    const r = await fetch(`${url}/api/v1.2/package-uids/${pkg}/caseids/`, { headers: { Authorization: `Bearer ${token.access_token}` } })
    if (r.status !== 200) throw new Error(`lookup ${pkg}: ${r.status}`)
    const body = (await r.json()) as { case_ids: Record<string, { is_imported: boolean; package_uid: string | null }> }
    for (const [c, v] of Object.entries(body.case_ids)) out.set(c, v.is_imported ? v.package_uid : null)
  }
  return out
}

export interface OutboxDbRow {
  id: number
  case_uuid: string
  package_uid: string
  state: string
  outcome: string | null
  api_message: string | null
  attempts: number
}

/** The station's database read straight from the file, as a separate reader would. */
export function readStationDb(dir: string): { rows: OutboxDbRow[]; integrity: string; events: Map<string, number> } {
  const db = new Database(path.join(dir, 'station.sqlite'), { readonly: true })
  try {
    const rows = db.prepare('SELECT id, case_uuid, package_uid, state, outcome, api_message, attempts FROM outbox ORDER BY id').all() as OutboxDbRow[]
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
    const events = new Map((db.prepare('SELECT event, count(*) AS n FROM journal GROUP BY event').all() as { event: string; n: number }[]).map((r) => [r.event, r.n]))
    return { rows, integrity, events }
  } finally {
    db.close()
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
