// "Prepare for the day": fetch the dispensary's Package UIDs export (GET package-uids-export, then the
// JSON file it links to) and put each package's CaseIDs into the lookup cache, so that a package never
// looked up still shows its CaseIDs when the API cannot be reached. See spec/LUCIDRETAIL.md.
import type { ApiOutcome } from '../client/classify.std'
import { API_PREFIX } from '../client/lucid'
import { PACKAGE_UID, SHORT_UUID } from '../../shared/ids.std'

import { EXPORT_SOURCE, readLookupAnswer } from './answer.std'

export { EXPORT_SOURCE } from './answer.std'

const DOWNLOAD_TIMEOUT_MS = 60_000
const MAX_EXPORT_BYTES = 64 * 1024 * 1024

export interface PrepareDeps {
  /** The station's API client (bearer token, classification of the answer). */
  call: (method: 'GET', path: string) => Promise<ApiOutcome>
  /** Downloads the export file; the default is fetch with a timeout (the link needs no token). */
  download?: (url: string) => Promise<string>
  cached: (packageUid: string) => { body: string; fetched_at: number } | null
  put: (packageUid: string, body: string, fetchedAt: number) => void
  /** Runs all the puts of one export as one transaction (one disk flush, not one per package). */
  inOneTransaction: (write: () => void) => void
  now: () => number
}

export type PrepareResult =
  | {
      ok: true
      exportDate: string
      /** Packages in the export / CaseIDs in them. */
      packages: number
      cases: number
      /** Packages written to the cache; packages whose cached live answer was kept. */
      cached: number
      kept: number
      /** Entries of the file that were not a Package UID with CaseIDs, left out. */
      skipped: number
    }
  | { ok: false; message: string }

/** The export's date: the UTC calendar day, which the API never takes for a future date. */
export function exportDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10)
}

const STATUS_WORDS: Record<number, string> = {
  202: 'LucidRetail is still preparing the export: try again in a minute',
  404: 'no export is available for that day',
  400: 'LucidRetail refused the export date',
  422: 'the export failed on LucidRetail\u2019s side',
  428: 'Package UID exports are not enabled for this dispensary'
}

/** Reads the export file: `{"<package_uid>": {"<case_uuid>": ["<lucid_id>", ...]}}`. */
export function parseExport(text: string): { packages: Map<string, string[]>; skipped: number } | { error: string } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { error: 'the export file is not JSON' }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { error: 'the export file is not an object of Package UIDs' }
  const packages = new Map<string, string[]>()
  let skipped = 0
  for (const [packageUid, cases] of Object.entries(raw as Record<string, unknown>)) {
    if (!PACKAGE_UID.test(packageUid) || !cases || typeof cases !== 'object' || Array.isArray(cases)) {
      skipped++
      continue
    }
    const caseUuids = Object.keys(cases as Record<string, unknown>).filter((c) => SHORT_UUID.test(c))
    skipped += Object.keys(cases as Record<string, unknown>).length - caseUuids.length
    packages.set(packageUid, caseUuids)
  }
  return { packages, skipped }
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), headers: { Accept: 'application/json' } })
  if (!res.ok) throw new Error(`the export file answered ${res.status}`)
  const length = Number(res.headers.get('content-length') ?? 0)
  if (length > MAX_EXPORT_BYTES) throw new Error('the export file is too large')
  const text = await res.text()
  if (text.length > MAX_EXPORT_BYTES) throw new Error('the export file is too large')
  return text
}

function isExportBody(body: string): boolean {
  return readLookupAnswer(body)?.fromExport === true
}

export async function prepareLookupCache(deps: PrepareDeps): Promise<PrepareResult> {
  const date = exportDate(deps.now())
  const outcome = await deps.call('GET', `${API_PREFIX}/package-uids-export/?export_date=${date}`)
  if (outcome.kind !== 'ok') {
    const status = 'status' in outcome ? outcome.status : null
    const words = status !== null ? STATUS_WORDS[status] : undefined
    const api = outcome.kind === 'refused' && outcome.message && !outcome.message.startsWith('the API answered') ? `: ${outcome.message}` : ''
    return { ok: false, message: `${words ?? outcome.message}${words ? api : ''}` }
  }
  if (outcome.status === 202) return { ok: false, message: STATUS_WORDS[202]! }
  const link = (outcome.body as { export_url?: unknown } | null)?.export_url
  if (typeof link !== 'string' || !/^https?:\/\//i.test(link)) return { ok: false, message: 'LucidRetail answered without a link to the export file' }

  let text: string
  try {
    text = await (deps.download ?? fetchText)(link)
  } catch (error) {
    const reason = error instanceof Error && error.name !== 'TimeoutError' ? error.message : 'no answer in time'
    return { ok: false, message: `could not download the export file (${reason})` }
  }
  const parsed = parseExport(text)
  if ('error' in parsed) return { ok: false, message: parsed.error }

  const at = deps.now()
  let cached = 0
  let kept = 0
  let cases = 0
  deps.inOneTransaction(() => {
    for (const [packageUid, caseUuids] of parsed.packages) {
      cases += caseUuids.length
      const existing = deps.cached(packageUid)
      // A live answer knows each CaseID's import state; the export does not. Keep the live one.
      if (existing && !isExportBody(existing.body)) {
        kept++
        continue
      }
      const body = { package_uid: packageUid, case_ids: Object.fromEntries(caseUuids.map((c) => [c, {}])), source: EXPORT_SOURCE, export_date: date }
      deps.put(packageUid, JSON.stringify(body), at)
      cached++
    }
  })
  return { ok: true, exportDate: date, packages: parsed.packages.size, cases, cached, kept, skipped: parsed.skipped }
}
