// What a scan means at the dock, decided in one place for every input (wedge, camera, typed):
// a Package UID makes a package active; a CaseID is imported into the active package with the
// packaged products the manifest (or the operator, once) gives; everything else is explained.
import { packageUidFromOperator, parseScan } from '../scan/parse'

export type Tone = 'accepted' | 'refused' | 'duplicate' | 'info'

export interface PackageInfo {
  packageUid: string
  productName: string
  posProductId: string
  posInventoryId: string
  sku: string
  /** CaseID → its packaged products, from the manifest. */
  cases: { caseUuid: string; packagedProductUuids: string[] }[]
}

export interface LocalOperation {
  id: number
  operation: 'import' | 'remove'
  state: 'pending' | 'in_flight' | 'failed' | 'done' | 'cancelled'
  caseUuid: string
  packagedProductUuid: string | null
  packageUid: string
}

/** What the receiving logic needs from the station; the station facade provides it. */
export interface ReceivingPorts {
  packageInfo(packageUid: string): PackageInfo | null
  rememberedPackagedProducts(caseUuid: string, packageUid: string): string[]
  rememberPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): void
  operationsOnCase(caseUuid: string): LocalOperation[]
  enqueueImport(input: { caseUuid: string; packagedProductUuid: string; packageUid: string; posProductId: string; posInventoryId: string; sku?: string; operator?: string; source?: string }): LocalOperation
  enqueueRemove(input: { caseUuid: string; packageUid: string; packagedProductUuid?: string; reason?: string; operator?: string }): LocalOperation | { cancelled: LocalOperation[] }
  operator(): string
}

export type ReceiveOutcome =
  | { kind: 'package'; packageUid: string; needsPosIds: boolean; message: string; tone: Tone }
  | { kind: 'queued'; caseUuid: string; packageUid: string; items: LocalOperation[]; message: string; tone: Tone }
  | { kind: 'needs-packaged-product'; caseUuid: string; packageUid: string; message: string; tone: Tone }
  | { kind: 'no-active-package'; caseUuid: string; message: string; tone: Tone }
  | { kind: 'already'; caseUuid: string; message: string; tone: Tone }
  | { kind: 'item'; message: string; tone: Tone }
  | { kind: 'unrecognised'; shown: string; message: string; tone: Tone }
  | { kind: 'undone'; caseUuid: string; packageUid: string; message: string; tone: Tone }
  | { kind: 'refused'; message: string; tone: Tone }

export type ScanSource = 'wedge' | 'camera' | 'manual'

/**
 * Whether this station has imported (or queued) a packaged product into a package and not removed it
 * since. Operations come oldest first; a cancelled one never happened, a failed one may be scanned again.
 */
function alreadyImported(operations: LocalOperation[], packageUid: string, packagedProductUuid: string): boolean {
  const relevant = operations.filter(
    (op) =>
      op.packageUid === packageUid &&
      op.state !== 'cancelled' &&
      op.state !== 'failed' &&
      (op.packagedProductUuid === packagedProductUuid || (op.operation === 'remove' && op.packagedProductUuid === null))
  )
  return relevant.at(-1)?.operation === 'import'
}

export class Receiving {
  /** The operations queued by the last case scan, for "undo last scan". */
  private lastQueued: LocalOperation[] = []

  constructor(private readonly ports: ReceivingPorts) {}

  scan(text: string, source: ScanSource, activePackageUid: string | null): ReceiveOutcome {
    const parsed = parseScan(text)
    switch (parsed.kind) {
      case 'package':
        return this.activatePackage(parsed.packageUid)
      case 'case':
        return this.receiveCase(parsed.caseUuid, activePackageUid, source)
      case 'item':
        return { kind: 'item', message: parsed.message, tone: 'refused' }
      case 'unrecognised':
        return { kind: 'unrecognised', shown: parsed.shown, message: `Not recognised: “${parsed.shown}”. ${parsed.message}`, tone: 'refused' }
    }
  }

  /** The operator's explicit choice to use an unrecognised code as a Package UID. */
  adoptPackageUid(text: string): ReceiveOutcome {
    const adopted = packageUidFromOperator(text)
    if (!adopted.ok) return { kind: 'refused', message: adopted.message, tone: 'refused' }
    return this.activatePackage(adopted.packageUid)
  }

