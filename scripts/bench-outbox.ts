// Outbox benchmark (`npm run bench`): prints a table, asserts nothing.
//   tsx scripts/bench-outbox.ts [--enqueues N] [--items N] [--limit PER_MINUTE] [--api-limit PER_MINUTE] [--skip-drain]
// 1. Enqueue latency p50/p99 through the station (outbox row + journal row, one transaction) against a
//    bare better-sqlite3 insert with the same pragmas on the same disk, at synchronous FULL (the
//    station's setting) and NORMAL (measured to show what the power-loss guarantee costs).
// 2. Drain of N imports against the sandbox (its own limit, default 1000/min) at the station's rate
//    limit (default 950/min): elapsed, average rate, busiest sliding 60 s ÷ limit, 429 answers.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { randomShortUuid, startSandbox } from '../electron/sandbox'
import { openStation } from '../electron/core/station'
import { applyPragmas, type Durability } from '../electron/core/store/db'
import { numberArg } from './support/args'
import { BENCH_CLIENT, BENCH_PACKAGE, benchImports, benchWorld } from './support/world'

const ENQUEUES = numberArg('enqueues', 2000)
const ITEMS = numberArg('items', 1000)
const LIMIT = numberArg('limit', 950)
const API_LIMIT = numberArg('api-limit', 1000)
const SKIP_DRAIN = process.argv.includes('--skip-drain')

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!
}

function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b)
  return { p50: pct(s, 50), p99: pct(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length }
}

function bare(dir: string, durability: Durability): number[] {
  const db = new Database(path.join(dir, `bare-${durability}.sqlite`))
  applyPragmas(db, durability)
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, case_uuid TEXT NOT NULL, pp TEXT, package_uid TEXT NOT NULL,
    pos_product_id TEXT, pos_inventory_id TEXT, state TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT`)
  const ins = db.prepare('INSERT INTO t (case_uuid, pp, package_uid, pos_product_id, pos_inventory_id, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const out: number[] = []
  for (let i = 0; i < ENQUEUES; i++) {
    const t = performance.now()
    ins.run(randomShortUuid(), randomShortUuid(), BENCH_PACKAGE, 'P', 'I', 'pending', Date.now())
    out.push(performance.now() - t)
  }
  db.close()
  return out
}

/** Drains ITEMS imports against the sandbox at the station's rate limit: achieved rate ÷ limit, 429 answers. */
async function drainAtLimit(root: string, rows: [string, string, string, string][]): Promise<void> {
  // ---- drain at the rate limit ----
  const w = benchWorld(ITEMS)
  const sb = await startSandbox({ port: 0, fixture: w.fixture, admin: true, rateLimit: API_LIMIT })
  const drainSt = openStation({ dataDir: path.join(root, 'drain') })
  drainSt.setSettings({ apiUrl: sb.url, ...BENCH_CLIENT, rateLimit: LIMIT })
  drainSt.enqueueImports(benchImports(w.cases))
  const t0 = performance.now()
  process.stderr.write(`draining ${ITEMS} imports at ${LIMIT}/min (sandbox limit ${API_LIMIT}/min); this takes about ${Math.ceil((ITEMS / LIMIT) * 60)} s or less...\n`)
  const ok = await drainSt.drain({ timeoutMs: Math.ceil((ITEMS / LIMIT) * 60_000) + 120_000 })
  const elapsed = (performance.now() - t0) / 1000
  const counts = drainSt.queue().counts
  await drainSt.close()
  const log = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { at: string; path: string; status: number | null }[]
  await sb.stop()
  const times = log.map((r) => Date.parse(r.at)).sort((a, b) => a - b)
  let peak = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 60_000) j++
    peak = Math.max(peak, i - j + 1)
  }
  const throttled = log.filter((r) => r.status === 429).length
  rows.push([`drain ${ITEMS} imports: drained / done / failed`, String(ok), String(counts.done), String(counts.failed)])
  rows.push(['drain: elapsed s / requests / 429 answers', elapsed.toFixed(1), String(log.length), String(throttled)])
  rows.push([`drain: busiest 60 s ÷ limit ${LIMIT}`, String(peak), (peak / LIMIT).toFixed(3), '-'])
  rows.push([`drain: average rate /min ÷ limit`, ((ITEMS / elapsed) * 60).toFixed(0), (((ITEMS / elapsed) * 60) / LIMIT).toFixed(3), '-'])
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-outbox-'))
  const rows: [string, string, string, string][] = []
  const fmt = (n: number) => n.toFixed(3)
  try {
    // ---- enqueue latency ----
    const bareFull = stats(bare(root, 'FULL'))
    const bareNormal = stats(bare(root, 'NORMAL'))
    const enqueueLatency = async (durability: Durability) => {
      const st = openStation({ dataDir: path.join(root, `enqueue-${durability}`), database: { durability } })
      const lat: number[] = []
      for (let i = 0; i < ENQUEUES; i++) {
        const input = { caseUuid: randomShortUuid(), packagedProductUuid: randomShortUuid(), packageUid: BENCH_PACKAGE, posProductId: 'P', posInventoryId: 'I' }
        const t = performance.now()
        st.enqueueImport(input)
        lat.push(performance.now() - t)
      }
      await st.close()
      return stats(lat)
    }
    const stationNormal = await enqueueLatency('NORMAL')
    const station = await enqueueLatency('FULL')
    const ratio = (a: { p50: number; p99: number }, b: { p50: number; p99: number }) => `${(a.p50 / b.p50).toFixed(2)} / ${(a.p99 / b.p99).toFixed(2)}`
    rows.push(['bare insert, synchronous NORMAL (ms)', fmt(bareNormal.p50), fmt(bareNormal.p99), ratio(bareNormal, bareFull)])
    rows.push(['bare insert, synchronous FULL (ms)', fmt(bareFull.p50), fmt(bareFull.p99), '1.00 / 1.00'])
    rows.push(['station enqueue, NORMAL: outbox + journal (ms)', fmt(stationNormal.p50), fmt(stationNormal.p99), ratio(stationNormal, bareFull)])
    rows.push(['station enqueue, FULL (chosen): outbox + journal (ms)', fmt(station.p50), fmt(station.p99), ratio(station, bareFull)])
    if (!SKIP_DRAIN) await drainAtLimit(root, rows)
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
  const head: [string, string, string, string] = ['measure', 'p50 / value', 'p99 / value', 'ratio to bare FULL (p50 / p99)']
  const all = [head, ...rows]
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`machine: ${os.cpus()[0]?.model ?? '?'} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, temp dir ${os.tmpdir()}`)
  console.log(`enqueues: ${ENQUEUES}; drain: ${ITEMS} imports, station limit ${LIMIT}/min, sandbox limit ${API_LIMIT}/min`)
  console.log(line(head))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
