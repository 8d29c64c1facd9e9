import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_CLIENT, DEMO_CLIENTS, demoFixture, demoManifestCsv, startBuiltinSandbox, startSandbox, validateFixture, type RunningSandbox } from '../../electron/sandbox/index'
import { demoLabelSheetHtml } from '../../electron/sandbox/labels'

const running: RunningSandbox[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

type Entry = { is_imported: boolean; imported_on: string | null; package_uid: string | null; dispensary: { uuid: string } | null }
type Row = Record<string, string>

async function tokenFor(url: string, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(`${url}/o/token/`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }) })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

async function lookup(url: string, token: string, pkg: string): Promise<Record<string, Entry>> {
  const res = await fetch(`${url}/api/v1.2/package-uids/${pkg}/caseids/`, { headers: { Authorization: `Bearer ${token}` } })
  return ((await res.json()) as { case_ids: Record<string, Entry> }).case_ids
}

const rows = (): Row[] => parse(demoManifestCsv(), { columns: true }) as Row[]

describe('demo seed', () => {
  it('is a valid, deterministic fixture of two companies, three dispensaries and a client each', () => {
    const f = demoFixture()
    expect(() => validateFixture(f)).not.toThrow()
    expect(demoFixture()).toEqual(f)
    expect(f.companies).toHaveLength(2)
    expect(f.dispensaries).toHaveLength(3)
    expect(new Set(f.dispensaries.map((d) => d.company)).size).toBe(2)
    expect(f.clients).toHaveLength(4)
    expect(f.clients[0]).toMatchObject({ client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret })
    // Two stations of one dispensary: a second client of the station's dispensary.
    expect(f.clients.filter((c) => c.dispensary === f.clients[0]!.dispensary)).toHaveLength(2)
    const packages = new Set(f.cases.flatMap((c) => c.package_uids))
    expect(packages.size).toBeGreaterThanOrEqual(8)
    for (const p of packages) expect(p).toMatch(/^[0-9A-Z]{24}$/)
    const perPackage = [...packages].map((p) => f.cases.filter((c) => c.package_uids.includes(p)).length)
    expect(Math.min(...perPackage)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...perPackage)).toBeLessThanOrEqual(6)
    expect(f.cases.some((c) => c.packaged_products.length > 1)).toBe(true)
  })

  it('writes a manifest with the exact header, one row per case and packaged product of the station\'s packages', () => {
    expect(demoManifestCsv().split('\n')[0]).toBe('package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid')
    const f = demoFixture()
    const station = f.clients.find((c) => c.client_id === DEMO_CLIENT.clientId)!.dispensary
    const expected = f.cases.filter((c) => c.dispensaries.includes(station))
      .flatMap((c) => c.packaged_products.map((p) => `${c.package_uids[0]}/${c.uuid}/${p}`))
    expect(rows().map((r) => `${r.package_uid}/${r.case_uuid}/${r.packaged_product_uuid}`).sort()).toEqual(expected.sort())
    for (const r of rows()) for (const v of Object.values(r)) expect(v).not.toBe('')
  })

  it('shows the station cases imported by its sibling (visible) and by the other company (hidden)', async () => {
    const sb = await startSandbox({ seed: 'demo' })
    running.push(sb)
    const token = await tokenFor(sb.url, DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret)
    const f = demoFixture()
    const station = f.clients[0]!.dispensary
    const entries: Entry[] = []
    for (const pkg of new Set(rows().map((r) => r.package_uid!))) {
      const found = await lookup(sb.url, token, pkg)
      expect(Object.keys(found).sort()).toEqual([...new Set(rows().filter((r) => r.package_uid === pkg).map((r) => r.case_uuid))].sort())
      entries.push(...Object.values(found))
    }
    expect(entries.some((e) => !e.is_imported)).toBe(true)
    expect(entries.some((e) => e.is_imported && e.dispensary !== null && e.dispensary.uuid !== station)).toBe(true)
    expect(entries.some((e) => e.is_imported && e.dispensary === null)).toBe(true)
    expect(entries.some((e) => e.is_imported && e.dispensary?.uuid === station)).toBe(true)
  })

  it('lets the station import every manifest row not imported elsewhere', async () => {
    const sb = await startSandbox({ seed: 'demo' })
    running.push(sb)
    const token = await tokenFor(sb.url, DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret)
    const outcomes = new Map<number, number>()
    for (const r of rows()) {
      const res = await fetch(`${sb.url}/api/v1.2/caseids/import/`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ case_uuid: r.case_uuid, packaged_product_uuid: r.packaged_product_uuid, pos_product_id: r.pos_product_id, pos_inventory_id: r.pos_inventory_id, package_uid: r.package_uid, sku: r.sku })
      })
      outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1)
    }
    expect([...outcomes.keys()].sort()).toEqual([200, 400])
    expect(outcomes.get(200)!).toBeGreaterThan(outcomes.get(400)!)
  })

  it('gives every demo client a working login', async () => {
    const sb = await startSandbox({ seed: 'demo' })
    running.push(sb)
    for (const c of DEMO_CLIENTS) await tokenFor(sb.url, c.client_id, c.client_secret)
  })

  it('startBuiltinSandbox keeps its demo store in <dataDir>/builtin-sandbox.sqlite and returns the demo credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'builtin-'))
    dirs.push(dir)
    const dataDir = join(dir, 'data')
    const first = await startBuiltinSandbox(dataDir)
    expect(first).toMatchObject({ clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, url: `http://127.0.0.1:${first.port}` })
    expect(existsSync(join(dataDir, 'builtin-sandbox.sqlite'))).toBe(true)
    const token = await tokenFor(first.url, first.clientId, first.clientSecret)
    const r = rows().find((x) => x.package_uid === '1A4FF0100000022000000101')!
    const res = await fetch(`${first.url}/api/v1.2/caseids/import/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ case_uuid: r.case_uuid, packaged_product_uuid: r.packaged_product_uuid, pos_product_id: 'p', pos_inventory_id: 'i', package_uid: r.package_uid })
    })
    expect(res.status).toBe(200)
    await first.stop()
    const second = await startBuiltinSandbox(dataDir)
    running.push(second)
    expect((await lookup(second.url, token, r.package_uid!))[r.case_uuid!]!.is_imported).toBe(true)
  })

  it('prints label sheets with a CaseID QR code per case and a Code 128 tag per package', async () => {
    const html = await demoLabelSheetHtml()
    const stationCases = new Set(rows().map((r) => r.case_uuid))
    const stationPackages = new Set(rows().map((r) => r.package_uid))
    expect(html.match(/<section class="sheet">/g)).toHaveLength(stationPackages.size)
    expect(html.match(/<figure class="case"><svg/g)).toHaveLength(stationCases.size)
    for (const c of stationCases) expect(html).toContain(c)
  })
})
