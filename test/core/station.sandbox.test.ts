// The facade as the app uses it: manifest, lookup merged with the queue, offline answers, volume.
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import type { ManifestRow } from '../../electron/core/types'
import { faults, importInput, requests, station, tempDir, worldOnSandbox } from './helpers'

const cleanups = cleanupsAfterEach()

describe('station facade', () => {
  it('loads a manifest, tracks multi-batch cases per packaged product, and merges queued operations into the lookup', async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 2)
    const st = station(tempDir(), sb.url)
    cleanups.push(() => st.close())
    const pkg = world.cases[0]!.pkg
    const base = { packageUid: pkg, posProductId: 'PRD-9', posInventoryId: 'INV-9', sku: 'SKU-9', productName: 'Blue Dream 3.5g' }
    const rows: ManifestRow[] = [
      ...world.cases.map((c, i) => ({ line: i + 2, ...base, caseUuid: c.uuid, packagedProductUuid: c.pp })),
      { line: 4, ...base, caseUuid: world.multiCase.uuid, packagedProductUuid: world.multiCase.pps[0]! },
      { line: 5, ...base, caseUuid: world.multiCase.uuid, packagedProductUuid: world.multiCase.pps[1]! },
      { line: 6, packageUid: 'PKGONLY00000000000000001', posProductId: 'A', posInventoryId: 'B', sku: '', productName: 'Package only', caseUuid: null, packagedProductUuid: null }
    ]
    expect(st.loadManifest(rows)).toEqual({ packages: 2, rows: 5 })
    // Two single-batch cases and one of two packaged products: 3 cases, 4 products.
    expect(st.manifestFor(pkg)).toMatchObject({ expectedCases: 3, expectedProducts: 4, importedCases: 0, progress: '0 / 3 cases, 0 / 4 products', onManifest: true, productName: 'Blue Dream 3.5g' })
    expect(st.rememberedPackagedProducts(world.multiCase.uuid, pkg)).toEqual(world.multiCase.pps)

    st.enqueueImport(importInput(world.cases[0]!))
    st.enqueueImport({ ...importInput({ uuid: world.multiCase.uuid, pp: world.multiCase.pps[0]!, pkg }) })
    let view = await st.lookup(pkg)
    expect(view.manifest?.sku).toBe('SKU-9')
    const byCase = (uuid: string) => view.cases.find((c) => c.caseUuid === uuid)!
    expect(byCase(world.cases[0]!.uuid).status).toBe('Queued')
    expect(byCase(world.cases[1]!.uuid).status).toBe('Not imported')
    expect(byCase(world.multiCase.uuid).status).toBe('Queued')

    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    view = await st.lookup(pkg)
    expect(byCase(world.cases[0]!.uuid).status).toBe('Imported')
    // The API says the multi-batch case is imported; one packaged product is still to import.
    expect(byCase(world.multiCase.uuid).api?.isImported).toBe(true)
    expect(byCase(world.multiCase.uuid).packagedProducts.map((p) => p.status)).toEqual(['Imported', 'Not imported'])
    expect(byCase(world.multiCase.uuid).status).toBe('Not imported')
    expect(st.manifestFor(pkg)).toMatchObject({ expectedCases: 3, importedCases: 1, importedProducts: 2, progress: '1 / 3 cases, 2 / 4 products' })
    // A case not on the manifest, its packaged product given by the operator: what was expected stays.
    st.rememberPackagedProducts(world.cases[1]!.uuid.slice(0, 21) + 'Z', pkg, [world.cases[1]!.pp])
    expect(st.manifestFor(pkg)).toMatchObject({ expectedCases: 3, expectedProducts: 4, progress: '1 / 3 cases, 2 / 4 products' })

    // Reloading the package replaces its rows.
    st.loadManifest([{ line: 2, ...base, productName: 'Renamed', caseUuid: world.cases[1]!.uuid, packagedProductUuid: world.cases[1]!.pp }])
    expect(st.manifestFor(pkg)).toMatchObject({ expectedCases: 1, importedCases: 0, productName: 'Renamed' })
    expect(st.manifestPackages().map((p) => p.packageUid).sort()).toEqual([pkg, 'PKGONLY00000000000000001'].sort())

    st.rememberPackage({ packageUid: 'HANDMADE', posProductId: 'X', posInventoryId: 'Y' })
    expect(st.manifestFor('HANDMADE')).toMatchObject({ onManifest: false, posProductId: 'X' })
  })

  it('offline, answers from the cache marked stale with its age, merged with what is queued since', async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 2)
    let now = Date.now()
    const st = station(tempDir(), sb.url, { now: () => now })
    cleanups.push(() => st.close())
    const pkg = world.cases[0]!.pkg
    const live = await st.lookup(pkg)
    expect(live).toMatchObject({ stale: false, error: null })
    expect(st.connection().online).toBe(true)
    await faults(sb.url, { down: true })
    now += 90_000
    st.enqueueImport(importInput(world.cases[1]!))
    const off = await st.lookup(pkg)
    expect(off.stale).toBe(true)
    expect(off.error).toMatch(/cannot reach|timeout/)
    expect(off.fetchedAt).toBe(live.fetchedAt)
    expect(off.ageMs).toBe(90_000)
    expect(off.cases.find((c) => c.caseUuid === world.cases[1]!.uuid)?.status).toBe('Queued')
    expect(off.cases.find((c) => c.caseUuid === world.cases[0]!.uuid)?.status).toBe('Not imported')
    expect(st.connection().online).toBe(false)
  })

  it('drains 1,500 imports with zero 429 answers', { timeout: 120_000 }, async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 1500, { rateLimit: 100_000 })
    const st = station(tempDir(), sb.url, {}, { rateLimit: 95_000, concurrency: 4 })
    cleanups.push(() => st.close())
    st.enqueueImports(world.cases.map((c) => importInput(c)))
    expect(await st.drain({ timeoutMs: 110_000 })).toBe(true)
    expect(st.queue().counts).toMatchObject({ done: 1500, failed: 0, pending: 0 })
    const log = await requests(sb.url)
    expect(log.filter((r) => r.status === 429)).toHaveLength(0)
    expect(log.filter((r) => r.path.endsWith('/caseids/import/'))).toHaveLength(1500)
  })
})

