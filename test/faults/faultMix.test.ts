// Fault mix: 30% 5xx, 10% connection resets, 10% lost answers and latency spikes (some beyond the
// request timeout) while items drain. All done, none imported twice; backoff shows in the timing of
// the sandbox's request log.
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import type { LoggedRequest } from '../../electron/sandbox'
import { openStation, type Station } from '../../electron/core/station'
import { budget, recordFigures, sizes } from './support/sizes'
import { configuredFaultWorld, importedOnSandbox, importInput, importsByCase, isImport, loggedRequests, readStationDb, setFaults, sleep } from './support/world'

const cleanups = cleanupsAfterEach()

const { items: ITEMS } = sizes().mix
const REQUEST_TIMEOUT_MS = 2_000
/** Neither the sandbox's limit nor the station's holds the items back: what shows is the faults and the backoff. */
const FAST = { sandboxRateLimit: 100_000, settings: { rateLimit: 50_000 } }
const ms = (r: LoggedRequest): number => Date.parse(r.at)

function median(xs: number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function openFaultStation(dir: string): Station {
  const st = openStation({ dataDir: dir, requestTimeoutMs: REQUEST_TIMEOUT_MS })
  cleanups.push(() => st.close())
  return st
}

describe('fault mix', () => {
  it(`${ITEMS} imports drain through 30% 5xx, 10% resets, 10% lost answers and latency spikes: all done, none twice`, { timeout: budget(120_000, ITEMS, 4_000) }, async () => {
    const { world, sb, dir } = await configuredFaultWorld(cleanups, ITEMS, FAST)
    await setFaults(sb.url, { error_rate: 0.3, reset_rate: 0.1, lose_response_rate: 0.1 })

    // Latency spikes, and every kind of 5xx in turn, until the drain is over.
    let spiking = true
    let spikes = 0
    const spiker = (async () => {
      const statuses = [500, 502, 503, 504]
      while (spiking) {
        const spike = Math.random() < 0.3
        if (spike) spikes++
        await setFaults(sb.url, { latency_ms: spike ? 300 + Math.floor(Math.random() * 2_500) : Math.floor(Math.random() * 30), error_status: statuses[Math.floor(Math.random() * 4)] })
        await sleep(600)
      }
    })()
    cleanups.push(async () => {
      spiking = false
      await spiker
    })

    const st = openFaultStation(dir)
    st.enqueueImports(world.cases.map(importInput))
    const drained = await st.drainReport({ timeoutMs: budget(60_000, ITEMS, 3_500) })
    spiking = false
    await spiker
    await setFaults(sb.url, { latency_ms: 0, error_rate: 0, reset_rate: 0, lose_response_rate: 0 })
    expect(drained).toMatchObject({ ok: true, failed: 0 })
    expect(st.queue().counts).toMatchObject({ pending: 0, in_flight: 0, failed: 0, done: ITEMS })

    const log = (await loggedRequests(sb.url)).filter(isImport)
    const held = await importedOnSandbox(sb.url, world.packages)
    for (const c of world.cases) expect(held.get(c.uuid), c.uuid).toBe(c.pkg)
    const rows = new Map(readStationDb(dir).rows.map((r) => [r.case_uuid, r]))
    const byCase = importsByCase(log)
    const gapsByAttempt = new Map<number, number[]>()
    for (const c of world.cases) {
      const mine = byCase.get(c.uuid) ?? []
      expect(mine.filter((r) => r.status === 200).length, `${c.uuid} imported twice`).toBeLessThanOrEqual(1)
      const row = rows.get(c.uuid)!
      expect(['imported', 'already_imported']).toContain(row.outcome)
      if (row.outcome === 'already_imported') expect(row.api_message).toBe(`Items in CaseID ${c.uuid} are already imported into inventory ${c.pkg}.`)
      mine.slice(1).forEach((r, i) => {
        const list = gapsByAttempt.get(i + 1) ?? []
        list.push(ms(r) - ms(mine[i]!))
        gapsByAttempt.set(i + 1, list)
      })
    }
    const statuses = log.map((r) => r.status)
    const figures = {
      items: ITEMS,
      requests: log.length,
      status5xx: statuses.filter((s) => s !== null && s >= 500).length,
      noAnswer: statuses.filter((s) => s === null).length,
      duplicates: 0,
      lost: 0,
      spikes,
      medianRetryGapMsByAttempt: Object.fromEntries([...gapsByAttempt].sort((a, b) => a[0] - b[0]).map(([k, v]) => [k, median(v)]))
    }
    // The faults really happened, in about the proportions asked for.
    expect(figures.status5xx).toBeGreaterThan(0)
    expect(figures.noAnswer).toBeGreaterThan(0)
    recordFigures('mix', figures)
  })

  it('backoff shows in the request log: retries of a failing item come exponentially further apart', { timeout: 90_000 }, async () => {
    // 500 is an answer (not an outage), so no probe wakes the items early: the gaps are the backoff.
    const { world, sb, dir } = await configuredFaultWorld(cleanups, 3, FAST)
    await setFaults(sb.url, { error_rate: 1, error_status: 500 })
    const st = openFaultStation(dir)
    st.enqueueImports(world.cases.map(importInput))
    st.startWorker()
    const FAILURES = 3
    for (let i = 0; i < 400; i++) {
      const byCase = importsByCase(await loggedRequests(sb.url))
      if (world.cases.every((c) => (byCase.get(c.uuid)?.length ?? 0) >= FAILURES + 1)) break
      await sleep(100)
    }
    await setFaults(sb.url, { error_rate: 0 })
    expect(await st.drain({ timeoutMs: 60_000 })).toBe(true)
    const byCase = importsByCase(await loggedRequests(sb.url))
    const gaps: number[][] = []
    for (const c of world.cases) {
      const mine = byCase.get(c.uuid)!
      expect(mine.slice(0, FAILURES).every((r) => r.status === 500)).toBe(true)
      const g = mine.slice(1, FAILURES + 1).map((r, i) => ms(r) - ms(mine[i]!))
      gaps.push(g)
      // After the n-th failure the wait is at least half of 1 s·2^(n-1) (equal jitter).
      g.forEach((gap, i) => expect(gap, `${c.uuid} retry ${i + 1} after ${gap} ms`).toBeGreaterThanOrEqual(500 * 2 ** i - 20))
    }
    recordFigures('backoff', { failures: FAILURES, gapsMs: gaps })
  })
})
