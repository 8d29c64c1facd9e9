// The day against the manifest: what was expected and never arrived, what arrived without being
// expected, and the CaseIDs the API says went somewhere else. Plain functions over rows.
import type { PackageCaseRow, PackageOpRow, PackageRow } from '../store/store'
import type { ReviewRow } from './day.std'
import { importStates } from '../lookup/answer.std'

export interface ExpectedMissing {
  packageUid: string
  productName: string
  caseUuid: string
  packagedProductUuid: string | null
  /** not scanned: no import at all; failed: the import was refused; removed: imported, then undone. */
  status: 'not scanned' | 'failed' | 'removed'
  detail: string | null
}

export interface NotOnManifest {
  packageUid: string
  productName: string | null
  caseUuid: string
  packagedProductUuid: string | null
  why: 'package not on the manifest' | 'case not on the manifest for this package'
  time: string
  operator: string | null
}

export interface ImportedElsewhere {
  caseUuid: string
  /** The package this station meant it for (or looked it up under). */
  packageUid: string
  /** Where the API says it is (null: another company, not named). */
  importedInto: string | null
  dispensary: string | null
  importedOn: string | null
  /** conflict: the API refused this station's import (imported into another package, or by another dispensary); lookup: the API's answer for the package. */
  source: 'conflict' | 'lookup'
  apiMessage: string | null
}

export interface Discrepancies {
  /** Manifest packages considered: loaded that day, or touched by that day's operations. */
  packages: number
  expectedNotReceived: ExpectedMissing[]
  receivedNotOnManifest: NotOnManifest[]
  importedElsewhere: ImportedElsewhere[]
}

export interface DiscrepancyInput {
  rows: readonly ReviewRow[]
  packages: readonly PackageRow[]
  cases: readonly Pick<PackageCaseRow, 'package_uid' | 'case_uuid' | 'packaged_product_uuid' | 'on_manifest'>[]
  /** Every non-cancelled operation on those packages, any day, in id order. */
  ops: readonly PackageOpRow[]
  lookups: readonly { package_uid: string; body: string }[]
}

interface ApiCase {
  isImported: boolean
  packageUid: string | null
  importedOn: string | null
  dispensary: string | null
  dispensaryUuid: string | null
}

/** The API's words (seeds) when a case was taken by another dispensary of the same company. */
const ANOTHER_DISPENSARY = /already been scanned for another dispensary/i

/** The cached `caseids_for_package_uid` answer, read defensively (it is the API's JSON). */
export function apiCases(body: string): Map<string, ApiCase> {
  const out = new Map<string, ApiCase>()
  for (const [caseUuid, c] of importStates(body) ?? []) {
    out.set(caseUuid, { isImported: c.isImported, packageUid: c.importedInto, importedOn: c.importedOn, dispensary: c.dispensary?.name ?? null, dispensaryUuid: c.dispensary?.uuid ?? null })
  }
  return out
}

/** Where an expected (case, packaged product) stands by this station's own operations, latest first. */
function stationState(ops: readonly PackageOpRow[], caseUuid: string, pp: string | null): { status: 'received' | ExpectedMissing['status']; detail: string | null } | null {
  for (let i = ops.length - 1; i >= 0; i--) {
    const o = ops[i]!
    if (o.case_uuid !== caseUuid) continue
    if (o.operation === 'import') {
      if (pp !== null && o.packaged_product_uuid !== pp) continue
      if (o.state === 'failed') return { status: 'failed', detail: o.api_message ?? o.last_error }
      return { status: 'received', detail: null }
    }
    if (pp !== null && o.packaged_product_uuid !== null && o.packaged_product_uuid !== pp) continue
    // A remove that failed left the import in place: look further back.
    if (o.state === 'failed') continue
    return { status: 'removed', detail: o.reason ? `undone: ${o.reason}` : 'undone' }
  }
  return null
}

