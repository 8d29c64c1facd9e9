import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index'
import { SCHEMA_VERSION } from '../../electron/sandbox/store'
import { CASE_1, CASE_3, CLIENTS, PKG_A, PKG_B, PP_1, PP_3, baseFixture, id, importBody } from './helpers'

const opened: RunningSandbox[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.stop()))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-db-'))
  dirs.push(dir)
  return join(dir, 'sandbox.sqlite')
}

async function open(db: string, extra: Parameters<typeof startSandbox>[0] = {}): Promise<RunningSandbox> {
  const sb = await startSandbox({ db, fixture: baseFixture(), ...extra })
  opened.push(sb)
  return sb
}

async function token(url: string, who: keyof typeof CLIENTS = 'home'): Promise<string> {
  const res = await fetch(`${url}/o/token/`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENTS[who].id, client_secret: CLIENTS[who].secret })
  })
  return ((await res.json()) as { access_token: string }).access_token
}

function post(url: string, t: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
}

async function lookup(url: string, t: string, pkg: string): Promise<Record<string, { is_imported: boolean }>> {
  const res = await fetch(`${url}/api/v1.2/package-uids/${pkg}/caseids/`, { headers: { Authorization: `Bearer ${t}` } })
  if (res.status !== 200) throw new Error(`lookup ${res.status}`)
  return ((await res.json()) as { case_ids: Record<string, { is_imported: boolean }> }).case_ids
}

describe('a file-backed sandbox', () => {
  it('keeps imports, POS records and tokens across a restart', async () => {
    const db = tempDb()
    const first = await open(db)
    const t = await token(first.url)
    expect((await post(first.url, t, '/api/v1.2/caseids/import/', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
    await first.stop()

    const second = await open(db)
    expect((await lookup(second.url, t, PKG_A))[CASE_1]!.is_imported).toBe(true)
    const again = await post(second.url, t, '/api/v1.2/caseids/import/', importBody(CASE_1, PP_1, PKG_A))
    expect(await again.json()).toEqual({ detail: `Items in CaseID ${CASE_1} are already imported into inventory ${PKG_A}.` })
    expect((await post(second.url, t, '/api/v1.2/caseids/import/remove/', { case_uuid: CASE_1, package_uid: PKG_A })).status).toBe(200)
  })

  it('applies a fixture only to an empty database', async () => {
    const db = tempDb()
    const first = await open(db)
    await first.stop()
    const changed = baseFixture()
    changed.clients[0]!.client_secret = 'changed-secret'
    const second = await open(db, { fixture: changed })
    const res = await fetch(`${second.url}/o/token/`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENTS.home.id, client_secret: 'changed-secret' })
    })
    expect(res.status).toBe(401)
    expect(await token(second.url)).toMatch(/\S+/)
  })

  it('lets two sandboxes on one file agree on tokens and imports', async () => {
    const db = tempDb()
    const a = await open(db)
    const b = await open(db)
    const t = await token(a.url)
    expect((await post(b.url, t, '/api/v1.2/caseids/import/', importBody(CASE_3, PP_3, PKG_B))).status).toBe(200)
    const sibling = await token(b.url, 'sibling')
    const refused = await post(a.url, sibling, '/api/v1.2/caseids/import/', importBody(CASE_3, PP_3, PKG_B))
    expect(await refused.json()).toEqual({ detail: 'This case has already been scanned for another dispensary.' })
  })

  it('lets exactly one of many concurrent imports of a case through, across two sandboxes on one file', async () => {
    const db = tempDb()
    const a = await open(db)
    const b = await open(db)
    const tokens = [await token(a.url, 'home'), await token(b.url, 'sibling')]
    const attempts = Array.from({ length: 20 }, (_, i) =>
      post(i % 2 ? a.url : b.url, tokens[Math.floor(i / 2) % 2]!, '/api/v1.2/caseids/import/', importBody(CASE_3, PP_3, PKG_B)))
    const statuses = await Promise.all(attempts.map(async (p) => (await p).status))
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 400)).toHaveLength(19)
  })

  it('records its schema version in PRAGMA user_version and opens its own database again', async () => {
    const db = tempDb()
    const first = await open(db)
    await first.stop()
    const raw = new Database(db)
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    raw.close()
    const second = await open(db)
    expect(second.port).toBeGreaterThan(0)
  })

  it('refuses a database from a newer sandbox', async () => {
    const db = tempDb()
    const raw = new Database(db)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    await expect(startSandbox({ db })).rejects.toThrow(/newer/)
  })

  it('does not create the database when the fixture is malformed', async () => {
    const db = tempDb()
    const bad = baseFixture()
    bad.cases[0]!.uuid = id('x').slice(1)
    await expect(startSandbox({ db, fixture: bad })).rejects.toThrow('cases[0].uuid: not a ShortUUID')
    expect(existsSync(db)).toBe(false)
  })
})
