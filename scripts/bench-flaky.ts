// Flaky-link benchmark (`npm run bench -- flaky`, issue 15): prints tables, asserts nothing.
//   tsx scripts/bench-flaky.ts [--items N] [--runs N] [--big-items N] [--trials N] [--outage-s S] [--parallel N]
//                              [--outage-items N] [--only TEXT (mixes whose name has it)] [--no-mixes] [--no-big] [--no-outage]
// 1. Each fault mix of issue 15 (fresh sandbox and station each run, --items imports, median of --runs):
//    drain time, items/min, and the share of the ideal: the station's limit (950/min) × the share of
//    attempts that succeed (from the sandbox's request log; a lost answer's replay counts); 429 answers.
//    The full mix also once with --big-items imports (default 1000).
// 2. Outage recovery (--trials, default 20, --parallel at a time): --outage-items imports queued while
//    the API is down (a counting proxy in front of the sandbox cuts every connection) for --outage-s
//    seconds: requests that reached the proxy during the outage, seconds from the return to the first
//    request, and the drain after it.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { startSandbox, type Faults, type LoggedRequest } from '../electron/sandbox'
import { openStation } from '../electron/core/station'
import { numberArg } from './support/args'
import { BENCH_CLIENT, benchImports, benchWorld } from './support/world'

const ITEMS = numberArg('items', 300)
const RUNS = numberArg('runs', 3)
const BIG_ITEMS = numberArg('big-items', 1000)
const TRIALS = numberArg('trials', 20)
const OUTAGE_MS = numberArg('outage-s', 60) * 1000
const OUTAGE_ITEMS = numberArg('outage-items', 100)
const PARALLEL = numberArg('parallel', 10)
const LIMIT = 950
const flag = (name: string): boolean => process.argv.includes(`--${name}`)

interface Mix {
  name: string
  faults: Partial<Faults>
}

const MIXES: Mix[] = [
  { name: 'none', faults: {} },
  { name: '10% 503', faults: { error_rate: 0.1, error_status: 503 } },
  { name: '30% 503', faults: { error_rate: 0.3, error_status: 503 } },
  { name: '30% 500', faults: { error_rate: 0.3, error_status: 500 } },
  { name: '30% 503 + 10% resets + 10% lost answers', faults: { error_rate: 0.3, error_status: 503, reset_rate: 0.1, lose_response_rate: 0.1 } },
  { name: '50% 503', faults: { error_rate: 0.5, error_status: 503 } }
]

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

function range(xs: number[], digits: number): string {
  return `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`
}

function table(head: string[], rows: string[][]): string {
  const all = [head, ...rows]
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

interface MixRun {
  seconds: number
  itemsPerMin: number
  ideal: number
  share: number
  throttled: number
  requests: number
  done: number
  /** The longest time with no request sent, and the share of the drain spent in gaps over 1 s. */
  longestGapS: number
  idleShare: number
}

async function mixRun(root: string, mix: Mix, items: number): Promise<MixRun> {
  const w = benchWorld(items)
  const sb = await startSandbox({ port: 0, fixture: w.fixture, admin: true })
  const dir = fs.mkdtempSync(path.join(root, 'mix-'))
  const st = openStation({ dataDir: dir })
  try {
    st.setSettings({ apiUrl: sb.url, ...BENCH_CLIENT, rateLimit: LIMIT })
    const set = await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(mix.faults) })
    if (!set.ok) throw new Error(`the sandbox refused the faults ${JSON.stringify(mix.faults)}: ${await set.text()}`)
    st.enqueueImports(benchImports(w.cases))
    const t0 = performance.now()
    const report = await st.drainReport({ timeoutMs: 20 * 60_000 })
    const seconds = (performance.now() - t0) / 1000
    if (!report.ok) throw new Error(`${mix.name}: the drain stopped (${report.reason}) with ${report.pending} pending`)
    const log = ((await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as LoggedRequest[]).filter((r) => r.path.endsWith('/caseids/import/'))
    const good = log.filter((r) => r.status !== null && r.status < 500 && r.status !== 429).length
    const share = good / Math.max(1, log.length)
    const itemsPerMin = (items / seconds) * 60
    const times = log.map((r) => Date.parse(r.at)).sort((a, b) => a - b)
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    const longestGapS = Math.max(0, ...gaps) / 1000
    const idleShare = gaps.filter((g) => g > 1_000).reduce((a, g) => a + g, 0) / 1000 / seconds
    return {
      seconds,
      itemsPerMin,
      ideal: LIMIT * share,
      share: itemsPerMin / (LIMIT * share),
      throttled: log.filter((r) => r.status === 429).length,
      requests: log.length,
      done: st.queue().counts.done,
      longestGapS,
      idleShare
    }
  } finally {
    await st.close()
    await sb.stop()
  }
}

