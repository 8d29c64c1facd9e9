// Which dispensary this station's API client belongs to, learned from the API's own answers: a case
// this station imported (and the API confirmed) into a package, listed by the lookup with a
// dispensary, was imported by us. The API tells the dispensary of an import only within one company,
// so without this a case a sister dispensary imported into the same Package UID would read "Imported".
// Kept per API and client id in <dataDir>/own-dispensary.json.
import type { LookupView } from '../contract'
import { knownOwnDispensaries, rememberOwnDispensaries } from '../core/lookup/ownDispensaryFile'

export { OWN_DISPENSARY_FILE, knownOwnDispensaries } from '../core/lookup/ownDispensaryFile'

/** One station operation, as far as this needs it. */
export interface OwnOperation {
  operation: 'import' | 'remove'
  state: string
  outcome: string | null
  packageUid: string
}

/** Whether this station imported the case into the package and the API confirmed it. */
function importedByUs(operations: OwnOperation[], packageUid: string): boolean {
  return operations.some(
    (op) => op.operation === 'import' && op.state === 'done' && op.packageUid === packageUid && (op.outcome === 'imported' || op.outcome === 'already_imported')
  )
}

/**
 * Learns our dispensary from the view, then says "Imported elsewhere" (with the dispensary) for a
 * case the API lists as imported into this package by another dispensary of the company.
 */
export function markImportsOfOthers(
  view: LookupView,
  operationsOnCase: (caseUuid: string) => OwnOperation[],
  own: { known: () => Set<string>; learn: (uuids: Set<string>) => void }
): LookupView {
  const imported = view.cases.filter((c) => c.status === 'Imported' && c.dispensary?.uuid)
  if (imported.length === 0) return view
  const ours = new Set(imported.filter((c) => importedByUs(operationsOnCase(c.caseUuid), view.packageUid)).map((c) => c.caseUuid))
  const known = own.known()
  const learned = new Set(known)
  for (const c of imported) if (ours.has(c.caseUuid) && c.importedInto === view.packageUid && c.dispensary) learned.add(c.dispensary.uuid)
  if (learned.size !== known.size) own.learn(learned)
  if (learned.size === 0) return view
  return {
    ...view,
    cases: view.cases.map((c) => {
      if (c.status !== 'Imported' || !c.dispensary || ours.has(c.caseUuid) || learned.has(c.dispensary.uuid)) return c
      const by = `${c.dispensary.name}${c.dispensary.state ? `, ${c.dispensary.state}` : ''}`
      const where = c.importedInto && c.importedInto !== view.packageUid ? `imported into ${c.importedInto} by ${by}` : `imported into this package by ${by}`
      return {
        ...c,
        status: 'Imported elsewhere' as const,
        detail: where,
        packagedProducts: c.packagedProducts.map((p) => (p.status === 'Imported' ? { ...p, status: 'Imported elsewhere' as const, detail: where } : p))
      }
    })
  }
}

/** The learning store for one data folder and API client. */
export function ownDispensaryStore(dataDir: string, client: string) {
  return {
    known: () => knownOwnDispensaries(dataDir, client),
    learn: (uuids: Set<string>) => {
      try {
        rememberOwnDispensaries(dataDir, client, uuids)
      } catch {
        // Best effort (a full disk): learned again from the next answer.
      }
    }
  }
}