describe('station events across processes', () => {
  it('publishes a settings change made on the same folder by another station (the command line), once', async () => {
    const dir = tempDir()
    const app = station(dir, null)
    cleanups.push(() => app.close())
    const cliSide = station(dir, null)
    cleanups.push(() => cliSide.close())
    const seen: string[] = []
    app.on((e) => {
      if (e.type === 'settings') seen.push(e.settings.operator)
    })
    cliSide.setSettings({ operator: 'Dana' })
    for (let i = 0; i < 40 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    expect(seen).toEqual(['Dana'])
    app.setSettings({ operator: 'Eve' })
    expect(seen).toEqual(['Dana', 'Eve'])
  })
})

describe('the journal of scans', () => {
  it('holds scans that queued nothing (who, when, what came of it) next to the operations', async () => {
    const st = station(tempDir(), null)
    cleanups.push(() => st.close())
    st.setSettings({ operator: 'Ann', stationName: 'dock-2' })
    st.recordScan({ outcome: 'unrecognised', message: 'Not recognised: “<b>hi</b>”.', source: 'wedge', packageUid: null, caseUuid: null })
    st.recordScan({ outcome: 'package', message: 'Package PKG1: scan its cases.', source: 'camera', packageUid: 'PKG1' })
    const rows = st.journalForDay(new Date().toISOString().slice(0, 10), 'UTC').filter((j) => j.event === 'scan')
    expect(rows.map((r) => [r.outcome, r.operator, r.station, r.packageUid])).toEqual([
      ['unrecognised', 'Ann', 'dock-2', null],
      ['package', 'Ann', 'dock-2', 'PKG1']
    ])
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ source: 'wedge', message: 'Not recognised: “<b>hi</b>”.' })
  })
})
