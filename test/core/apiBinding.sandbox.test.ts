// Every operation is bound to the API it was queued for: two real sandboxes on two ports stand for two
// LucidRetails. Switching the API with a queue asks; nothing reaches the new API; kept operations go
// to their own API when it is chosen again; an undo goes to the import's API; the review and the CSV say which.
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { parse } from 'csv-parse/sync'
import { EXPORT_COLUMNS } from '../../electron/core/review/csv.std'
import { StationError } from '../../electron/core/station'
import { bodyOf, CLIENT_ID, importInput, makeWorld, requests, sandbox, station, tempDir } from './helpers'

const cleanups = cleanupsAfterEach()

async function twoApis(n: number) {
  const world = makeWorld(n)
  const a = await sandbox(world)
  cleanups.push(() => a.stop())
  const b = await sandbox(world)
  cleanups.push(() => b.stop())
  const st = station(tempDir(), a.url)
  cleanups.push(() => st.close())
  return { world, a, b, st }
}

const PATHS = { import: '/caseids/import/', remove: '/caseids/import/remove/' }
const casesSent = async (url: string, kind: 'import' | 'remove') =>
  (await requests(url)).filter((r) => r.method === 'POST' && r.path.endsWith(PATHS[kind])).map((r) => bodyOf(r).case_uuid)

