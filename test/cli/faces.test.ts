// The command line and the page (the bridge calls of the service) say the same about the same data
// folder: one rule in the core, used by both. Real processes, a real sandbox, a real data folder.
import { expect, it } from 'vitest'
import type { QueueView } from '../../electron/contract'
import { startSandbox, type SandboxFixture } from '../../electron/sandbox'
import { startStationRuntime, type StationRuntime } from '../../electron/service/runtime'
import { sisterDispensaries, station, tempDir } from '../core/helpers'
import { cleanupsAfterEach } from '../support/cleanups'
import { cli } from './helpers'

const PKG = '1A4FF0100000022000000301'

const cleanups = cleanupsAfterEach()

/** Three cases of one package: one this station imports, one a sister dispensary of the company imported, one free. */
function world() {
  const { own, sister, cases, fixture: dispensaries } = sisterDispensaries(3)
  const fixture: SandboxFixture = {
    ...dispensaries,
    cases: cases.map((c) => ({ uuid: c.uuid, packaged_products: [c.pp], package_uids: [PKG], dispensaries: [own, sister] })),
    imports: [{ case: cases[1]!.uuid, packaged_product: cases[1]!.pp, dispensary: sister, package_uid: PKG, pos_product_id: 'P', pos_inventory_id: 'I' }]
  }
  return { fixture, cases }
}

async function call<T>(runtime: StationRuntime, name: string, payload: unknown): Promise<T> {
  const result = await runtime.dispatch(name, payload)
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
  return result.value as T
}

it('a lookup and the queue read the same through the command line and through the bridge', { timeout: 120_000 }, async () => {
  const w = world()
  const sb = await startSandbox({ port: 0, fixture: w.fixture, rateLimit: 100_000 })
  cleanups.push(() => sb.stop())
  const dir = tempDir()
  // This station imports case 0 (confirmed by the API), so it learns which dispensary is its own.
  const st = station(dir, sb.url)
  st.enqueueImport({ caseUuid: w.cases[0]!.uuid, packagedProductUuid: w.cases[0]!.pp, packageUid: PKG, posProductId: 'P', posInventoryId: 'I' })
  expect(await st.drain({ timeoutMs: 30_000 })).toBe(true)
  await st.close()

  const start = async () => {
    const started = await startStationRuntime({ dataDir: dir, host: 'browser', version: '0.0.0', log: () => {} })
    cleanups.push(() => started.close())
    return started
  }
  const runtime = await start()
  const words = (cases: { caseUuid: string; status: string; detail: string | null }[]) => cases.map((c) => [c.caseUuid, c.status, c.detail])

  const fromCli = await cli(['lookup', PKG, '--json', '--data', dir])
  expect(fromCli.code).toBe(0)
  const cliView = JSON.parse(fromCli.stdout) as { cases: { caseUuid: string; status: string; detail: string | null }[] }
  const bridgeView = await call<{ cases: { caseUuid: string; status: string; detail: string | null }[] }>(runtime, 'lookupPackage', { packageUid: PKG, refresh: true })
  expect(words(cliView.cases)).toEqual(words(bridgeView.cases))
  const status = new Map(cliView.cases.map((c) => [c.caseUuid, c.status]))
  expect([0, 1, 2].map((i) => status.get(w.cases[i]!.uuid))).toEqual(['Imported', 'Imported elsewhere', 'Not imported'])
  expect((await cli(['lookup', PKG, '--data', dir])).stdout).toContain(`${w.cases[1]!.uuid}  Imported elsewhere  (imported into this package by Test Uptown, CA)`)

  // An import kept for the API the station leaves waits for it: pending for no face. (Queued while no
  // worker runs, so that it is still unsent when the station switches.)
  await runtime.close()
  expect((await cli(['import', '--case', w.cases[2]!.uuid, '--packaged-product', w.cases[2]!.pp, '--package', PKG, '--pos-product', 'P', '--pos-inventory', 'I', '--data', dir])).code).toBe(0)
  expect((await cli(['config', 'set', 'api-url', 'http://127.0.0.1:9', '--keep-queue', '--data', dir])).code).toBe(0)
  const queue = JSON.parse((await cli(['queue', '--json', '--data', dir])).stdout) as { counts: { pending: number; in_flight: number; failed: number } }
  const page = await call<QueueView>(await start(), 'getQueue', {})
  expect({ pending: queue.counts.pending, sending: queue.counts.in_flight, failed: queue.counts.failed }).toEqual({ pending: page.counts.pending, sending: page.counts.sending, failed: page.counts.failed })
  expect(page.counts.pending).toBe(0)
  expect((await cli(['queue', '--data', dir])).stdout).toContain(`waiting for ${sb.url}: 1`)
})
