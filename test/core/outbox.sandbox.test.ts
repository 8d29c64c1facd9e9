// The outbox against the real sandbox over HTTP: each outcome class, lost answers, order, two workers.
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import type { Station, StationEvent } from '../../electron/core/station'
import { bodyOf, clearRequests, CLIENT_SECRET, faults, importInput, logsOf, makeWorld, requests, sandbox, station, tempDir, worldOnSandbox } from './helpers'

const cleanups = cleanupsAfterEach()

async function setup(n: number, opts: { rateLimit?: number; tokenTtl?: number } = {}, settings: Record<string, unknown> = {}, extra: Parameters<typeof station>[2] = {}) {
  const { world, sb } = await worldOnSandbox(cleanups, n, opts)
  const dir = tempDir()
  const st = station(dir, sb.url, extra, settings)
  cleanups.push(() => st.close())
  return { world, sb, dir, st }
}

const apiImports = (log: Awaited<ReturnType<typeof requests>>) => log.filter((r) => r.path.endsWith('/caseids/import/'))

describe('outbox against the sandbox', () => {
  it('imports queued cases, confirms them in the API, and writes a journal row and an event per state change', async () => {
    const { world, sb, st } = await setup(3)
    const events: StationEvent[] = []
    st.on((e) => events.push(e))
    const items = world.cases.map((c) => st.enqueueImport(importInput(c, { sku: 'SKU-1' })))
    expect(items.every((i) => i.state === 'pending')).toBe(true)
    expect(apiImports(await requests(sb.url))).toHaveLength(0) // enqueue sends nothing
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    const q = st.queue()
    expect(q.counts).toMatchObject({ pending: 0, in_flight: 0, failed: 0, done: 3 })
    expect(q.items.map((i) => i.outcome)).toEqual(['imported', 'imported', 'imported'])
    const view = await st.lookup(world.cases[0]!.pkg)
    expect(view.stale).toBe(false)
    for (const c of world.cases) expect(view.cases.find((x) => x.caseUuid === c.uuid)?.status).toBe('Imported')
    expect(view.cases.find((x) => x.caseUuid === world.otherCase)?.status).toBe('Imported elsewhere')
    const sent = apiImports(await requests(sb.url))
    expect(sent).toHaveLength(3)
    expect(bodyOf(sent[0]!)).toMatchObject({ sku: 'SKU-1', pos_product_id: 'POS-P-1' })
    const itemEvents = events.filter((e) => e.type === 'item').map((e) => (e as { event: string }).event)
    expect(itemEvents.filter((e) => e === 'queued')).toHaveLength(3)
    expect(itemEvents.filter((e) => e === 'imported')).toHaveLength(3)
    expect(events.some((e) => e.type === 'queue')).toBe(true)
    const today = new Date().toISOString().slice(0, 10)
    const journal = st.journalForDay(today, 'UTC').filter((j) => j.outboxId === items[0]!.id)
    expect(journal.map((j) => j.event)).toEqual(['queued', 'sending', 'imported'])
    expect(journal[0]!.operator).toBe('tester')
  })

  it('keeps a refusal with the API words verbatim, and treats "already imported" into its own package as success', async () => {
    const { world, sb, dir, st } = await setup(2)
    const refused = st.enqueueImport(importInput({ uuid: world.otherCase, pp: world.cases[0]!.pp, pkg: world.cases[0]!.pkg }))
    const fieldRefused = st.enqueueImport(importInput(world.cases[1]!, { posProductId: 'P', posInventoryId: 'I', packageUid: world.cases[1]!.pkg }))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st.item(fieldRefused.id)?.outcome).toBe('imported')
    const r = st.item(refused.id)!
    expect(r.state).toBe('failed')
    expect(r.apiMessage).toBeTruthy()
    const log = apiImports(await requests(sb.url))
    expect(log.find((x) => bodyOf(x).case_uuid === world.otherCase)?.status).toBe(400)

    // The same case imported again by another station into the same package: success, "already imported".
    const st2 = station(tempDir(), sb.url)
    cleanups.push(() => st2.close())
    const again = st2.enqueueImport(importInput(world.cases[1]!))
    expect(await st2.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st2.item(again.id)).toMatchObject({ state: 'done', outcome: 'already_imported' })
    expect(st2.item(again.id)!.apiMessage).toBe(`Items in CaseID ${world.cases[1]!.uuid} are already imported into inventory ${world.cases[1]!.pkg}.`)

    // Into another package: a failure that says so.
    const conflict = st2.enqueueImport(importInput(world.cases[1]!, { packageUid: 'ANOTHERPKG00000000000001' }))
    expect(await st2.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st2.item(conflict.id)).toMatchObject({ state: 'failed', outcome: 'conflict' })
    expect(st2.item(conflict.id)!.apiMessage).toContain(`into inventory ${world.cases[1]!.pkg}`)
    void dir
  })

  it('a remove that finds nothing is success; field errors come back verbatim', async () => {
    const { world, st } = await setup(1)
    const rm = st.enqueueRemove({ caseUuid: world.cases[0]!.uuid, packageUid: 'NEVERSEEN000000000000001', reason: 'test' })
    expect('id' in rm).toBe(true)
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st.item((rm as { id: number }).id)).toMatchObject({ state: 'done', outcome: 'nothing_to_remove' })
    expect(st.item((rm as { id: number }).id)!.apiMessage).toBe('POS Package UID not found for package_uid=NEVERSEEN000000000000001.')
  })

  it('retries 5xx and network errors with backoff, one probe at a time while unreachable, then sends everything', async () => {
    const { world, sb, st } = await setup(6, {}, { concurrency: 4 })
    await faults(sb.url, { down: true })
    for (const c of world.cases) st.enqueueImport(importInput(c))
    st.startWorker()
    await new Promise((r) => setTimeout(r, 2500))
    const q = st.queue()
    expect(q.counts.done).toBe(0)
    expect(st.connection().online).toBe(false)
    // While unreachable, the station sent one probe at a time: attempts stay few, not 6 × retries.
    const attempts = q.items.reduce((a, i) => a + i.attempts, 0)
    expect(attempts).toBeLessThanOrEqual(5)
    expect(q.items.some((i) => i.lastError?.includes('cannot reach') || i.lastError?.includes('in time'))).toBe(true)
    // From the journal: once the first wave of failures has come back, never two attempts at once.
    const ends = new Set(['retry_scheduled', 'imported', 'already_imported', 'refused', 'conflict', 'rate_limited', 'paused', 'released'])
    const journal = st.journalForDay(new Date().toISOString().slice(0, 10), 'UTC').filter((j) => j.event === 'sending' || ends.has(j.event))
    let outstanding = 0
    let firstWaveOver = false
    let sawFailure = false
    for (const j of journal) {
      outstanding += j.event === 'sending' ? 1 : -1
      if (j.event === 'retry_scheduled') sawFailure = true
      if (sawFailure && outstanding === 0) firstWaveOver = true
      if (firstWaveOver) expect(outstanding).toBeLessThanOrEqual(1)
    }
    expect(firstWaveOver).toBe(true)
    await faults(sb.url, { down: false, error_rate: 1, error_status: 503 })
    st.syncNow()
    await new Promise((r) => setTimeout(r, 1500))
    expect(st.queue().counts.done).toBe(0)
    await faults(sb.url, { error_rate: 0 })
    st.syncNow()
    expect(await st.drain({ timeoutMs: 40_000 })).toBe(true)
    expect(st.queue().counts).toMatchObject({ done: 6, failed: 0 })
    expect(st.connection().online).toBe(true)
  })

  // The drain below may take up to 60 s on a busy machine (backoff after each lost answer).
  it('resolves lost answers by replay: every case imported, none failed', { timeout: 120_000 }, async () => {
    // A lost answer leaves the station without an answer (a timeout, or a connection cut): it probes
    // one at a time with backoff until answers come. A short timeout and the shortest jitter keep the
    // test fast; a streak of lost answers still lengthens it, hence the generous drain limit.
    const { world, sb, st } = await setup(20, {}, {}, { requestTimeoutMs: 1000, random: () => 0 })
    await faults(sb.url, { lose_response_rate: 0.3 })
    for (const c of world.cases) st.enqueueImport(importInput(c))
    expect(await st.drain({ timeoutMs: 100_000 })).toBe(true)
    const q = st.queue()
    expect(q.counts).toMatchObject({ done: 20, failed: 0 })
    const lost = (await requests(sb.url)).filter((r) => r.status === null)
    expect(lost.length).toBeGreaterThan(0)
    expect(q.items.some((i) => i.outcome === 'already_imported')).toBe(true)
    await faults(sb.url, { lose_response_rate: 0 })
    const view = await st.lookup(world.cases[0]!.pkg)
    for (const c of world.cases) expect(view.cases.find((x) => x.caseUuid === c.uuid)?.status).toBe('Imported')
  })

  it('honours 429 Retry-After and the client-side limiter', async () => {
    const { world, sb, st } = await setup(5, { rateLimit: 3 })
    for (const c of world.cases) st.enqueueImport(importInput(c))
    st.startWorker()
    await new Promise((r) => setTimeout(r, 1500))
    const log = await requests(sb.url)
    const throttled = log.filter((r) => r.status === 429)
    expect(throttled.length).toBeGreaterThan(0)
    // After the first 429 the station waits for Retry-After instead of hammering.
    expect(throttled.length).toBeLessThanOrEqual(4)
    const q = st.queue()
    expect(q.counts.failed).toBe(0)
    expect(q.items.some((i) => i.lastError?.includes('429'))).toBe(true)
    await st.stopWorker()

    // The station's own limiter: at 3 per minute, no 4th request leaves.
    const world2 = makeWorld(5)
    const sb2 = await sandbox(world2)
    cleanups.push(() => sb2.stop())
    const st2 = station(tempDir(), sb2.url, {}, { rateLimit: 3 })
    cleanups.push(() => st2.close())
    for (const c of world2.cases) st2.enqueueImport(importInput(c))
    expect(await st2.drain({ timeoutMs: 1500 })).toBe(false)
    expect(apiImports(await requests(sb2.url))).toHaveLength(3)
    expect(st2.queue().counts).toMatchObject({ done: 3, pending: 2 })
  })

  it('pauses on refused credentials and resumes when the settings change; the secret never shows', async () => {
    const { world, sb, st } = await setup(2)
    const events: StationEvent[] = []
    st.on((e) => events.push(e))
    st.setSettings({ clientSecret: 'wrong-secret-XYZ' })
    for (const c of world.cases) st.enqueueImport(importInput(c))
    expect(await st.drain({ timeoutMs: 5000 })).toBe(false)
    expect(st.connection().paused).toBe('credentials')
    expect(st.queue().counts).toMatchObject({ pending: 2, failed: 0 })
    expect(apiImports(await requests(sb.url))).toHaveLength(0)
    st.setSettings({ clientSecret: CLIENT_SECRET })
    expect(st.connection().paused).toBe(null)
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st.queue().counts.done).toBe(2)
    const everything = JSON.stringify([events, logsOf(st), st.getSettings(), st.queue(), st.connection(), st.journalForDay(new Date().toISOString().slice(0, 10), 'UTC')])
    expect(everything).not.toContain(CLIENT_SECRET)
    expect(everything).not.toContain('wrong-secret-XYZ')
  })

  it('a queue paused by refused credentials resumes when another process on the folder (the command line) fixes them', async () => {
    const { world, sb, dir, st } = await setup(2)
    st.setSettings({ clientSecret: 'wrong-secret-XYZ' })
    for (const c of world.cases) st.enqueueImport(importInput(c))
    expect(await st.drain({ timeoutMs: 5000 })).toBe(false)
    expect(st.connection().paused).toBe('credentials')
    const pausesBefore = logsOf(st).filter((l) => l.includes('queue paused')).length
    const cliSide = station(dir, null)
    cliSide.setSettings({ clientSecret: CLIENT_SECRET })
    await cliSide.close()
    expect(st.connection().paused).toBe(null)
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    expect(st.queue().counts).toMatchObject({ done: 2, failed: 0 })
    // Refused credentials are not attempts: each item was processed once, and the station did not
    // keep trying the old secret after the change.
    expect(st.queue().items.map((i) => i.attempts)).toEqual([1, 1])
    expect(logsOf(st).filter((l) => l.includes('queue paused')).length).toBe(pausesBefore)
    expect(apiImports(await requests(sb.url))).toHaveLength(2)
  })

  it('gets a new token when it expires mid-drain', async () => {
    const { world, sb, st } = await setup(30, { tokenTtl: 2 }, { concurrency: 1 })
    await faults(sb.url, { latency_ms: 120 })
    for (const c of world.cases) st.enqueueImport(importInput(c))
    expect(await st.drain({ timeoutMs: 60_000 })).toBe(true)
    expect(st.queue().counts).toMatchObject({ done: 30, failed: 0 })
    const log = apiImports(await requests(sb.url))
    const span = Date.parse(log[log.length - 1]!.at) - Date.parse(log[0]!.at)
    expect(span).toBeGreaterThan(2000) // the drain outlived at least one token
  })

  it('keeps import → remove → import of one CaseID in order under a parallel drain', async () => {
    const { world, sb, st } = await setup(12, {}, { concurrency: 4 })
    await faults(sb.url, { latency_ms: 30 })
    const c = world.cases[0]!
    for (const other of world.cases.slice(1, 6)) st.enqueueImport(importInput(other))
    st.enqueueImport(importInput(c))
    for (const other of world.cases.slice(6)) st.enqueueImport(importInput(other))
    // The import is unsent here, so give it a chance to go first: drain, then remove + import again.
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    await clearRequests(sb.url)
    const r1 = st.enqueueRemove({ caseUuid: c.uuid, packageUid: c.pkg, packagedProductUuid: c.pp, reason: 'wrong package' })
    expect('id' in r1).toBe(true) // the import was sent: the remove must go
    const i2 = st.enqueueImport(importInput(c, { posInventoryId: 'POS-I-2' }))
    // An import never sent, removed again: both cancelled locally, nothing sent for them.
    const r2 = st.enqueueRemove({ caseUuid: c.uuid, packageUid: c.pkg, packagedProductUuid: c.pp, reason: 'again' })
    expect('cancelled' in r2 && r2.cancelled.map((x) => x.id)).toContain(i2.id)
    for (const other of world.cases.slice(1)) st.enqueueRemove({ caseUuid: other.uuid, packageUid: other.pkg })
    st.enqueueImport(importInput(c, { posInventoryId: 'POS-I-3' }))
    st.enqueueRemove({ caseUuid: world.cases[1]!.uuid, packageUid: c.pkg, reason: 'x' })
    st.enqueueImport(importInput(world.cases[1]!))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    const log = await requests(sb.url)
    const mine = log.filter((r) => bodyOf(r).case_uuid === c.uuid)
    expect(mine.map((r) => (r.path.endsWith('/remove/') ? 'remove' : 'import'))).toEqual(['remove', 'import'])
    expect(bodyOf(mine[1]!).pos_inventory_id).toBe('POS-I-3')
    const second = log.filter((r) => bodyOf(r).case_uuid === world.cases[1]!.uuid)
    expect(second.map((r) => (r.path.endsWith('/remove/') ? 'remove' : 'import'))).toEqual(['remove', 'remove', 'import'])
    expect(mine.every((r) => r.status === 200)).toBe(true)
    const view = await st.lookup(c.pkg)
    expect(view.cases.find((x) => x.caseUuid === c.uuid)?.status).toBe('Imported')
  })

  it('two drains on one folder send each item once', async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 60)
    await faults(sb.url, { latency_ms: 20 })
    const dir = tempDir()
    const a = station(dir, sb.url)
    cleanups.push(() => a.close())
    const b = station(dir, null)
    cleanups.push(() => b.close())
    for (const c of world.cases) a.enqueueImport(importInput(c))
    const [ra, rb] = await Promise.all([a.drain({ timeoutMs: 30_000 }), b.drain({ timeoutMs: 30_000 })])
    expect(ra && rb).toBe(true)
    const log = apiImports(await requests(sb.url))
    expect(log).toHaveLength(60)
    expect(new Set(log.map((r) => bodyOf(r).case_uuid)).size).toBe(60)
    expect(a.queue().counts).toMatchObject({ done: 60, failed: 0 })
    const byWorker = new Set(a.queue().items.map((i) => i.id))
    expect(byWorker.size).toBe(60)
    const journal = a.journalForDay(new Date().toISOString().slice(0, 10), 'UTC').filter((j) => j.event === 'sending')
    expect(journal).toHaveLength(60)
  })
})

export type { Station }
