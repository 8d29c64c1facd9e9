// The manager's day over a real SQLite file and the real sandbox: day bounds in the station's time
// zone (DST edges included), totals, the chart, filters, search, sorting, discrepancies and undo.
import { afterEach, describe, expect, it } from 'vitest'
import { randomShortUuid } from '../../../electron/sandbox'
import type { Station } from '../../../electron/core/station'
import { importInput, makeWorld, sandbox, station, tempDir } from '../helpers'

const PKG = '1A4FF0100000022000000123'
const open: ({ close(): Promise<void> } | { stop(): Promise<void> })[] = []
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('close' in o ? o.close() : o.stop())
})

/** A station (no API needed) whose clock the test sets; imports stay queued. */
function offlineStation(timeZone: string): { st: Station; at: (iso: string) => void } {
  let now = Date.parse('2026-01-01T00:00:00Z')
  const st = station(tempDir(), null, { now: () => now })
  st.setSettings({ timeZone, operator: 'Dana', stationName: 'dock-1' })
  open.push(st)
  return { st, at: (iso) => (now = Date.parse(iso)) }
}

const imp = (extra: Record<string, string> = {}) => importInput({ uuid: randomShortUuid(), pp: randomShortUuid(), pkg: PKG }, extra)

describe('a day in the station time zone', () => {
  it('spring forward (23 h): the instants either side of both midnights fall in the right day', () => {
    const { st, at } = offlineStation('America/Los_Angeles')
    const ids: Record<string, string> = {}
    for (const [name, iso] of [
      ['before', '2026-03-08T07:59:59.999Z'], // 23:59:59.999 PST on the 7th
      ['first', '2026-03-08T08:00:00.000Z'], // 00:00 PST on the 8th
      ['after-gap', '2026-03-08T10:00:00.000Z'], // 03:00 PDT: 02:00-03:00 does not exist
      ['last', '2026-03-09T06:59:59.999Z'], // 23:59:59.999 PDT on the 8th
      ['next', '2026-03-09T07:00:00.000Z'] // 00:00 PDT on the 9th
    ] as const) {
      at(iso)
      ids[name] = st.enqueueImport(imp()).caseUuid
    }
    const day = st.operationsForDay('2026-03-08')
    expect(day.map((r) => r.caseUuid)).toEqual([ids.first, ids['after-gap'], ids.last])
    expect(day.map((r) => r.time)).toEqual(['2026-03-08T00:00:00.000-08:00', '2026-03-08T03:00:00.000-07:00', '2026-03-08T23:59:59.999-07:00'])
    expect(st.operationsForDay('2026-03-07').map((r) => r.caseUuid)).toEqual([ids.before])
    expect(st.operationsForDay('2026-03-09').map((r) => r.caseUuid)).toEqual([ids.next])

    const review = st.reviewDay({ date: '2026-03-08' })
    expect(review.hours).toBe(23)
    expect(review.start).toBe('2026-03-08T00:00:00.000-08:00')
    expect(review.end).toBe('2026-03-09T00:00:00.000-07:00')
    expect(review.hourly.map((h) => h.label)).not.toContain('02:00')
    expect(review.hourly[0]!.queued).toBe(1)
    expect(review.hourly.find((h) => h.label === '03:00')!.queued).toBe(1)
    expect(review.hourly[22]).toMatchObject({ label: '23:00', queued: 1 })
  })

  it('fall back (25 h): the repeated hour gets two bars, told apart by offset', () => {
    const { st, at } = offlineStation('America/Los_Angeles')
    at('2026-11-01T08:30:00Z') // 01:30 PDT
    st.enqueueImport(imp())
    at('2026-11-01T09:30:00Z') // 01:30 PST, an hour later
    st.enqueueImport(imp())
    st.enqueueImport(imp())
    const review = st.reviewDay({ date: '2026-11-01' })
    expect(review.hours).toBe(25)
    expect(review.hourly).toHaveLength(25)
    const ones = review.hourly.filter((h) => h.label.startsWith('01:00'))
    expect(ones.map((h) => [h.label, h.queued])).toEqual([
      ['01:00 (-07:00)', 1],
      ['01:00 (-08:00)', 2]
    ])
    expect(review.rows.map((r) => r.time.slice(11))).toEqual(['01:30:00.000-07:00', '01:30:00.000-08:00', '01:30:00.000-08:00'])
  })

  it('defaults to today in the station time zone, not in UTC, and a time zone can be asked for', () => {
    const { st, at } = offlineStation('Pacific/Auckland')
    at('2026-06-30T13:00:00Z') // 01:00 on 1 July in Auckland, still 30 June in UTC
    const caseUuid = st.enqueueImport(imp()).caseUuid
    const review = st.reviewDay()
    expect(review.today).toBe('2026-07-01')
    expect(review.date).toBe('2026-07-01')
    expect(review.rows.map((r) => r.caseUuid)).toEqual([caseUuid])
    expect(st.reviewDay({ date: '2026-06-30' }, 'UTC').rows.map((r) => r.caseUuid)).toEqual([caseUuid])
    expect(st.reviewDay({ date: '2026-06-30' }).rows).toEqual([])
    expect(() => st.reviewDay({ date: '2026-02-29' })).toThrow(/not a date/)
  })
})

