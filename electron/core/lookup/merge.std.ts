// The lookup merge: one status word per CaseID of a package, from the API's answer (cached), the
// manifest and this station's own operations. Pure: the caller reads the store.
import type { OutboxRow } from '../store/store'
import type { CachedCaseAnswer, CaseStatusWord, LookupCase } from '../types'
import { readLookupAnswer, type LookupAnswer } from './answer.std'

/** One case of a cached lookup body, or null when the body does not list it (or cannot be read). */
export function cachedCaseAnswer(listedBy: string, body: string, fetchedAt: number, caseUuid: string): CachedCaseAnswer | null {
  const listed = readLookupAnswer(body)?.cases.get(caseUuid)
  if (!listed) return null
  const { isImported } = listed
  return {
    listedBy,
    fetchedAt,
    isImported,
    importedOn: isImported ? listed.importedOn : null,
    importedInto: isImported ? listed.importedInto : null,
    dispensary: isImported ? listed.dispensary : null
  }
}

const RANK: Record<CaseStatusWord, number> = { Failed: 6, Sending: 5, Queued: 4, 'Not imported': 3, 'Imported elsewhere': 2, Imported: 1 }

/** One row per CaseID: the API's answer, the manifest, and this station's own unconfirmed operations. */
export function mergeCases(
  packageUid: string,
  answer: LookupAnswer | null,
  fetchedAt: number | null,
  manifestCases: { case_uuid: string; packaged_product_uuid: string | null }[],
  ops: OutboxRow[]
): LookupCase[] {
  const apiCases = answer?.cases ?? new Map()
  const order: string[] = []
  const seen = new Set<string>()
  const add = (c: string): void => {
    if (!seen.has(c)) {
      seen.add(c)
      order.push(c)
    }
  }
  for (const c of apiCases.keys()) add(c)
  for (const m of manifestCases) add(m.case_uuid)
  for (const o of ops) add(o.case_uuid)

  return order.map((caseUuid): LookupCase => {
    const a = apiCases.get(caseUuid)
    const api = a ? { isImported: a.isImported, importedOn: a.importedOn, packageUid: a.importedInto, dispensary: a.dispensary } : null
    const manifestPps = manifestCases.filter((m) => m.case_uuid === caseUuid)
    const caseOps = ops.filter((o) => o.case_uuid === caseUuid)
    const pps: string[] = []
    for (const m of manifestPps) if (m.packaged_product_uuid && !pps.includes(m.packaged_product_uuid)) pps.push(m.packaged_product_uuid)
    for (const o of caseOps) if (o.packaged_product_uuid && !pps.includes(o.packaged_product_uuid)) pps.push(o.packaged_product_uuid)

    const fromApi = (): { status: CaseStatusWord; detail: string | null } => {
      if (!api || !api.isImported) return { status: 'Not imported', detail: null }
      if (api.packageUid === packageUid) return { status: 'Imported', detail: null }
      const where = api.packageUid ? `into ${api.packageUid}` : 'by another company'
      const disp = api.dispensary ? ` (${api.dispensary.name}${api.dispensary.state ? `, ${api.dispensary.state}` : ''})` : ''
      return { status: 'Imported elsewhere', detail: `imported ${where}${disp}` }
    }
    const fromOp = (o: OutboxRow | undefined, multi: boolean): { status: CaseStatusWord; detail: string | null } => {
      if (!o) return multi ? { status: api?.isImported && api.packageUid !== packageUid ? fromApi().status : 'Not imported', detail: null } : fromApi()
      const what = o.operation === 'import' ? 'import' : 'remove'
      switch (o.state) {
        case 'pending':
          return { status: 'Queued', detail: `${what} queued${o.last_error ? ` (${o.last_error})` : ''}` }
        case 'in_flight':
          return { status: 'Sending', detail: `${what} being sent` }
        case 'failed':
          return { status: 'Failed', detail: o.api_message ?? o.last_error }
        default:
          // Done: the API's answer wins when it came after our operation (someone else changed it since).
          if (fetchedAt !== null && o.done_at !== null && fetchedAt > o.done_at && !multi) return fromApi()
          if (o.operation === 'import') return { status: 'Imported', detail: o.outcome === 'already_imported' ? 'already imported' : null }
          return { status: 'Not imported', detail: 'removed' }
      }
    }
    const lastFor = (pp: string | null): OutboxRow | undefined => {
      let last: OutboxRow | undefined
      for (const o of caseOps) {
        if (o.state === 'cancelled') continue
        if (pp === null || o.packaged_product_uuid === pp || (o.operation === 'remove' && o.packaged_product_uuid === null)) last = o
      }
      return last
    }
    const multi = pps.length > 1
    const packagedProducts = pps.map((uuid) => ({ uuid, ...fromOp(lastFor(uuid), multi) }))
    let top: { status: CaseStatusWord; detail: string | null }
    if (packagedProducts.length === 0) top = fromOp(lastFor(null), false)
    else top = packagedProducts.reduce((best, p) => (RANK[p.status] > RANK[best.status] ? { status: p.status, detail: p.detail } : best), { status: packagedProducts[0]!.status, detail: packagedProducts[0]!.detail })
    return {
      caseUuid,
      status: top.status,
      detail: top.detail,
      importedOn: api?.importedOn ?? null,
      importedInto: api?.packageUid ?? null,
      dispensary: api?.dispensary ?? null,
      api,
      onManifest: manifestPps.length > 0,
      packagedProducts
    }
  })
}
