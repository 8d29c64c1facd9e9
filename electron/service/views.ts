// Core values → the contract's views. The contract is what the page may see: never the secret,
// never internal lease fields.
import type * as C from '../contract'
import type { ConnectionView, LookupView, ManifestPackageView, OutboxItem } from '../core/types'
import type { ReceiveOutcome } from '../core/receiving/receiving'

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

export function itemView(item: OutboxItem): C.OutboxItem {
  return {
    id: item.id,
    operation: item.operation,
    state: item.state,
    caseUuid: item.caseUuid,
    packagedProductUuid: item.packagedProductUuid,
    packageUid: item.packageUid,
    attempts: item.attempts,
    queuedAt: item.queuedAt,
    operator: item.operator,
    message: item.message,
    api: item.apiName,
    waitingFor: item.waitingFor,
    waiting: item.waiting
  }
}

export function connectionView(connection: ConnectionView): C.Connection {
  return { state: connection.state, online: connection.online, lastAnswerAt: iso(connection.lastAnswerAt), paused: connection.paused, headline: connection.headline, message: connection.message }
}

export function manifestView(pkg: ManifestPackageView): C.ManifestPackage {
  return {
    packageUid: pkg.packageUid,
    productName: pkg.productName,
    sku: pkg.sku,
    posProductId: pkg.posProductId,
    posInventoryId: pkg.posInventoryId,
    onManifest: pkg.onManifest,
    expectedCases: pkg.expectedCases,
    importedCases: pkg.importedCases,
    expectedProducts: pkg.expectedProducts,
    importedProducts: pkg.importedProducts,
    casesNotOnManifest: pkg.casesNotOnManifest,
    progress: pkg.progress,
    cases: pkg.cases
  }
}

export function lookupView(view: LookupView): C.LookupView {
  return {
    packageUid: view.packageUid,
    fetchedAt: view.fetchedAt,
    stale: view.stale,
    error: view.error,
    cases: view.cases.map((c) => ({
      caseUuid: c.caseUuid,
      status: c.status,
      detail: c.detail,
      importedOn: c.importedOn,
      importedInto: c.importedInto,
      dispensary: c.dispensary,
      packagedProducts: c.packagedProducts
    }))
  }
}

export function outcomeView(outcome: ReceiveOutcome, manifest: (packageUid: string) => ManifestPackageView | null, items: (id: number) => OutboxItem | null): C.ScanOutcome {
  switch (outcome.kind) {
    case 'package': {
      const pkg = manifest(outcome.packageUid)
      return { ...outcome, manifest: pkg ? manifestView(pkg) : null }
    }
    case 'queued':
      return {
        ...outcome,
        items: outcome.items.map((op) => items(op.id)).filter((item): item is OutboxItem => item !== null).map(itemView)
      }
    default:
      return outcome
  }
}
