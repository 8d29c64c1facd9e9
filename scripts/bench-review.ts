// Review benchmark (`npm run bench`, section "review"): prints a table, asserts nothing.
//   tsx scripts/bench-review.ts [--journal N] [--days N] [--runs N]
// 1. Load one day's review (rows, totals, chart, discrepancies) on a station whose journal holds
//    1,000,000 rows over 365 days, against the same day on a station holding only that day
//    (1,000 journal rows). Medians; the ratio says whether a day's cost grows with the years.
// 2. CSV export of a 10,000-operation day on the large station. Medians.
// The data is written straight into a station database (its own schema and migrations), then the
// station is opened as the app opens it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomShortUuid } from '../electron/sandbox'
import { DATABASE_FILE, openStation } from '../electron/core/station'
import { openDb, type Db } from '../electron/core/store/db'
import { dayBounds } from '../electron/core/review/time.std'
import { numberArg } from './support/args'

const JOURNAL = numberArg('journal', 1_000_000)
const DAYS = numberArg('days', 365)
const RUNS = numberArg('runs', 21)
const TZ = 'America/Los_Angeles'
const FIRST_DAY = Date.UTC(2025, 9, 1) // 2025-10-01: the year spans both DST changes
const TARGET = '2026-03-08' // a 23-hour day
const BIG_DAY = '2026-07-04'
const SMALL_JOURNAL = 1_000
const BIG_DAY_OPS = 10_000
/** Journal rows per operation: queued, sending, and how it ended. */
const PER_OP = 3

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

interface Filler {
  day(date: string, ops: number): number
  close(): void
}

/** Writes a day as a station would: a manifest of packages, then imports (a few refused, a few removed) spread over the local day. */
function filler(db: Db): Filler {
  const pkg = db.prepare(`INSERT OR REPLACE INTO package (package_uid, pos_product_id, pos_inventory_id, sku, product_name, on_manifest, updated_at)
    VALUES (?, ?, ?, ?, ?, 1, ?)`)
  const pkgCase = db.prepare(`INSERT OR IGNORE INTO package_case (package_uid, case_uuid, packaged_product_uuid, line, on_manifest) VALUES (?, ?, ?, ?, 1)`)
  const op = db.prepare(`INSERT INTO outbox (operation, case_uuid, packaged_product_uuid, package_uid, pos_product_id, pos_inventory_id, sku,
      reason, operator, station, source, state, outcome, api_message, attempts, created_at, updated_at, next_attempt_at, last_attempt_at, done_at)
    VALUES (@operation, @case_uuid, @pp, @package_uid, @pos, @inv, @sku, @reason, @operator, 'dock-1', 'wedge', @state, @outcome, @api_message,
      1, @at, @done, 0, @done, @done)`)
  const journal = db.prepare(`INSERT INTO journal (at, event, outbox_id, operation, state, outcome, operator, station, case_uuid,
      packaged_product_uuid, package_uid, api_message, reason) VALUES (?, ?, ?, ?, ?, ?, ?, 'dock-1', ?, ?, ?, ?, ?)`)
  const manifestJournal = db.prepare(`INSERT INTO journal (at, event, operator, station, detail) VALUES (?, 'manifest_loaded', 'Manager', 'dock-1', '{}')`)
  const operators = ['Ana', 'Bo', 'Chris', 'Dana', 'Eli']
  let n = 0
  return {
    /** Returns the journal rows written. */
    day(date, ops) {
      const { start, end } = dayBounds(date, TZ)
      const open = start + 7 * 3_600_000
      const span = Math.min(end, start + 19 * 3_600_000) - open
      const packages = Math.max(1, Math.ceil(ops / 25))
      const uids = Array.from({ length: packages }, (_, i) => `1A4FF01${String(n).padStart(9, '0')}${String(i).padStart(8, '0')}`.slice(0, 24))
      let rows = 0
      db.transaction(() => {
        manifestJournal.run(start + 6 * 3_600_000)
        rows++
        for (const uid of uids) pkg.run(uid, `P-${uid.slice(-6)}`, `I-${uid.slice(-6)}`, `SKU-${uid.slice(-4)}`, `Product ${uid.slice(-4)}`, start + 6 * 3_600_000)
        for (let i = 0; i < ops; i++) {
          n++
          const uid = uids[i % packages]!
          const caseUuid = randomShortUuid()
          const pp = randomShortUuid()
          pkgCase.run(uid, caseUuid, pp, i + 2)
          const at = open + Math.floor((span * i) / ops)
          const done = at + 900
          const failed = n % 40 === 0
          const removed = n % 50 === 0
          const operator = operators[n % operators.length]!
          const id = Number(
            op.run({
              operation: removed ? 'remove' : 'import',
              case_uuid: caseUuid,
              pp,
              package_uid: uid,
              pos: removed ? null : `P-${uid.slice(-6)}`,
              inv: removed ? null : `I-${uid.slice(-6)}`,
              sku: removed ? null : `SKU-${uid.slice(-4)}`,
              reason: removed ? 'wrong package' : null,
              operator,
              state: failed ? 'failed' : 'done',
              outcome: failed ? 'refused' : removed ? 'removed' : 'imported',
              api_message: failed ? 'Packaged product not found in case.' : null,
              at,
              done
            }).lastInsertRowid
          )
          const operation = removed ? 'remove' : 'import'
          journal.run(at, 'queued', id, operation, 'pending', null, operator, caseUuid, pp, uid, null, removed ? 'wrong package' : null)
          journal.run(at + 100, 'sending', id, operation, 'in_flight', null, operator, caseUuid, pp, uid, null, null)
          journal.run(done, failed ? 'failed' : 'done', id, operation, failed ? 'failed' : 'done', failed ? 'refused' : 'imported', operator, caseUuid, pp, uid, failed ? 'Packaged product not found in case.' : null, null)
          rows += PER_OP
        }
      })()
      return rows
    },
    close: () => db.close()
  }
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Medians of two measures taken in alternation, so neither gains from running second (JIT, caches, a busy machine). */
function timePair(a: () => unknown, b: () => unknown, runs: number): [number, number] {
  a()
  b()
  const sa: number[] = []
  const sb: number[] = []
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of i % 2 === 0 ? ([[a, sa], [b, sb]] as const) : ([[b, sb], [a, sa]] as const)) {
      const t = performance.now()
      fn()
      out.push(performance.now() - t)
    }
  }
  return [median(sa), median(sb)]
}

