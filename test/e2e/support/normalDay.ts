// A normal receiving day, built in code, for the layout tests: the demo dispensary with a package of
// 20 cases (some imported already, one by the sister dispensary), a manifest of 10 packages, and 3
// imports the API refused (failed items with the API's words).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_CLIENT, DEMO_CLIENTS, demoFixture, demoManifestRows, randomShortUuid, startSandbox, type RunningSandbox } from '../../../electron/sandbox'
import { openStation } from '../../../electron/core/station'
import type { ManifestRow } from '../../../electron/core/types'

interface DayPackage {
  uid: string
  product: string
  sku: string
  pos: string
  cases: string[]
  packagedProduct: string
}

function dayPackage(uid: string, product: string, sku: string, pos: string, cases: number): DayPackage {
  return { uid, product, sku, pos, cases: Array.from({ length: cases }, () => randomShortUuid()), packagedProduct: randomShortUuid() }
}

export interface NormalDay {
  /** The package of 20 cases. */
  big: DayPackage
  /** The package whose 3 imports failed. */
  refused: DayPackage
  /** Every package of the manifest (10). */
  manifestPackages: string[]
  sandbox: RunningSandbox
  dataDir: string
}

/** The dispensary a demo client acts for. */
const dispensaryOf = (clientId: string): string => DEMO_CLIENTS.find((c) => c.client_id === clientId)!.dispensary

/** Starts a sandbox with the day's packages and a data folder whose station has the day behind it. */
export async function normalDay(dir: string, operator = 'Dana'): Promise<NormalDay> {
  const big = dayPackage('1A4FF0100000022000000120', 'Strawberry Cough Flower 3.5g', 'GV-SC-35', '1120', 20)
  const refused = dayPackage('1A4FF0100000022000000121', 'Lemon Haze Pre-Roll 0.5g', 'GV-LH-PR05', '1121', 3)
  const fixture = demoFixture()
  const mine = dispensaryOf(DEMO_CLIENT.clientId)
  const sister = dispensaryOf('demo-uptown-client')
  for (const pkg of [big, refused]) {
    for (const c of pkg.cases) fixture.cases.push({ uuid: c, packaged_products: [pkg.packagedProduct], package_uids: [pkg.uid], dispensaries: [mine] })
  }
  // Some of the big package is in already: five by this station, one by the sister dispensary.
  big.cases.slice(0, 6).forEach((c, i) =>
    (fixture.imports ??= []).push({
      case: c, packaged_product: big.packagedProduct, dispensary: i === 5 ? sister : mine, package_uid: big.uid,
      pos_product_id: `PRD-${big.pos}`, pos_inventory_id: `INV-${big.pos}`, sku: big.sku, imported_on: '2026-05-12T09:00:00Z'
    })
  )
  const sandbox = await startSandbox({ db: join(dir, 'sandbox.sqlite'), fixture, admin: true })

  const rows: ManifestRow[] = demoManifestRows().map((r, i) => ({
    line: i + 2, packageUid: r.package_uid, posProductId: r.pos_product_id, posInventoryId: r.pos_inventory_id, sku: r.sku,
    productName: r.product_name, caseUuid: r.case_uuid, packagedProductUuid: r.packaged_product_uuid
  }))
  for (const pkg of [big, refused]) {
    for (const c of pkg.cases) {
      rows.push({
        line: rows.length + 2, packageUid: pkg.uid, posProductId: `PRD-${pkg.pos}`, posInventoryId: `INV-${pkg.pos}`, sku: pkg.sku,
        productName: pkg.product, caseUuid: c, packagedProductUuid: pkg.packagedProduct
      })
    }
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-day-'))
  const core = openStation({ dataDir })
  try {
    core.setSettings({ apiUrl: sandbox.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, operator })
    core.loadManifest(rows)
    // Three imports the API refuses with its own words: a packaged product that is not in the case.
    core.enqueueImports(
      refused.cases.map((c) => ({
        caseUuid: c, packagedProductUuid: big.packagedProduct, packageUid: refused.uid, posProductId: `PRD-${refused.pos}`,
        posInventoryId: `INV-${refused.pos}`, sku: refused.sku, operator, source: 'wedge'
      }))
    )
    const report = await core.drainReport({ timeoutMs: 30_000 })
    if (report.failed !== refused.cases.length) throw new Error(`normal day: expected ${refused.cases.length} failed items, got ${JSON.stringify(report)}`)
  } finally {
    await core.close()
  }
  return { big, refused, manifestPackages: [...new Set(rows.map((r) => r.packageUid))], sandbox, dataDir }
}
