// Crash: the command-line `drain` killed with SIGKILL at random moments while it drains imports
// against a sandbox with latency and lost answers, restarted each time. At the end every import is
// on the sandbox exactly once in its own package, nothing failed or pending, and every repeated send
// the sandbox saw was a replay that the station resolved as success.
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { cli, spawnCli } from '../cli/helpers'
import { budget, recordFigures, sizes } from './support/sizes'
import { configuredFaultWorld, enqueueAll, importedOnSandbox, importsByCase, isImport, loggedRequests, readStationDb, setFaults, sleep } from './support/world'

const cleanups = cleanupsAfterEach()

const { kills: KILLS, imports: IMPORTS } = sizes().crash
const randomInt = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo + 1))

describe('crash: drain killed with SIGKILL and restarted', () => {
  it(`${KILLS} kills while draining ${IMPORTS} imports (latency, 10% lost answers): each import exactly once, in its package`, { timeout: budget(120_000, KILLS, 12_000) }, async () => {
    // The sandbox at its documented limit: the station's own limiter must hold across restarts.
    const { world, sb, dir } = await configuredFaultWorld(cleanups, IMPORTS)
    await enqueueAll(dir, world.cases)
    await setFaults(sb.url, { latency_ms: 60, lose_response_rate: 0.1 })

    // Each run is killed after a random amount of progress (new import requests seen by the sandbox),
    // plus a random few milliseconds so that kills land in every phase of an attempt.
    const perKill = Math.max(2, Math.ceil((1.4 * IMPORTS) / KILLS))
    let kills = 0
    while (kills < KILLS) {
      const seen = (await loggedRequests(sb.url)).filter(isImport).length
      const target = seen + randomInt(1, perKill)
      const run = spawnCli(['drain', '--timeout', '300', '--json', '--data', dir])
      cleanups.push(() => void run.child.kill('SIGKILL'))
      let exited = false
      void run.done.then(() => (exited = true))
      while (!exited && (await loggedRequests(sb.url)).filter(isImport).length < target) await sleep(20)
      if (exited) break // drained before this kill: the queue is empty
      await sleep(randomInt(0, 80))
      run.child.kill('SIGKILL')
      const r = await run.done
      if (r.signal !== 'SIGKILL') break
      kills++
    }
    expect(kills, 'the queue emptied before every kill happened: raise the imports').toBe(KILLS)

    const final = await cli(['drain', '--timeout', '300', '--json', '--data', dir])
    expect(final.code, final.stderr).toBe(0)
    expect(JSON.parse(final.stdout)).toMatchObject({ ok: true, counts: { pending: 0, in_flight: 0, failed: 0, done: IMPORTS } })

    await setFaults(sb.url, { latency_ms: 0, lose_response_rate: 0 })
    const log = await loggedRequests(sb.url)
    const station = readStationDb(dir)
    expect(station.integrity).toBe('ok')
    expect(station.rows).toHaveLength(IMPORTS)

    // The sandbox holds every case exactly once, in its own package.
    const held = await importedOnSandbox(sb.url, world.packages)
    for (const c of world.cases) expect(held.get(c.uuid), c.uuid).toBe(c.pkg)

    // Every repeated send was a replay resolved as success: at most one send did the import (200);
    // the others were lost answers (no status), or 400 "already imported into <this package>",
    // which the station recorded as success with those words.
    const byCase = importsByCase(log)
    const byId = new Map(station.rows.map((r) => [r.case_uuid, r]))
    let sends = 0
    let replays = 0
    let lostAnswers = 0
    let duplicates = 0
    for (const c of world.cases) {
      const mine = byCase.get(c.uuid) ?? []
      const row = byId.get(c.uuid)!
      expect(mine.length, c.uuid).toBeGreaterThanOrEqual(1)
      sends += mine.length
      replays += mine.length - 1
      lostAnswers += mine.filter((r) => r.status === null).length
      for (const r of mine) expect([200, 400, null], `${c.uuid} answered ${r.status}`).toContain(r.status)
      const ok = mine.filter((r) => r.status === 200).length
      if (ok > 1) duplicates++
      expect(row.state).toBe('done')
      expect(['imported', 'already_imported']).toContain(row.outcome)
      if (mine.some((r) => r.status === 400)) {
        expect(mine[0]!.status, `${c.uuid}: the first send was refused, so it was no replay`).not.toBe(400)
        expect(row.outcome).toBe('already_imported')
        expect(row.api_message).toBe(`Items in CaseID ${c.uuid} are already imported into inventory ${c.pkg}.`)
      }
      // Attempts survive the restarts: every send the sandbox saw was counted (kills between a claim
      // and its send count one more).
      expect(row.attempts).toBeGreaterThanOrEqual(mine.length)
    }
    expect(duplicates).toBe(0)
    expect(log.filter((r) => r.status === 429)).toHaveLength(0)
    expect(replays).toBeGreaterThan(0)
    const takenOver = station.events.get('taken_over') ?? 0

    recordFigures('crash', { kills, imports: IMPORTS, sends, replays, lostAnswers, takenOver, duplicates, lost: IMPORTS - [...held.values()].filter((v) => v !== null).length, failed: 0, status429: 0 })
  })
})
