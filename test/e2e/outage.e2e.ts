// Outage: the API goes away while operations are enqueued from the browser host (bridge calls over
// HTTP with the page's token). All are queued, none failed, the page says offline; when the API is
// back they all drain by themselves, with zero 429 answers, and the page says online.
import { expect, test, type APIRequestContext } from '@playwright/test'
import type { RunningSandbox } from '../../electron/sandbox'
import { recordFigures, sizes } from '../faults/support/sizes'
import { configureDataDir, importedOnSandbox, importsByCase, loggedRequests, makeFaultWorld, tempDir, worldSandbox, type FaultWorld } from '../faults/support/world'
import { startWeb, type RunningWeb } from './support/web'

const { operations: OPERATIONS, holdMs: HOLD_MS } = sizes().outage

let sandbox: RunningSandbox
let web: RunningWeb
let world: FaultWorld
let sandboxDb: string

test.beforeEach(async () => {
  world = makeFaultWorld(OPERATIONS)
  sandboxDb = `${tempDir('station-outage-sandbox-')}/sandbox.sqlite`
  sandbox = await worldSandbox(world, { db: sandboxDb })
  const dataDir = tempDir('station-outage-data-')
  await configureDataDir(dataDir, sandbox.url)
  web = await startWeb({ dataDir })
})
test.afterEach(async () => {
  await web?.stop()
  await sandbox?.stop()
})

function manifestCsv(w: FaultWorld): string {
  const lines = ['package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid']
  for (const c of w.cases) lines.push(`${c.pkg},POS-${c.pkg.slice(-5)},INV-${c.pkg.slice(-5)},SKU-${c.pkg.slice(-5)},Outage product ${c.pkg.slice(-5)},${c.uuid},${c.pp}`)
  return lines.join('\n')
}

async function bridge<T>(request: APIRequestContext, name: string, argument: unknown): Promise<T> {
  const r = await request.post(`${web.origin}/api/call/${name}`, { data: argument, headers: { Authorization: `Bearer ${web.token}`, Origin: web.origin } })
  const body = (await r.json()) as { ok: boolean; value: T; error?: { message: string } }
  expect(body.ok, `${name}: ${body.error?.message}`).toBe(true)
  return body.value
}

interface QueueView {
  counts: { pending: number; sending: number; failed: number; importedToday: number }
}

test(`${OPERATIONS} operations enqueued during an outage: all queued, none failed; all drained after, zero 429`, async ({ page, request }) => {
  test.setTimeout(120_000 + HOLD_MS + OPERATIONS * 1_000)
  await page.goto(web.url)
  await expect(page.getByTestId('connection')).toBeVisible()
  expect(await bridge(request, 'loadManifest', { csv: manifestCsv(world) })).toMatchObject({ ok: true, rows: OPERATIONS })

  const port = sandbox.port
  await sandbox.stop()
  const outageStart = Date.now()
  for (const c of world.cases) {
    const outcome = await bridge<{ kind: string; message: string }>(request, 'submitScan', { text: `https://qr.lcdg.io/case/${c.uuid}`, source: 'wedge', activePackageUid: c.pkg })
    expect(outcome.kind, outcome.message).toBe('queued')
  }
  await expect(page.getByTestId('connection')).toContainText('Unreachable', { timeout: 60_000 })
  // A longer outage (soak): the probes back off towards their cap while the API stays away.
  if (HOLD_MS > 0) await page.waitForTimeout(Math.max(0, HOLD_MS - (Date.now() - outageStart)))
  const during = await bridge<QueueView>(request, 'getQueue', {})
  expect(during.counts.pending + during.counts.sending).toBe(OPERATIONS)
  expect(during.counts.failed).toBe(0)
  expect(during.counts.importedToday).toBe(0)

  // The API comes back on the same address, with its own data.
  sandbox = await worldSandbox(world, { db: sandboxDb, port })
  const backAt = Date.now()
  const outageMs = backAt - outageStart
  await expect
    .poll(async () => (await bridge<QueueView>(request, 'getQueue', {})).counts.importedToday, { timeout: 90_000 + OPERATIONS * 1_000, intervals: [500] })
    .toBe(OPERATIONS)
  const drainedInMs = Date.now() - backAt
  const after = await bridge<QueueView>(request, 'getQueue', {})
  expect(after.counts).toMatchObject({ pending: 0, sending: 0, failed: 0 })
  await expect(page.getByTestId('connection')).toContainText('Working')

  const log = await loggedRequests(sandbox.url)
  expect(log.filter((r) => r.status === 429)).toHaveLength(0)
  const byCase = importsByCase(log)
  const held = await importedOnSandbox(sandbox.url, world.packages)
  for (const c of world.cases) {
    expect(held.get(c.uuid), c.uuid).toBe(c.pkg)
    expect((byCase.get(c.uuid) ?? []).filter((r) => r.status === 200).length, c.uuid).toBe(1)
  }
  recordFigures('outage', { operations: OPERATIONS, outageMs, drainedInMs, queuedDuringOutage: during.counts.pending + during.counts.sending, failed: 0, status429: 0, requestsAfter: log.length })
})