describe('operations bound to their API', () => {
  it('refuses an API switch with operations not sent until told what to do with them; kept ones never reach the new API', async () => {
    const { world, a, b, st } = await twoApis(3)
    const [c1, c2, c3] = world.cases
    const queuedOnA = [st.enqueueImport(importInput(c1!)), st.enqueueImport(importInput(c2!))]
    expect(queuedOnA.every((i) => i.api.url === a.url && i.api.clientId === CLIENT_ID && i.waitingFor === null)).toBe(true)

    expect(st.apiSwitch({ apiUrl: b.url })).toMatchObject({ fromName: a.url, toName: b.url, unsent: 2 })
    expect(() => st.setSettings({ apiUrl: b.url })).toThrow(StationError)
    expect(() => st.setSettings({ apiUrl: b.url })).toThrow(`2 operations not sent yet to ${a.url}: they are never sent to ${b.url}`)
    expect(st.getSettings().apiUrl).toBe(a.url) // nothing changed

    st.setSettings({ apiUrl: b.url }, { keep: true })
    expect(st.queue().items.map((i) => i.waitingFor)).toEqual([a.url, a.url])
    const onB = st.enqueueImport(importInput(c3!))
    expect(onB.api.url).toBe(b.url)
    const report = await st.drainReport({ timeoutMs: 20_000 })
    expect(report).toMatchObject({ ok: true, reason: 'drained', other_api: 2 })
    expect(await casesSent(b.url, 'import')).toEqual([c3!.uuid])
    expect(await casesSent(a.url, 'import')).toEqual([])
    expect(queuedOnA.map((i) => st.item(i.id)!.state)).toEqual(['pending', 'pending'])

    // Back to A: nothing is unsent for B, so no question; A's kept operations go to A.
    expect(st.apiSwitch({ apiUrl: a.url })).toMatchObject({ unsent: 0 })
    st.setSettings({ apiUrl: a.url })
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect((await casesSent(a.url, 'import')).sort()).toEqual([c1!.uuid, c2!.uuid].sort())
    expect(await casesSent(b.url, 'import')).toEqual([c3!.uuid])
    expect(queuedOnA.map((i) => st.item(i.id)!.outcome)).toEqual(['imported', 'imported'])

    const today = new Date().toISOString().slice(0, 10)
    const journal = st.journalForDay(today, 'UTC')
    expect(journal.filter((j) => j.outboxId === queuedOnA[0]!.id).every((j) => j.api?.url === a.url)).toBe(true)
    expect(journal.filter((j) => j.outboxId === onB.id).every((j) => j.api?.url === b.url)).toBe(true)
    expect(journal.find((j) => j.event === 'queue_kept_for_api')).toMatchObject({ api: { url: a.url, clientId: CLIENT_ID } })
  })

  it('a change of client id is another API too; discarding the unsent operations needs a reason and sends nothing anywhere', async () => {
    const { world, a, st } = await twoApis(2)
    const items = world.cases.map((c) => st.enqueueImport(importInput(c)))
    expect(st.apiSwitch({ clientId: 'other-client' })).toMatchObject({ unsent: 2 })
    expect(() => st.setSettings({ clientId: 'other-client', clientSecret: 'other-secret' }, { discard: '  ' })).toThrow(/reason is required/)
    expect(st.item(items[0]!.id)!.state).toBe('pending')
    st.setSettings({ clientId: 'other-client', clientSecret: 'other-secret' }, { discard: 'queued against the wrong account' })
    for (const i of items) expect(st.item(i.id)).toMatchObject({ state: 'cancelled', outcome: 'discarded', reason: 'queued against the wrong account' })
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(await casesSent(a.url, 'import')).toEqual([])
    const discarded = st.journalForDay(new Date().toISOString().slice(0, 10), 'UTC').filter((j) => j.event === 'discarded')
    expect(discarded.map((j) => [j.operator, j.api?.clientId])).toEqual([
      ['tester', CLIENT_ID],
      ['tester', CLIENT_ID]
    ])
  })

  it('a discard decided on the count shown never takes an operation queued after it was shown: refused in words, nothing discarded', async () => {
    const { world, st } = await twoApis(3)
    const [c1, c2, c3] = world.cases
    const shownItems = [c1!, c2!].map((c) => st.enqueueImport(importInput(c)))
    const shown = st.apiSwitch({ clientId: 'other-client' })!.unsent
    expect(shown).toBe(2)
    // A scan while the question is on the screen.
    const later = st.enqueueImport(importInput(c3!))
    expect(() => st.setSettings({ clientId: 'other-client', clientSecret: 'other-secret' }, { discard: 'wrong account', shown })).toThrow(/3 operations are not sent now, not the 2 shown/)
    for (const i of [...shownItems, later]) expect(st.item(i.id)!.state).toBe('pending')
    st.setSettings({ clientId: 'other-client', clientSecret: 'other-secret' }, { discard: 'wrong account', shown: 3 })
    for (const i of [...shownItems, later]) expect(st.item(i.id)).toMatchObject({ state: 'cancelled', outcome: 'discarded' })
  })

  it('an undo goes to the import\'s own API, waiting while the station points elsewhere; the review and the CSV name each row\'s API', async () => {
    const { world, a, b, st } = await twoApis(2)
    const [c1, c2] = world.cases
    const imported = st.enqueueImport(importInput(c1!))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    st.setSettings({ apiUrl: b.url })
    st.enqueueImport(importInput(c2!))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)

    const undo = st.undoImport(imported.id, 'wrong package')
    expect('cancelled' in undo).toBe(false)
    const remove = undo as Exclude<typeof undo, { cancelled: unknown }>
    expect(remove).toMatchObject({ operation: 'remove', api: { url: a.url, clientId: CLIENT_ID }, waitingFor: a.url })
    expect(await st.drainReport({ timeoutMs: 20_000 })).toMatchObject({ ok: true, other_api: 1 })
    expect(await casesSent(b.url, 'remove')).toEqual([])

    const day = st.reviewDay({}, 'UTC')
    expect(day.apis.map((x) => x.name).sort()).toEqual([a.url, b.url].sort())
    expect(day.mixedApis).toContain('This day mixes APIs')
    expect(day.rows.map((r) => r.apiName)).toEqual([a.url, b.url, a.url])

    // Nothing is unsent for B, so the switch back asks nothing; the undo then reaches A.
    st.setSettings({ apiUrl: a.url })
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(await casesSent(a.url, 'remove')).toEqual([c1!.uuid])
    expect(st.item(remove.id)!.outcome).toBe('removed')

    const records = parse(st.exportDayCsv(new Date().toISOString().slice(0, 10), 'UTC').csv) as string[][]
    const api = EXPORT_COLUMNS.indexOf('api')
    expect(records[0]![api]).toBe('api')
    expect(records.slice(1).map((r) => [r[1], r[api]])).toEqual([
      ['import', a.url],
      ['import', b.url],
      ['remove', a.url]
    ])
  })

  it('what the receiving screen shows and decides from is the current API\'s operations only', async () => {
    const { world, b, st } = await twoApis(2)
    const [c1, c2] = world.cases
    st.loadManifest(world.cases.map((c, i) => ({ line: i + 2, packageUid: c.pkg, posProductId: 'POS-P-1', posInventoryId: 'POS-I-1', sku: '', productName: 'Test', caseUuid: c.uuid, packagedProductUuid: c.pp })))
    st.enqueueImport(importInput(c1!))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st.manifestFor(c1!.pkg)).toMatchObject({ expectedCases: 2, importedCases: 1 })
    expect((await st.lookup(c1!.pkg)).cases.find((x) => x.caseUuid === c1!.uuid)?.status).toBe('Imported')

    st.setSettings({ apiUrl: b.url })
    st.enqueueImport(importInput(c2!))
    expect(st.operationsOnCase(c1!.uuid)).toEqual([])
    expect(st.manifestFor(c1!.pkg)).toMatchObject({ importedCases: 0 })
    const onB = await st.lookup(c1!.pkg)
    expect(onB.cases.find((x) => x.caseUuid === c1!.uuid)?.status).toBe('Not imported') // B's answer, not A's import
    expect(onB.cases.find((x) => x.caseUuid === c2!.uuid)?.status).toBe('Queued')
    expect(await casesSent(b.url, 'import')).toEqual([])
  })

  it('a remove scanned for a case goes to the API of its latest import, not to the current one', async () => {
    const { world, a, b, st } = await twoApis(1)
    const c = world.cases[0]!
    st.enqueueImport(importInput(c))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    st.setSettings({ apiUrl: b.url })
    const rm = st.enqueueRemove({ caseUuid: c.uuid, packageUid: c.pkg, packagedProductUuid: c.pp, reason: 'Undo of the last scan' })
    expect(rm).toMatchObject({ api: { url: a.url }, waitingFor: a.url })
    // A remove of a case never imported here goes to the current API.
    const other = makeWorld(1).cases[0]!
    expect(st.enqueueRemove({ caseUuid: other.uuid, packageUid: other.pkg })).toMatchObject({ api: { url: b.url }, waitingFor: null })
  })
})
