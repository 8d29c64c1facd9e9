// Reconcile benchmark (`npm run bench`, section "reconcile"): prints a table, asserts nothing.
//   tsx scripts/bench-reconcile.ts [--packages N] [--cases N] [--latency-ms N]
// A day of N packages (default 200, 5 cases each) on the manifest, a tenth of its cases imported by this
// station first, some by a sister dispensary and some into another package (the sandbox's fixture). Then
// "Reconcile with LucidRetail" against the sandbox, at the station's default rate limit (950 requests a
// minute) and the sandbox's (1000 a minute): how long it takes, how many lookups it sends, whether any was
// refused (429), how much of the minute's budget it used; again at once (every answer under a minute
// old: nothing asked); and on a second station with the API answering each request after a latency.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomShortUuid, startSandbox, type SandboxFixture } from '../electron/sandbox'
import { openStation, type ManifestRow, type Station } from '../electron/core/station'
import { DEFAULT_RATE_LIMIT } from '../electron/core/settings/settings'
import { numberArg } from './support/args'

const PACKAGES = numberArg('packages', 200)
const CASES = numberArg('cases', 5)
const LATENCY_MS = numberArg('latency-ms', 150)
const CLIENT = { clientId: 'bench', clientSecret: 'bench-secret' }

function world() {
  const company = randomShortUuid()
  const own = randomShortUuid()
  const sister = randomShortUuid()
  const uid = (i: number) => `1A4FF01000000220${String(i).padStart(8, '0')}`
  const packages = Array.from({ length: PACKAGES }, (_, i) => ({ uid: uid(i), cases: Array.from({ length: CASES }, () => ({ uuid: randomShortUuid(), pp: randomShortUuid() })) }))
  const all = packages.flatMap((p) => p.cases.map((c, i) => ({ ...c, pkg: p.uid, i })))
  const fixture: SandboxFixture = {
    companies: [{ uuid: company, name: 'Bench Co' }],
    dispensaries: [
      { uuid: own, name: 'Bench Downtown', state: 'CA', company },
      { uuid: sister, name: 'Bench Uptown', state: 'CA', company }
    ],
    clients: [{ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, dispensary: own }],
    cases: all.map((c) => ({ uuid: c.uuid, packaged_products: [c.pp], package_uids: [c.pkg], dispensaries: [own] })),
    // Per package: its second case by the sister dispensary, its third (every other package) into the next package.
    imports: all.flatMap((c, n) =>
      c.i === 1
        ? [{ case: c.uuid, packaged_product: c.pp, dispensary: sister, package_uid: c.pkg, pos_product_id: 'P', pos_inventory_id: 'I' }]
        : c.i === 2 && n % 2 === 0
          ? [{ case: c.uuid, packaged_product: c.pp, dispensary: own, package_uid: uid(PACKAGES + 1), pos_product_id: 'P', pos_inventory_id: 'I' }]
          : []
    )
  }
  const manifest: ManifestRow[] = all.map((c, n) => ({ line: n + 2, packageUid: c.pkg, posProductId: 'P', posInventoryId: 'I', sku: '', productName: `Product ${c.pkg.slice(-4)}`, caseUuid: c.uuid, packagedProductUuid: c.pp }))
  return { fixture, manifest, all }
}

async function newStation(url: string, manifest: ManifestRow[]): Promise<{ station: Station; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reconcile-'))
  const station = openStation({ dataDir: dir })
  station.setSettings({ apiUrl: url, clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, operator: 'bench' })
  station.loadManifest(manifest)
  return { station, dir }
}

interface Logged { at: string; path: string; status: number | null }
const lookupsOf = (log: Logged[]) => log.filter((r) => r.path.includes('/caseids/') && !r.path.includes('/import'))

async function main(): Promise<void> {
  const w = world()
  const sb = await startSandbox({ port: 0, fixture: w.fixture, admin: true })
  const admin = (p: string, init?: RequestInit) => fetch(`${sb.url}/__sandbox/${p}`, init).then((r) => r.json() as Promise<unknown>)
  const rows: [string, string][] = []
  const stations: { station: Station; dir: string }[] = []
  try {
    const a = await newStation(sb.url, w.manifest)
    stations.push(a)
    // This station's own imports: the first case of every package.
    a.station.enqueueImports(w.all.filter((c) => c.i === 0).map((c) => ({ caseUuid: c.uuid, packagedProductUuid: c.pp, packageUid: c.pkg, posProductId: 'P', posInventoryId: 'I' })))
    if (!(await a.station.drain({ timeoutMs: 300_000 }))) throw new Error('the imports did not drain')
    await admin('requests', { method: 'DELETE' })

    const date = new Date().toISOString().slice(0, 10)
    let t = performance.now()
    const day = await a.station.reconcileDay(date, { tz: 'UTC' })
    const first = performance.now() - t
    const log = (await admin('requests')) as Logged[]
    const lookups = lookupsOf(log)
    rows.push([`reconcile a day of ${PACKAGES} packages (${w.all.length} cases), no latency`, `${(first / 1000).toFixed(2)} s`])
    rows.push(['lookups sent (at most one per package)', `${lookups.length} (progress: ${day.progress?.asked} asked, ${day.progress?.fresh} fresh)`])
    rows.push(['429 answers', String(log.filter((r) => r.status === 429).length)])
    rows.push(['share of the station\u2019s minute budget used', `${lookups.length} of ${DEFAULT_RATE_LIMIT} (${Math.round((lookups.length / DEFAULT_RATE_LIMIT) * 100)} %), plus ${PACKAGES} imports earlier`])
    rows.push(['findings', Object.entries(day.totals).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')])

    t = performance.now()
    const again = await a.station.reconcileDay(date, { tz: 'UTC' })
    rows.push(['the same again at once (answers under a minute old)', `${((performance.now() - t) / 1000).toFixed(2)} s, ${again.progress?.asked} asked`])
    t = performance.now()
    a.station.reconciledDay(date, 'UTC')
    rows.push(['the reconciled view from the last answers only (CSV export, offline)', `${Math.round(performance.now() - t)} ms`])

    const b = await newStation(sb.url, w.manifest)
    stations.push(b)
    await admin('faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latency_ms: LATENCY_MS }) })
    await admin('requests', { method: 'DELETE' })
    t = performance.now()
    const slow = await b.station.reconcileDay(date, { tz: 'UTC' })
    const slowLog = (await admin('requests')) as Logged[]
    rows.push([`a second station, API answering after ${LATENCY_MS} ms (concurrency ${b.station.getSettings().concurrency})`, `${((performance.now() - t) / 1000).toFixed(2)} s, ${slow.progress?.asked} asked, ${slowLog.filter((r) => r.status === 429).length} × 429`])
  } finally {
    for (const s of stations) {
      await s.station.close()
      fs.rmSync(s.dir, { recursive: true, force: true })
    }
    await sb.stop()
  }
  const width = Math.max(...rows.map(([k]) => k.length))
  process.stdout.write(`| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|\n`)
  for (const [k, v] of rows) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