  activatePackage(packageUid: string): ReceiveOutcome {
    const info = this.ports.packageInfo(packageUid)
    if (!info) {
      return { kind: 'package', packageUid, needsPosIds: true, message: `Package ${packageUid} is not on the manifest: enter its POS ids.`, tone: 'info' }
    }
    const product = info.productName ? `${info.productName}` : 'no product name'
    return { kind: 'package', packageUid, needsPosIds: false, message: `Package ${packageUid}: ${product}. Scan its cases.`, tone: 'accepted' }
  }

  receiveCase(caseUuid: string, packageUid: string | null, source: ScanSource = 'manual'): ReceiveOutcome {
    if (!packageUid) {
      return { kind: 'no-active-package', caseUuid, message: `Scan the Package UID first: CaseID ${caseUuid} has no package to go into.`, tone: 'refused' }
    }
    const info = this.ports.packageInfo(packageUid)
    if (!info) {
      return { kind: 'refused', message: `Enter the POS ids of package ${packageUid} before scanning its cases.`, tone: 'refused' }
    }
    const fromManifest = info.cases.find((c) => c.caseUuid === caseUuid)?.packagedProductUuids ?? []
    const packagedProducts = fromManifest.length > 0 ? fromManifest : this.ports.rememberedPackagedProducts(caseUuid, packageUid)
    if (packagedProducts.length === 0) {
      return { kind: 'needs-packaged-product', caseUuid, packageUid, message: `CaseID ${caseUuid} is not on the manifest: which packaged product is in it?`, tone: 'info' }
    }
    return this.importCase(caseUuid, info, packagedProducts, source)
  }

  /** The operator's answer to "which packaged product is in this case?", remembered for next time. */
  answerPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): ReceiveOutcome {
    const info = this.ports.packageInfo(packageUid)
    if (!info) return { kind: 'refused', message: `Enter the POS ids of package ${packageUid} first.`, tone: 'refused' }
    this.ports.rememberPackagedProducts(caseUuid, packageUid, packagedProductUuids)
    return this.importCase(caseUuid, info, packagedProductUuids, 'manual')
  }

  private importCase(caseUuid: string, info: PackageInfo, packagedProducts: string[], source: ScanSource): ReceiveOutcome {
    const existing = this.ports.operationsOnCase(caseUuid)
    const toImport = packagedProducts.filter((pp) => !alreadyImported(existing, info.packageUid, pp))
    if (toImport.length === 0) {
      return { kind: 'already', caseUuid, message: `Already scanned: CaseID ${caseUuid} is already queued or imported into ${info.packageUid}.`, tone: 'duplicate' }
    }
    const operator = this.ports.operator()
    const items = toImport.map((pp) =>
      this.ports.enqueueImport({
        caseUuid,
        packagedProductUuid: pp,
        packageUid: info.packageUid,
        posProductId: info.posProductId,
        posInventoryId: info.posInventoryId,
        ...(info.sku ? { sku: info.sku } : {}),
        ...(operator ? { operator } : {}),
        source
      })
    )
    this.lastQueued = items
    const batches = items.length > 1 ? ` (${items.length} packaged products)` : ''
    return { kind: 'queued', caseUuid, packageUid: info.packageUid, items, message: `CaseID ${caseUuid} queued for import into ${info.packageUid}${batches}.`, tone: 'accepted' }
  }

  /** Undo of the last case scan: a remove of what it imported (cancelled locally if never sent). */
  undoLastScan(): ReceiveOutcome {
    const last = this.lastQueued
    this.lastQueued = []
    const first = last[0]
    if (!first) return { kind: 'refused', message: 'Nothing to undo: no case was scanned since the station started.', tone: 'refused' }
    const operator = this.ports.operator()
    let cancelled = 0
    for (const item of last) {
      const result = this.ports.enqueueRemove({
        caseUuid: item.caseUuid,
        packageUid: item.packageUid,
        ...(item.packagedProductUuid ? { packagedProductUuid: item.packagedProductUuid } : {}),
        reason: 'Undo of the last scan',
        ...(operator ? { operator } : {})
      })
      if ('cancelled' in result) cancelled++
    }
    const how = cancelled === last.length ? 'cancelled before it was sent' : 'remove queued'
    return { kind: 'undone', caseUuid: first.caseUuid, packageUid: first.packageUid, message: `Undone: CaseID ${first.caseUuid} from ${first.packageUid} (${how}).`, tone: 'info' }
  }
}