function time(fn: () => unknown, runs: number): number {
  fn() // warm: statements prepared, pages cached, as on a station in use
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    out.push(performance.now() - t)
  }
  return median(out)
}

function build(dir: string, days: { date: string; ops: number }[], background: { journal: number; days: number } | null): number {
  fs.mkdirSync(dir, { recursive: true })
  const db = openDb(path.join(dir, DATABASE_FILE), 'NORMAL')
  db.pragma('synchronous = OFF')
  const f = filler(db)
  let rows = 0
  for (const d of days) rows += f.day(d.date, d.ops)
  if (background) {
    const skip = new Set(days.map((d) => d.date))
    const dates: string[] = []
    for (let i = 0; dates.length < background.days - skip.size; i++) {
      const date = isoDate(FIRST_DAY + i * 86_400_000)
      if (!skip.has(date)) dates.push(date)
    }
    const left = background.journal - rows
    const opsTotal = Math.floor((left - dates.length) / PER_OP)
    dates.forEach((date, i) => {
      const ops = Math.floor((opsTotal * (i + 1)) / dates.length) - Math.floor((opsTotal * i) / dates.length)
      rows += f.day(date, ops)
    })
  }
  f.close()
  return rows
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-review-'))
  const targetOps = Math.floor((SMALL_JOURNAL - 1) / PER_OP)
  try {
    const t = performance.now()
    const smallRows = build(path.join(root, 'small'), [{ date: TARGET, ops: targetOps }], null)
    const bigRows = build(path.join(root, 'big'), [{ date: TARGET, ops: targetOps }, { date: BIG_DAY, ops: BIG_DAY_OPS }], { journal: JOURNAL, days: DAYS })
    const buildS = (performance.now() - t) / 1000

    const results: { name: string; value: string }[] = []
    const stations = ['small', 'big'].map((name) => {
      const st = openStation({ dataDir: path.join(root, name) })
      st.setSettings({ timeZone: TZ })
      return st
    })
    const [small, big] = stations as [ReturnType<typeof openStation>, ReturnType<typeof openStation>]
    const check = [small.reviewDay({ date: TARGET }), big.reviewDay({ date: TARGET })]
    if (check[0]!.totals.operations !== check[1]!.totals.operations) throw new Error('the two stations disagree on the target day')

    const [smallMs, bigMs] = timePair(() => small.reviewDay({ date: TARGET }), () => big.reviewDay({ date: TARGET }), RUNS)
    const [smallRowsMs, bigRowsMs] = timePair(() => small.operationsForDay(TARGET), () => big.operationsForDay(TARGET), RUNS)
    const csvRows = big.operationsForDay(BIG_DAY).length
    const csvMs = time(() => big.exportDayCsv(BIG_DAY), Math.max(5, Math.floor(RUNS / 2)))
    const csvBytes = Buffer.byteLength(big.exportDayCsv(BIG_DAY).csv)
    const reviewBigDayMs = time(() => big.reviewDay({ date: BIG_DAY }), Math.max(5, Math.floor(RUNS / 2)))
    for (const st of stations) await st.close()

    results.push(
      { name: `journal rows (small / large station)`, value: `${smallRows.toLocaleString('en-US')} / ${bigRows.toLocaleString('en-US')} over ${DAYS} days` },
      { name: `operations on ${TARGET} (23-hour day)`, value: String(check[0]!.totals.operations) },
      { name: 'load a day + totals, chart, discrepancies: small station (median)', value: `${smallMs.toFixed(2)} ms` },
      { name: 'load a day + totals, chart, discrepancies: large station (median)', value: `${bigMs.toFixed(2)} ms` },
      { name: 'ratio large ÷ small (aim ≤ 3)', value: (bigMs / smallMs).toFixed(2) },
      { name: 'day rows only: small / large (median)', value: `${smallRowsMs.toFixed(2)} / ${bigRowsMs.toFixed(2)} ms (ratio ${(bigRowsMs / smallRowsMs).toFixed(2)})` },
      { name: `review of a ${csvRows.toLocaleString('en-US')}-operation day on the large station (median)`, value: `${reviewBigDayMs.toFixed(1)} ms` },
      { name: `CSV export of a ${csvRows.toLocaleString('en-US')}-operation day (median)`, value: `${csvMs.toFixed(1)} ms, ${(csvBytes / 1024 / 1024).toFixed(2)} MB` },
      { name: 'building the data (not measured above)', value: `${buildS.toFixed(1)} s` }
    )
    console.log(`review benchmark (${RUNS} runs per median; Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length})`)
    console.log('| measure | value |\n|---|---|')
    for (const r of results) console.log(`| ${r.name} | ${r.value} |`)
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}

await main()