export function discrepancies(input: DiscrepancyInput): Discrepancies {
  const manifestPackages = new Map(input.packages.filter((p) => p.on_manifest === 1).map((p) => [p.package_uid, p]))
  const casesByPackage = new Map<string, DiscrepancyInput['cases'][number][]>()
  for (const c of input.cases) {
    if (c.on_manifest !== 1) continue
    const list = casesByPackage.get(c.package_uid) ?? []
    list.push(c)
    casesByPackage.set(c.package_uid, list)
  }
  // package → case → its operations in id order, so each expected case looks only at its own.
  const opsByCase = new Map<string, PackageOpRow[]>()
  for (const o of input.ops) {
    const key = `${o.package_uid}|${o.case_uuid}`
    const list = opsByCase.get(key) ?? []
    list.push(o)
    opsByCase.set(key, list)
  }
  const lookups = new Map(input.lookups.map((l) => [l.package_uid, apiCases(l.body)]))

  const elsewhere = new Map<string, ImportedElsewhere>()
  for (const r of input.rows) {
    const taken = r.outcome === 'conflict' || (r.group === 'failed' && r.apiMessage !== null && ANOTHER_DISPENSARY.test(r.apiMessage))
    if (taken && !elsewhere.has(r.caseUuid)) {
      const api = lookups.get(r.packageUid)?.get(r.caseUuid)
      elsewhere.set(r.caseUuid, {
        caseUuid: r.caseUuid,
        packageUid: r.packageUid,
        importedInto: api?.packageUid ?? null,
        dispensary: api?.dispensary ?? null,
        importedOn: api?.importedOn ?? null,
        source: 'conflict',
        apiMessage: r.apiMessage
      })
    }
  }
  // This station's dispensary, where the API's answers show it: the dispensary of cases this station imported.
  const own = new Set<string>()
  for (const [packageUid, cases] of lookups) {
    for (const [caseUuid, c] of cases) {
      const mine = opsByCase.get(`${packageUid}|${caseUuid}`)
      if (c.isImported && c.dispensaryUuid && mine?.some((o) => o.operation === 'import' && o.state === 'done')) own.add(c.dispensaryUuid)
    }
  }
  const otherDispensary = (c: ApiCase) => own.size > 0 && c.dispensaryUuid !== null && !own.has(c.dispensaryUuid)
  for (const [packageUid, cases] of lookups) {
    for (const [caseUuid, c] of cases) {
      if (!c.isImported || (c.packageUid === packageUid && !otherDispensary(c)) || elsewhere.has(caseUuid)) continue
      elsewhere.set(caseUuid, { caseUuid, packageUid, importedInto: c.packageUid, dispensary: c.dispensary, importedOn: c.importedOn, source: 'lookup', apiMessage: null })
    }
  }

  const expectedNotReceived: ExpectedMissing[] = []
  for (const [packageUid, pkg] of manifestPackages) {
    const api = lookups.get(packageUid)
    for (const c of casesByPackage.get(packageUid) ?? []) {
      const mine = stationState(opsByCase.get(`${packageUid}|${c.case_uuid}`) ?? [], c.case_uuid, c.packaged_product_uuid)
      if (mine?.status === 'received') continue
      const a = api?.get(c.case_uuid)
      if (!mine && a?.isImported && a.packageUid === packageUid && !otherDispensary(a)) continue // received by another station
      if (!mine && elsewhere.has(c.case_uuid)) continue // listed under "imported elsewhere"
      expectedNotReceived.push({
        packageUid,
        productName: pkg.product_name,
        caseUuid: c.case_uuid,
        packagedProductUuid: c.packaged_product_uuid,
        status: mine?.status ?? 'not scanned',
        detail: mine?.detail ?? null
      })
    }
  }

  const receivedNotOnManifest: NotOnManifest[] = []
  const seen = new Set<string>()
  for (const r of input.rows) {
    if (r.operation !== 'import' || r.group === 'cancelled') continue
    const key = `${r.packageUid}|${r.caseUuid}|${r.packagedProductUuid ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    let why: NotOnManifest['why'] | null = null
    if (!manifestPackages.has(r.packageUid)) why = 'package not on the manifest'
    else {
      const listed = casesByPackage.get(r.packageUid) ?? []
      // A manifest row without CaseIDs says nothing about which cases to expect.
      if (listed.length > 0 && !listed.some((c) => c.case_uuid === r.caseUuid)) why = 'case not on the manifest for this package'
    }
    if (why) receivedNotOnManifest.push({ packageUid: r.packageUid, productName: r.productName, caseUuid: r.caseUuid, packagedProductUuid: r.packagedProductUuid, why, time: r.time, operator: r.operator })
  }

  return { packages: manifestPackages.size, expectedNotReceived, receivedNotOnManifest, importedElsewhere: [...elsewhere.values()] }
}