describe('rows, totals, filters', () => {
  it('filters by operator, state and package; searches any ID or a part of it; sorts', () => {
    const { st, at } = offlineStation('UTC')
    at('2026-05-05T09:00:00Z')
    const a = st.enqueueImport(imp({ operator: 'Ana', sku: 'SKU-ALPHA' }))
    at('2026-05-05T10:00:00Z')
    const b = st.enqueueImport({ ...imp({ operator: 'Bo' }), packageUid: '1A4FF0100000022000000999' })
    at('2026-05-05T11:00:00Z')
    const c = st.enqueueImport(imp({ operator: 'Ana' }))
    st.enqueueRemove({ caseUuid: c.caseUuid, packageUid: PKG, packagedProductUuid: c.packagedProductUuid, reason: 'wrong box' })

    const all = st.reviewDay({ date: '2026-05-05' })
    // c's import was never sent: the remove cancels both locally.
    expect(all.totals).toMatchObject({ operations: 4, imports: 3, removes: 1, queued: 2, cancelled: 2, imported: 0, failed: 0 })
    expect(all.operators).toEqual(['Ana', 'Bo', 'Dana'])
    expect(all.packages).toEqual([PKG, '1A4FF0100000022000000999'].sort())

    const ids = (q: Parameters<Station['reviewDay']>[0]) => st.reviewDay({ date: '2026-05-05', ...q }).rows.map((r) => r.id)
    expect(ids({ operator: 'Bo' })).toEqual([b.id])
    expect(ids({ state: 'queued' })).toEqual([a.id, b.id])
    expect(ids({ packageUid: '1A4FF0100000022000000999' })).toEqual([b.id])
    expect(ids({ search: a.caseUuid.slice(5, 14).toLowerCase() })).toEqual([a.id])
    expect(ids({ search: b.packagedProductUuid!.slice(-7) })).toEqual([b.id])
    expect(ids({ search: '0999' })).toEqual([b.id])
    expect(ids({ search: 'sku-alp' })).toEqual([a.id])
    expect(ids({ search: 'no such thing' })).toEqual([])
    expect(ids({ sort: 'time', direction: 'desc' })[0]).toBe(Math.max(a.id, b.id, c.id) + 1)
    expect(ids({ sort: 'operator', operator: 'Ana' })).toEqual(ids({ operator: 'Ana' }))
    expect(st.reviewDay({ date: '2026-05-05', limit: 2 })).toMatchObject({ matched: 4 })
    expect(st.reviewDay({ date: '2026-05-05', limit: 2 }).rows).toHaveLength(2)

    const cancelled = all.rows.find((r) => r.id === c.id)!
    expect(cancelled).toMatchObject({ group: 'cancelled', stateWord: 'cancelled', canUndo: false })
    expect(cancelled.undoneBy).toMatchObject({ operator: 'Dana', reason: 'wrong box' })
  })
})