async function mixes(root: string): Promise<void> {
  const rows: string[][] = []
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] ?? '' : ''
  const plan: { mix: Mix; items: number; runs: number }[] = flag('no-mixes') ? [] : MIXES.filter((m) => m.name.includes(only)).map((mix) => ({ mix, items: ITEMS, runs: RUNS }))
  if (!flag('no-big')) plan.push({ mix: { ...MIXES[4]!, name: `the full mix, ${BIG_ITEMS} imports` }, items: BIG_ITEMS, runs: 1 })
  for (const { mix, items, runs } of plan) {
    const results: MixRun[] = []
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`${mix.name}: run ${i + 1} of ${runs} (${items} imports)...\n`)
      results.push(await mixRun(root, mix, items))
    }
    const secs = results.map((r) => r.seconds)
    const shares = results.map((r) => r.share)
    rows.push([
      mix.name,
      String(items),
      String(runs),
      `${median(secs).toFixed(1)} [${range(secs, 1)}]`,
      median(results.map((r) => r.itemsPerMin)).toFixed(0),
      median(results.map((r) => r.ideal)).toFixed(0),
      `${median(shares).toFixed(2)} [${range(shares, 2)}]`,
      String(results.reduce((a, r) => a + r.throttled, 0)),
      median(results.map((r) => r.requests)).toFixed(0),
      results.every((r) => r.done === items) ? 'yes' : 'NO',
      `${median(results.map((r) => r.longestGapS)).toFixed(1)} / ${median(results.map((r) => r.idleShare)).toFixed(2)}`
    ])
  }
  if (rows.length === 0) return
  console.log(`\nFault mixes (station limit ${LIMIT}/min, sandbox limit 1000/min; ideal = ${LIMIT}/min × share of attempts that succeed)`)
  console.log(table(['faults', 'imports', 'runs', 'drain s, median [range]', 'items/min, median', 'ideal/min', 'share of ideal, median [range]', '429', 'requests, median', 'all done', 'longest gap s / share idle (gaps > 1 s), median'], rows))
}

/** An HTTP proxy in front of the sandbox that counts every request and, while `down`, cuts each connection. */
async function countingProxy(target: string): Promise<{ url: string; arrivals: number[]; down: boolean; close(): Promise<void> }> {
  const to = new URL(target)
  const agent = new http.Agent({ keepAlive: true })
  const state = {
    url: '',
    arrivals: [] as number[],
    down: true,
    close: () => new Promise<void>((r) => {
      agent.destroy()
      server.closeAllConnections()
      server.close(() => r())
    })
  }
  const server = http.createServer((req, res) => {
    state.arrivals.push(Date.now())
    if (state.down) {
      req.socket.destroy()
      return
    }
    const out = http.request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

interface OutageTrial {
  during: number
  firstSendS: number
  drainS: number
  ok: boolean
}

async function outageTrial(root: string): Promise<OutageTrial> {
  const w = benchWorld(OUTAGE_ITEMS)
  const sb = await startSandbox({ port: 0, fixture: w.fixture })
  const proxy = await countingProxy(sb.url)
  const st = openStation({ dataDir: fs.mkdtempSync(path.join(root, 'outage-')) })
  try {
    st.setSettings({ apiUrl: proxy.url, ...BENCH_CLIENT, rateLimit: LIMIT })
    st.enqueueImports(benchImports(w.cases))
    st.startWorker()
    await sleep(OUTAGE_MS)
    const backAt = Date.now()
    proxy.down = false
    const ok = await st.drain({ timeoutMs: 120_000 })
    const drainedAt = Date.now()
    const first = proxy.arrivals.find((t) => t >= backAt)
    return { during: proxy.arrivals.filter((t) => t < backAt).length, firstSendS: first === undefined ? Number.NaN : (first - backAt) / 1000, drainS: (drainedAt - backAt) / 1000, ok: ok && st.queue().counts.done === OUTAGE_ITEMS }
  } finally {
    await st.close()
    await proxy.close()
    await sb.stop()
  }
}

async function outages(root: string): Promise<void> {
  if (flag('no-outage')) return
  const trials: OutageTrial[] = []
  while (trials.length < TRIALS) {
    const n = Math.min(PARALLEL, TRIALS - trials.length)
    process.stderr.write(`outage: trials ${trials.length + 1}-${trials.length + n} of ${TRIALS}, API down ${OUTAGE_MS / 1000} s...\n`)
    trials.push(...(await Promise.all(Array.from({ length: n }, () => outageTrial(root)))))
  }
  const during = trials.map((t) => t.during)
  const first = trials.map((t) => t.firstSendS)
  const drain = trials.map((t) => t.drainS)
  const within5 = first.filter((s) => s <= 5).length
  const sorted = [...first].sort((a, b) => a - b)
  console.log(`\nOutage recovery (${OUTAGE_ITEMS} imports queued, API down ${OUTAGE_MS / 1000} s, ${TRIALS} trials, ${PARALLEL} at a time)`)
  console.log(
    table(
      ['measure', 'median', 'range', 'target'],
      [
        ['requests during the outage', median(during).toFixed(0), range(during, 0), '≤ 15'],
        ['s from the return to the first request', median(first).toFixed(2), range(first, 2), '≤ 5 in ≥ 19 of 20'],
        ['  trials with the first request within 5 s', `${within5} of ${TRIALS}`, `p95 ${sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!.toFixed(2)} s`, ''],
        ['s from the return to all drained', median(drain).toFixed(2), range(drain, 2), '-'],
        ['trials with every import done', `${trials.filter((t) => t.ok).length} of ${TRIALS}`, '', 'all']
      ]
    )
  )
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-flaky-'))
  try {
    console.log(`machine: ${os.cpus()[0]?.model ?? '?'} ×${os.cpus().length}, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
    await mixes(root)
    await outages(root)
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
