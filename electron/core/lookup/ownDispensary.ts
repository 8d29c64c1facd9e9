// Which dispensary this station's API client belongs to, learned from the API's own answers: a case
// this station imported (and the API confirmed) into a package, listed by the lookup with a
// dispensary, was imported by us. The API tells the dispensary of an import only within one company,
// so without this a case a sister dispensary imported into the same Package UID would read "Imported".
// Kept per API and client id in <dataDir>/own-dispensary.json, so that every face (the lookups and
// the reconcile of the screen and of the command line, the receiving guard) reads the same memory.
import fs from 'node:fs'
import path from 'node:path'
import { writeOwnerOnlyFile } from '../ownerOnlyFile'
import type { ApiDispensary, CaseStatusWord } from '../types'

export const OWN_DISPENSARY_FILE = 'own-dispensary.json'

/** The key of the memory: one API and client id (two clients of one dispensary learn separately). */
export function ownDispensaryKey(apiUrl: string, clientId: string): string {
  return `${apiUrl} ${clientId}`
}

function read(dataDir: string): Record<string, string[]> {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dataDir, OWN_DISPENSARY_FILE), 'utf8')) as unknown
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {}
    const out: Record<string, string[]> = {}
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string').slice(0, 20)
    }
    return out
  } catch {
    return {}
  }
}

export function knownOwnDispensaries(dataDir: string, client: string): Set<string> {
  return new Set(read(dataDir)[client] ?? [])
}

export function rememberOwnDispensaries(dataDir: string, client: string, uuids: Set<string>): void {
  const all = read(dataDir)
  all[client] = [...uuids].slice(0, 20)
  writeOwnerOnlyFile(path.join(dataDir, OWN_DISPENSARY_FILE), `${JSON.stringify(all, null, 2)}\n`)
}

/** The learning memory for one data folder and API client; learning is best effort (a full disk: learned again next time). */
export function ownDispensaryStore(dataDir: string, client: string): { known: () => Set<string>; learn: (uuids: Set<string>) => void } {
  return {
    known: () => knownOwnDispensaries(dataDir, client),
    learn: (uuids) => {
      try {
        rememberOwnDispensaries(dataDir, client, uuids)
      } catch {
        // Best effort (a full disk): learned again from the next answer.
      }
    }
  }
}

/** One station operation, as far as this needs it. */
export interface OwnOperation {
  operation: 'import' | 'remove'
  state: string
  outcome: string | null
  packageUid: string
}

/** A looked-up case, as far as this needs it (the core's and the contract's both are). */
interface MarkableCase {
  caseUuid: string
  status: CaseStatusWord
  detail: string | null
  importedInto: string | null
  dispensary: ApiDispensary | null
  packagedProducts: { uuid: string; status: CaseStatusWord; detail: string | null }[]
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
export function markImportsOfOthers<C extends MarkableCase, V extends { packageUid: string; cases: C[] }>(
  view: V,
  operationsOnCase: (caseUuid: string) => OwnOperation[],
  own: { known: () => Set<string>; learn: (uuids: Set<string>) => void }
): V {
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
