// The reconcile against the real sandbox over HTTP: two stations of one dispensary (two data folders,
// one client), a sister dispensary, a case imported into another package (in the sandbox's fixture).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SandboxFixture } from '../../../electron/sandbox'
import type { ManifestRow, Station } from '../../../electron/core/station'
import { clearRequests, requests, sisterDispensaries, station, tempDir } from '../helpers'
import { startSandbox, type RunningSandbox } from '../../../electron/sandbox'

const PKG = '1A4FF0100000022000000201'
const OTHER_PKG = '1A4FF0100000022000000202'

function world() {
  const { own, sister, cases, fixture: dispensaries } = sisterDispensaries(8)
  const fixture: SandboxFixture = {
    ...dispensaries,
    clients: [...dispensaries.clients, { client_id: 'sister-client', client_secret: 'sister-secret', dispensary: sister }],
    cases: cases.map((c) => ({ uuid: c.uuid, packaged_products: [c.pp], package_uids: [PKG], dispensaries: [own] })),
    imports: [
      // Case 5 sits in another package than the manifest says; case 4 was imported by the sister dispensary.
      { case: cases[5]!.uuid, packaged_product: cases[5]!.pp, dispensary: own, package_uid: OTHER_PKG, pos_product_id: 'P', pos_inventory_id: 'I' },
      { case: cases[4]!.uuid, packaged_product: cases[4]!.pp, dispensary: sister, package_uid: PKG, pos_product_id: 'P', pos_inventory_id: 'I' }
    ]
  }
  const manifest: ManifestRow[] = cases.map((c, i) => ({ line: i + 2, packageUid: PKG, posProductId: 'P', posInventoryId: 'I', sku: 'SKU', productName: 'Test Flower', caseUuid: c.uuid, packagedProductUuid: c.pp }))
  return { fixture, cases, manifest }
}

const importOf = (c: { uuid: string; pp: string }) => ({ caseUuid: c.uuid, packagedProductUuid: c.pp, packageUid: PKG, posProductId: 'P', posInventoryId: 'I' })

