// Split brain after damage (issue 14, item 1), with the real processes: the browser host queues scans
// through its HTTP bridge while one page of station.sqlite is overwritten (as `dd … conv=notrunc` would)
// and the command line (`station queue`, which opens and checks the file) runs on the same folder.
// Each trial picks its moment, page, number of scans in flight and the way the host ends (SIGTERM or
// SIGKILL); then the host starts again on the folder and sends what it finds. Must hold: every scan the
// host answered "queued" ends imported into its package exactly once (so it was in the file the next
// start opened, or already sent); every other answer is a clear refusal; the command line moves nothing
// while the host has the file open, and says why.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ManifestRow } from '../../electron/core/manifest/parse'
import { openStation } from '../../electron/core/station'
import { mulberry32 } from '../../scripts/support/barcodes'
import { cli } from '../cli/helpers'
import { startHostProcess, type HostProcess } from './support/host'
import { budget, recordFigures, sizes } from './support/sizes'
import { configureDataDir, faultWorldOnSandbox, importedOnSandbox, importsByCase, loggedRequests, packageUid, readStationDb, setFaults, sleep, tempDir, type Case } from './support/world'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const { trials } = sizes().splitBrain
/** Reproduce a run with FAULTS_SEED=<the seed in the test's title>. */
const SEED = Number(process.env.FAULTS_SEED ?? crypto.randomInt(2 ** 31))
const CASES_PER_TRIAL = 300
/** Manifest packages besides the trial's, so that the file has pages of every kind to damage. */
const FILLER_PACKAGES = 300
const PAGE = 4096

/** A clear refusal of a scan by a station whose file is damaged or was replaced under it. */
const CLEAR_REFUSAL = /^The station (cannot save scans: its database file is damaged|stopped accepting scans: its database file was moved or replaced)/
/** What the command line says when it finds damage while the host has the file open. */
const IN_USE = /damaged .*another station process has it open .*nothing was moved/s

function manifestRows(cases: Case[]): ManifestRow[] {
  const rows: ManifestRow[] = cases.map((c, i) => ({ line: i + 2, packageUid: c.pkg, posProductId: `POS-${c.pkg.slice(-5)}`, posInventoryId: `INV-${c.pkg.slice(-5)}`, sku: 'S', productName: `Split brain ${c.pkg.slice(-5)}`, caseUuid: c.uuid, packagedProductUuid: c.pp }))
  for (let i = 0; i < FILLER_PACKAGES; i++) {
    const pkg = packageUid(50_000 + i)
    rows.push({ line: rows.length + 2, packageUid: pkg, posProductId: `POS-F${i}`, posInventoryId: `INV-F${i}`, sku: `SKU-F${i}`, productName: `Filler product ${i} `.repeat(4), caseUuid: null, packagedProductUuid: null })
  }
  return rows
}

/** Overwrites one page (not the header page) of the file in place, as dd conv=notrunc does. */
function damageOnePage(file: string, random: () => number): { page: number; pages: number } {
  const pages = Math.floor(fs.statSync(file).size / PAGE)
  const page = 1 + Math.floor(random() * (pages - 1)) // 0-based: 1 .. pages-1
  const fd = fs.openSync(file, 'r+')
  try {
    fs.writeSync(fd, crypto.randomBytes(PAGE), 0, PAGE, page * PAGE)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  return { page: page + 1, pages }
}

function keptAside(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))
}

type Answer = { c: Case; queued: boolean; message: string }

async function scanAll(host: HostProcess, cases: Case[], inFlight: number, stopped: () => boolean): Promise<Answer[]> {
  const answers: Answer[] = []
  let next = 0
  const scanner = async () => {
    while (!stopped() && next < cases.length) {
      const c = cases[next++]!
      const a = await host.bridge<{ kind: string; message: string }>('submitScan', { text: `https://qr.lcdg.io/case/${c.uuid}`, source: 'wedge', activePackageUid: c.pkg })
      answers.push({ c, queued: a.ok && a.value.kind === 'queued', message: a.ok ? a.value.message : a.error.message })
    }
  }
  await Promise.all(Array.from({ length: inFlight }, scanner))
  return answers
}

async function drained(host: HostProcess): Promise<{ pending: number; sending: number; failed: number }> {
  for (let i = 0; ; i++) {
    const q = await host.bridge<{ counts: { pending: number; sending: number; failed: number } }>('getQueue')
    if (!q.ok) throw new Error(`getQueue: ${q.error.message}`)
    if ((q.value.counts.pending === 0 && q.value.counts.sending === 0) || i > 600) return q.value.counts
    await sleep(100)
  }
}