describe('against the API and the manifest', () => {
  it("counts a case received on another day as received; a day's manifest packages come from their load time", () => {
    const { st, at } = offlineStation('UTC')
    const base = { packageUid: PKG, posProductId: 'POS-P-1', posInventoryId: 'POS-I-1', sku: 'S', productName: 'Gelato 1g' }
    const [early, undone, missing] = [randomShortUuid(), randomShortUuid(), randomShortUuid()]
    at('2026-05-04T12:00:00Z')
    st.enqueueImport({ ...base, caseUuid: early, packagedProductUuid: randomShortUuid() })
    const second = st.enqueueImport({ ...base, caseUuid: undone, packagedProductUuid: randomShortUuid() })
    st.undoImport(second.id, 'wrong case')
    at('2026-05-05T08:00:00Z')
    st.loadManifest([early, undone, missing].map((caseUuid, i) => ({ line: i + 2, ...base, caseUuid, packagedProductUuid: null })))
    const d = st.reviewDay({ date: '2026-05-05' }).discrepancies
    expect(d.packages).toBe(1)
    // The undone import was never sent: both were cancelled locally, so it was never received.
    expect(d.expectedNotReceived.map((e) => [e.caseUuid, e.status])).toEqual([
      [undone, 'not scanned'],
      [missing, 'not scanned']
    ])
    // The day before had no manifest loaded: its imports were not on one.
    expect(st.reviewDay({ date: '2026-05-04' }).discrepancies.receivedNotOnManifest).toHaveLength(0)
    expect(st.reviewDay({ date: '2026-05-06' }).discrepancies).toMatchObject({ packages: 0, expectedNotReceived: [] })
  })

  it('totals and states after a drain; conflicts, expected-not-received and not-on-manifest; undo with a reason', async () => {
    const world = makeWorld(4)
    const sb = await sandbox(world)
    open.push(sb)
    const st = station(tempDir(), sb.url, {}, { timeZone: 'UTC', operator: 'Dana' })
    open.push(st)
    const base = { packageUid: PKG, posProductId: 'POS-P-1', posInventoryId: 'POS-I-1', sku: 'SKU-1', productName: 'Jack Herer 3.5g' }
    // The manifest expects cases 0..2 and the taken one; case 3 arrives without being on it.
    st.loadManifest([
      ...world.cases.slice(0, 3).map((c, i) => ({ line: i + 2, ...base, caseUuid: c.uuid, packagedProductUuid: c.pp })),
      { line: 5, ...base, caseUuid: world.otherCase, packagedProductUuid: null }
    ])
    const [c0, c1, c2, c3] = world.cases
    const OTHER_PKG = '1A4FF0100000022000000456'
    // c2 first goes into another package (not on the manifest), so its import into PKG is a conflict.
    st.enqueueImport(importInput({ ...c2!, pkg: OTHER_PKG }))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    const first = st.enqueueImport(importInput(c0!))
    st.enqueueImport(importInput(c1!))
    st.enqueueImport(importInput(c2!))
    st.enqueueImport(importInput(c3!))
    const otherPp = world.fixture.cases.find((c) => c.uuid === world.otherCase)!.packaged_products[0]!
    st.enqueueImport(importInput({ uuid: world.otherCase, pp: otherPp, pkg: PKG }))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)

    const today = st.reviewDay()
    expect(today.totals).toMatchObject({ imported: 4, failed: 2, queued: 0 })
    expect(today.failures.map((r) => [r.caseUuid, r.stateWord])).toEqual([
      [c2!.uuid, 'failed (conflict)'],
      [world.otherCase, 'failed']
    ])
    expect(today.failures[0]!.apiMessage).toMatch(/already imported/i)
    expect(today.failures[1]!.apiMessage).toMatch(/another dispensary/i)
    expect(today.rows.find((r) => r.id === first.id)).toMatchObject({ productName: 'Jack Herer 3.5g', sku: 'SKU-1', group: 'imported', canUndo: true })

    const d = today.discrepancies
    expect(d.expectedNotReceived.map((e) => [e.caseUuid, e.status])).toEqual([
      [c2!.uuid, 'failed'],
      [world.otherCase, 'failed']
    ])
    expect(d.receivedNotOnManifest.map((e) => [e.packageUid, e.caseUuid, e.why])).toEqual([
      [OTHER_PKG, c2!.uuid, 'package not on the manifest'],
      [PKG, c3!.uuid, 'case not on the manifest for this package']
    ])
    // c2 is in another package of this dispensary; the other case was taken by another dispensary (the API's words).
    expect(d.importedElsewhere.map((e) => [e.caseUuid, e.packageUid, e.source])).toEqual([
      [c2!.uuid, PKG, 'conflict'],
      [world.otherCase, PKG, 'conflict']
    ])

    // Undo: a reason is required; then a remove goes through the outbox and the API.
    expect(() => st.undoImport(first.id, '   ')).toThrow(/reason is required/)
    const remove = st.undoImport(first.id, 'scanned into the wrong package', 'Manager Mo')
    expect('id' in remove && remove.operation).toBe('remove')
    expect(() => st.undoImport(first.id, 'again')).toThrow(/already undone/)
    expect(() => st.undoImport(today.failures[1]!.id, 'x')).toThrow(/discard it/)
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)

    const after = st.reviewDay()
    const undone = after.rows.find((r) => r.id === first.id)!
    expect(undone.canUndo).toBe(false)
    expect(undone.undoneBy).toMatchObject({ operator: 'Manager Mo', reason: 'scanned into the wrong package', stateWord: 'removed' })
    expect(after.rows.find((r) => r.operation === 'remove')).toMatchObject({ group: 'removed', operator: 'Manager Mo', reason: 'scanned into the wrong package' })
    expect(after.totals).toMatchObject({ imported: 4, removed: 1 })
    expect(after.discrepancies.expectedNotReceived.map((e) => [e.caseUuid, e.status])).toEqual([
      [c0!.uuid, 'removed'],
      [c2!.uuid, 'failed'],
      [world.otherCase, 'failed']
    ])
    const journal = st.journalForDay(after.date).filter((j) => j.operation === 'remove')
    expect(journal.map((j) => j.event)).toContain('queued')
    for (const j of journal) expect(j).toMatchObject({ operator: 'Manager Mo', reason: 'scanned into the wrong package', caseUuid: c0!.uuid })

    // The API agrees: the case is no longer imported.
    const lookup = await st.lookup(PKG)
    expect(lookup.cases.find((c) => c.caseUuid === c0!.uuid)?.status).toBe('Not imported')
    // The lookup's answer adds where the taken case went; each case is listed once.
    const elsewhere = st.reviewDay().discrepancies.importedElsewhere
    expect(elsewhere.map((e) => [e.caseUuid, e.source])).toEqual([
      [c2!.uuid, 'conflict'],
      [world.otherCase, 'conflict']
    ])
    // Another company's import: the API names neither its package nor its dispensary.
    expect(elsewhere[1]).toMatchObject({ importedInto: null, dispensary: null, apiMessage: expect.stringMatching(/another dispensary/) })
  })
})
