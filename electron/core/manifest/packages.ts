// The packages the station knows (from a manifest or entered by hand) and their cases, with how far
// this station has received them (`progress.std.ts`): the package view every screen shows.
import { ofApi } from '../outbox/operations'
import { packageProgress, progressWords } from './progress.std'
import { apiBindingOf } from '../settings/apiBinding.std'
import type { Settings } from '../settings/settings'
import type { OutboxRow, Store } from '../store/store'
import type { ManifestPackageView, ManifestRow } from '../types'
import { StationError, optionalText, packageUid as checkPackageUid, requiredText, shortUuid } from '../validate.std'

export interface ManifestPackagesOptions {
  store: Store
  settings: Settings
  now: () => number
  /** Publishes what a write changed (the change feed). */
  changed: () => void
}

/** The `${case}|${pp}` pairs imported and not removed since, from this station's confirmed operations in id order. */
function importedPairs(ops: OutboxRow[]): Set<string> {
  const m = new Map<string, boolean>()
  for (const o of ops) {
    if (o.state !== 'done') continue
    if (o.operation === 'import') m.set(`${o.case_uuid}|${o.packaged_product_uuid}`, true)
    else if (o.packaged_product_uuid) m.set(`${o.case_uuid}|${o.packaged_product_uuid}`, false)
    else for (const k of m.keys()) if (k.startsWith(`${o.case_uuid}|`)) m.set(k, false)
  }
  return new Set([...m].filter(([, imported]) => imported).map(([pair]) => pair))
}

export class ManifestPackages {
  constructor(private readonly o: ManifestPackagesOptions) {}

  /** Operator and station name for the journal rows of a write. */
  private who(): [operator: string | null, station: string] {
    const s = this.o.settings.get()
    return [s.operator || null, s.stationName]
  }

  /** Loads parsed manifest rows: each package present in the rows is replaced by its rows here. */
  load(rows: ManifestRow[]): { packages: number; rows: number } {
    const r = this.o.store.loadManifest(rows, this.o.now(), ...this.who())
    this.o.changed()
    return r
  }

  /** One package with its cases and counts; ops: its operations for the current API when already read. */
  view(uid: string, ops?: OutboxRow[]): ManifestPackageView | null {
    const p = this.o.store.pkg(uid)
    if (!p) return null
    const caseRows = this.o.store.pkgCases(uid)
    const byCase = new Map<string, string[]>()
    for (const c of caseRows) {
      const list = byCase.get(c.case_uuid) ?? []
      if (c.packaged_product_uuid) list.push(c.packaged_product_uuid)
      byCase.set(c.case_uuid, list)
    }
    const imported = importedPairs(ops ?? ofApi(this.o.store.opsOfPackage(uid), apiBindingOf(this.o.settings.get())))
    const progress = packageProgress(
      caseRows.map((c) => ({ caseUuid: c.case_uuid, packagedProductUuid: c.packaged_product_uuid, onManifest: c.on_manifest === 1 })),
      imported
    )
    return {
      packageUid: p.package_uid,
      productName: p.product_name,
      sku: p.sku,
      posProductId: p.pos_product_id,
      posInventoryId: p.pos_inventory_id,
      onManifest: p.on_manifest === 1,
      ...progress,
      progress: progressWords(progress),
      cases: [...byCase].map(([caseUuid, packagedProductUuids]) => ({ caseUuid, packagedProductUuids }))
    }
  }

  /** Every package known, as views. */
  all(): ManifestPackageView[] {
    const ops = new Map<string, OutboxRow[]>()
    for (const r of ofApi(this.o.store.liveOps(), apiBindingOf(this.o.settings.get()))) {
      const l = ops.get(r.package_uid) ?? []
      l.push(r)
      ops.set(r.package_uid, l)
    }
    return this.o.store
      .pkgs()
      .map((p) => this.view(p.package_uid, ops.get(p.package_uid) ?? []))
      .filter((v): v is ManifestPackageView => v !== null)
  }

  /** A package an operator entered by hand (not on the manifest); remembered for next time. */
  rememberPackage(input: { packageUid: string; posProductId: string; posInventoryId: string; sku?: string | null; productName?: string | null }): void {
    const values = {
      package_uid: checkPackageUid('packageUid', input.packageUid),
      pos_product_id: requiredText('posProductId', input.posProductId),
      pos_inventory_id: requiredText('posInventoryId', input.posInventoryId),
      sku: optionalText('sku', input.sku, 128) ?? '',
      product_name: optionalText('productName', input.productName, 200) ?? ''
    }
    this.o.store.rememberPackage(values, this.o.now(), ...this.who())
    this.o.changed()
  }

  /** The packaged products known (manifest or remembered) for a case in a package. */
  packagedProductsOf(caseUuid: string, packageUid: string): string[] {
    return this.o.store
      .pkgCases(packageUid)
      .filter((c) => c.case_uuid === caseUuid && c.packaged_product_uuid)
      .map((c) => c.packaged_product_uuid!)
  }

  /** Remembers the packaged products an operator gave for a case of a package (the package must be known). */
  rememberPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): void {
    const c = shortUuid('caseUuid', caseUuid)
    const p = checkPackageUid('packageUid', packageUid)
    const pps = packagedProductUuids.map((u) => shortUuid('packagedProductUuid', u))
    for (const pp of pps) {
      if (!this.o.store.rememberCase({ package_uid: p, case_uuid: c, packaged_product_uuid: pp }, this.o.now(), ...this.who())) {
        throw new StationError('not_found', `package ${p} is not known: enter its POS ids first`)
      }
    }
    this.o.changed()
  }

  /** The product name the station knows for a package (manifest or entered by hand), '' when none. */
  productNameOf(packageUid: string): string {
    return this.o.store.pkg(packageUid)?.product_name ?? ''
  }
}