describe('split brain: damage found by the command line while the browser host queues scans', () => {
  it(`loses no scan answered "queued", over ${trials} trials at random moments (seed ${SEED})`, { timeout: budget(60_000, trials, 120_000) }, async () => {
    const random = mulberry32(SEED)
    const { world, sb } = await faultWorldOnSandbox(cleanups, trials * CASES_PER_TRIAL, { perPackage: 25, rateLimit: 1_000_000 })
    const totals = { trials, scans: 0, queued: 0, refused: 0, cliFoundDamageInUse: 0, cliOpenedClean: 0, replacedAtRestart: 0, killed: 0, apiDown: 0, earlierSessions: 0, lost: 0, duplicates: 0, seed: SEED }
    const pagesDamaged: string[] = []

    for (let t = 0; t < trials; t++) {
      const cases = world.cases.slice(t * CASES_PER_TRIAL, (t + 1) * CASES_PER_TRIAL)
      const dir = tempDir('station-split-brain-')
      await configureDataDir(dir, sb.url)
      const seed = openStation({ dataDir: dir })
      seed.loadManifest(manifestRows(cases))
      await seed.close()
      // Half the trials with the API down: every queued scan then waits in the file through the damage.
      const apiDown = random() < 0.5
      await setFaults(sb.url, { latency_ms: Math.floor(random() * 120), down: apiDown })

      if (apiDown) totals.apiDown++
      // Some trials start with an earlier session's scans still unsent (the API was down): checkpointed
      // into the main file when that host stopped, they sit on pages the damage may hit.
      const earlier: Answer[] = []
      if (random() < 0.5) {
        await setFaults(sb.url, { down: true })
        const first = await startHostProcess(dir)
        cleanups.push(() => first.stop())
        earlier.push(...(await scanAll(first, cases.slice(0, 10 + Math.floor(random() * 90)), 4, () => false)))
        await first.stop()
        await setFaults(sb.url, { down: apiDown })
        totals.earlierSessions++
      }
      const host = await startHostProcess(dir)
      cleanups.push(() => host.stop())
      const inFlight = 1 + Math.floor(random() * 6)
      let stop = false
      const scanning = scanAll(host, cases.slice(earlier.length), inFlight, () => stop)
      await sleep(Math.floor(random() * 1500))
      const damage = damageOnePage(path.join(dir, 'station.sqlite'), random)
      pagesDamaged.push(`${damage.page}/${damage.pages}`)
      const q = await cli(['queue', '--json', '--data', dir])
      // Whatever the command line found, it moved nothing while the host had the file open.
      expect(keptAside(dir), `trial ${t}: a file was kept aside while the host had it open`).toEqual([])
      if (q.code === 0) totals.cliOpenedClean++
      else {
        expect(q.stdout + q.stderr, `trial ${t}: the command line's message`).toMatch(IN_USE)
        totals.cliFoundDamageInUse++
      }
      await sleep(Math.floor(random() * 1000))
      stop = true
      const answers = [...earlier, ...(await scanning)]
      const kill = random() < 0.5
      if (kill) {
        totals.killed++
        const exited = new Promise((r) => host.child.once('exit', r))
        host.child.kill('SIGKILL')
        await exited
      } else await host.stop()
      expect(host.stderr(), `trial ${t}: the host's log`).not.toMatch(/unhandled|TypeError|ReferenceError/i)

      for (const a of answers.filter((x) => !x.queued)) expect(a.message, `trial ${t}: a scan neither queued nor clearly refused`).toMatch(CLEAR_REFUSAL)

      await setFaults(sb.url, { down: false })
      // The next start: it opens (or replaces, keeping what it can read) the file, and sends what it holds.
      const next = await startHostProcess(dir)
      cleanups.push(() => next.stop())
      const counts = await drained(next)
      const notices = await next.bridge<{ notices: { kind: string; message: string }[] }>('getNotices')
      await next.stop()
      if (notices.ok && notices.value.notices.some((n) => n.kind === 'database_replaced')) totals.replacedAtRestart++
      expect(counts, `trial ${t}: left in the queue after the restart`).toMatchObject({ pending: 0, sending: 0, failed: 0 })

      const queued = answers.filter((a) => a.queued)
      const imported = await importedOnSandbox(sb.url, [...new Set(cases.map((c) => c.pkg))])
      const lost = queued.filter((a) => imported.get(a.c.uuid) !== a.c.pkg)
      const live = readStationDb(dir).rows.filter((r) => r.state !== 'cancelled')
      const perCase = new Map<string, number>()
      for (const r of live) perCase.set(r.case_uuid, (perCase.get(r.case_uuid) ?? 0) + 1)
      const doubled = [...perCase.values()].filter((n) => n > 1).length
      totals.scans += answers.length
      totals.queued += queued.length
      totals.refused += answers.length - queued.length
      totals.lost += lost.length
      totals.duplicates += doubled
      expect(
        lost.map((a) => a.c.uuid),
        `trial ${t} (seed ${SEED}, page ${damage.page} of ${damage.pages}, ${inFlight} in flight, ${kill ? 'SIGKILL' : 'SIGTERM'}${apiDown ? ', API down' : ''}${earlier.length ? `, ${earlier.length} scans of an earlier session` : ''}): queued scans not imported after the restart`
      ).toEqual([])
      expect(doubled, `trial ${t}: a case twice in the file the next start opened`).toBe(0)
    }

    // Nothing imported twice: at most one 200 per case over all trials.
    const twice = [...importsByCase(await loggedRequests(sb.url)).entries()].filter(([, rs]) => rs.filter((r) => r.status === 200).length > 1)
    expect(twice.map(([c]) => c)).toEqual([])
    expect(totals.queued).toBeGreaterThan(0)
    recordFigures('split-brain', { ...totals, pagesDamaged: pagesDamaged.join(' ') })
  })
})
