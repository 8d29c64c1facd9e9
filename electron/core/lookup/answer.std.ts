// A cached answer of `caseids_for_package_uid`, read once for every reader: the lookup merge and the
// receiving guard's whereabouts (lookup/), the day's discrepancies (review/) and the reconcile
// (reconcile/). The cache keeps the API's JSON as it came (or a body built from the day's export,
// lookup/prepare.ts), so it is read defensively: what cannot be read is not there.
import type { ApiDispensary } from '../types'

/** Marks a cached answer built from the day's export: it lists CaseIDs, not their import state. */
export const EXPORT_SOURCE = 'package-uids-export'

/** What the answer says of one case it lists. */
export interface ListedCase {
  isImported: boolean
  /** As the API wrote them, whatever `isImported` says; null when absent or not text. */
  importedOn: string | null
  /** The package it was imported into (null: not said, e.g. imported by another company). */
  importedInto: string | null
  /** Null unless the answer names one with an id. */
  dispensary: ApiDispensary | null
}

export interface LookupAnswer {
  /** Built from the day's export: its cases say nothing of import states. */
  fromExport: boolean
  /** Every case the answer lists, in its order (an entry that is not an object is not a case). */
  cases: Map<string, ListedCase>
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}

function dispensaryOf(v: unknown): ApiDispensary | null {
  if (!v || typeof v !== 'object') return null
  const d = v as Record<string, unknown>
  return typeof d.uuid === 'string' ? { uuid: d.uuid, name: text(d.name) ?? '', state: text(d.state) ?? '' } : null
}

/** A cached body read; null when it is no answer at all (not JSON, or no `case_ids` object). */
export function readLookupAnswer(body: string): LookupAnswer | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return null
  }
  if (!parsed || typeof parsed !== 'object') return null
  const o = parsed as { case_ids?: unknown; source?: unknown }
  if (!o.case_ids || typeof o.case_ids !== 'object') return null
  const cases = new Map<string, ListedCase>()
  for (const [caseUuid, raw] of Object.entries(o.case_ids as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue
    const c = raw as Record<string, unknown>
    cases.set(caseUuid, { isImported: c.is_imported === true, importedOn: text(c.imported_on), importedInto: text(c.package_uid), dispensary: dispensaryOf(c.dispensary) })
  }
  return { fromExport: o.source === EXPORT_SOURCE, cases }
}

/** The import state of each case a body lists; null when it says nothing of them (unreadable, or the day's export). */
export function importStates(body: string): Map<string, ListedCase> | null {
  const answer = readLookupAnswer(body)
  return answer && !answer.fromExport ? answer.cases : null
}