describe('reconcile with LucidRetail', () => {
  let sb: RunningSandbox
  let a: Station
  let b: Station
  let w: ReturnType<typeof world>

  beforeEach(async () => {
    w = world()
    sb = await startSandbox({ port: 0, fixture: w.fixture, admin: true, rateLimit: 100_000 })
    a = station(tempDir(), sb.url, {}, { stationName: 'dock-a' })
    b = station(tempDir(), sb.url, {}, { stationName: 'dock-b' })
    a.loadManifest(w.manifest)
    b.loadManifest(w.manifest)
  })
  afterEach(async () => {
    await a.close()
    await b.close()
    await sb.stop()
  })

  it("classifies every case of the day: station B's imports, station A's, the sister's, another package, never scanned, queued", async () => {
    a.enqueueImports([importOf(w.cases[0]!), importOf(w.cases[1]!)])
    expect(await a.drain({ timeoutMs: 20_000 })).toBe(true)
    b.enqueueImports([importOf(w.cases[2]!), importOf(w.cases[3]!)])
    expect(await b.drain({ timeoutMs: 20_000 })).toBe(true)
    // Queued at B and never sent (the worker does not run during the reconcile).
    b.enqueueImport(importOf(w.cases[7]!))

    const day = await b.reconcileDay(new Date().toISOString().slice(0, 10), { tz: 'UTC' })
    const finding = (i: number) => day.cases.find((c) => c.caseUuid === w.cases[i]!.uuid)?.finding
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(finding)).toEqual([
      'this_dispensary', 'this_dispensary', 'this_station', 'this_station', 'other_dispensary', 'different_package', 'not_imported', 'unconfirmed'
    ])
    const sisterCase = day.cases.find((c) => c.caseUuid === w.cases[4]!.uuid)!
    expect(sisterCase.words).toContain('Test Uptown')
    const moved = day.cases.find((c) => c.caseUuid === w.cases[5]!.uuid)!
    expect(moved.api?.importedInto).toBe(OTHER_PKG)
    expect(moved.words).toContain(OTHER_PKG)
    expect(moved.words).toContain(PKG)
    // The actionable list first.
    expect(day.cases[0]!.finding).toBe('not_imported')
    expect(day.ownDispensaries).toEqual(['Test Downtown, CA'])
    expect(day.totals).toMatchObject({ cases: 8, expected: 8, not_imported: 1, unconfirmed: 1, different_package: 1, this_station: 2, this_dispensary: 2, other_dispensary: 1 })
    expect(day.packages).toHaveLength(1)
    expect(day.packages[0]).toMatchObject({ packageUid: PKG, expected: 8, problem: null })
  })

  it('asks at most once per package, and not at all when the answer is younger than a minute', async () => {
    b.enqueueImport(importOf(w.cases[0]!))
    expect(await b.drain({ timeoutMs: 20_000 })).toBe(true)
    await clearRequests(sb.url)
    const date = new Date().toISOString().slice(0, 10)
    const first = await b.reconcileDay(date, { tz: 'UTC' })
    expect(first.progress).toMatchObject({ total: 1, asked: 1, fresh: 0 })
    const again = await b.reconcileDay(date, { tz: 'UTC' })
    expect(again.progress).toMatchObject({ total: 1, asked: 0, fresh: 1 })
    const lookups = () => requests(sb.url).then((all) => all.filter((r) => r.method === 'GET' && r.path.includes('/caseids/')))
    expect(await lookups()).toHaveLength(1)
    // An import confirmed here since the answer: the package changed, so it is asked again.
    b.enqueueImport(importOf(w.cases[1]!))
    expect(await b.drain({ timeoutMs: 20_000 })).toBe(true)
    const changed = await b.reconcileDay(date, { tz: 'UTC' })
    expect(changed.progress).toMatchObject({ total: 1, asked: 1, fresh: 0 })
    expect(changed.cases.find((c) => c.caseUuid === w.cases[1]!.uuid)?.finding).toBe('this_station')
    expect(await lookups()).toHaveLength(2)
  })

  it("compares the API's answers only with this station's operations bound to that same API", async () => {
    b.enqueueImport(importOf(w.cases[2]!))
    expect(await b.drain({ timeoutMs: 20_000 })).toBe(true)
    const date = new Date().toISOString().slice(0, 10)
    expect((await b.reconcileDay(date, { tz: 'UTC' })).cases.find((c) => c.caseUuid === w.cases[2]!.uuid)?.finding).toBe('this_station')
    // Pointed at another client (another API binding), whose dispensary was shipped none of these cases.
    b.setSettings({ clientId: 'sister-client', clientSecret: 'sister-secret' })
    const other = await b.reconcileDay(date, { tz: 'UTC' })
    expect(other.progress).toMatchObject({ asked: 1 })
    expect(other.cases.find((c) => c.caseUuid === w.cases[2]!.uuid)).toMatchObject({ finding: 'not_imported', station: null })
  })

  it('offline: the last answers with their age, and says what could not be checked', async () => {
    const date = new Date().toISOString().slice(0, 10)
    let now = Date.now()
    const c = station(tempDir(), sb.url, { now: () => now }, { stationName: 'dock-c' })
    try {
      c.loadManifest(w.manifest)
      await c.reconcileDay(date, { tz: 'UTC' })
      await sb.stop()
      now += 5 * 60_000
      const day = await c.reconcileDay(date, { tz: 'UTC' })
      expect(day.packages[0]!.answerAgeMs).toBe(5 * 60_000)
      expect(day.packages[0]!.problem).toMatch(/could not|reach|ECONNREFUSED/i)
      expect(day.cases.find((x) => x.caseUuid === w.cases[4]!.uuid)?.finding).toBe('other_dispensary')
      // Once the API cannot be reached, the rest of the day's packages are not asked (a few may be in flight already).
      c.loadManifest(Array.from({ length: 12 }, (_, i) => ({ line: i + 2, packageUid: `1A4FF01000000220000004${String(i).padStart(2, '0')}`, posProductId: 'P', posInventoryId: 'I', sku: '', productName: `P${i}`, caseUuid: null, packagedProductUuid: null })))
      const many = await c.reconcileDay(date, { tz: 'UTC' })
      expect(many.progress!.asked).toBeLessThanOrEqual(c.getSettings().concurrency)
      expect(many.packages.filter((p) => p.problem?.startsWith('not asked: LucidRetail could not be reached')).length).toBeGreaterThanOrEqual(13 - c.getSettings().concurrency)
      // A package never answered cannot be checked.
      c.rememberPackage({ packageUid: OTHER_PKG, posProductId: 'P', posInventoryId: 'I' })
      c.enqueueImport({ ...importOf(w.cases[6]!), packageUid: OTHER_PKG })
      const later = c.reconciledDay(date, 'UTC')
      const unchecked = later.cases.find((x) => x.packageUid === OTHER_PKG)!
      expect(unchecked.finding).toBe('not_checked')
      expect(later.packages.find((p) => p.packageUid === OTHER_PKG)?.problem).toBe('never answered by LucidRetail')
    } finally {
      await c.close()
    }
  })

  it('cancelled: stops asking and keeps the rest from the last answers', async () => {
    const many: ManifestRow[] = Array.from({ length: 30 }, (_, i) => ({ line: i + 2, packageUid: `1A4FF01000000220000003${String(i).padStart(2, '0')}`, posProductId: 'P', posInventoryId: 'I', sku: '', productName: `P${i}`, caseUuid: null, packagedProductUuid: null }))
    b.loadManifest(many)
    const cancel = new AbortController()
    const day = await b.reconcileDay(new Date().toISOString().slice(0, 10), {
      tz: 'UTC',
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.done === 3) cancel.abort()
      }
    })
    expect(day.cancelled).toBe(true)
    expect(day.progress!.asked).toBeLessThan(31)
    expect(day.packages.filter((p) => p.problem === 'not asked: the reconcile was cancelled').length).toBeGreaterThan(0)
  })
})
