// The manager's review of one local day: every import and remove queued that day with where it
// stands now, totals, imports per hour, discrepancies against the manifest. Everything is read
// from queries bounded by the day (see ReviewStore), in one read snapshot.
import type { OutboxRow, ReviewOpColumns, ReviewOpDbRow, ReviewStore } from '../store/store'
import type { DayOperationRow } from '../types'
import { StationError } from '../validate.std'
import { apiName } from '../settings/apiBinding.std'
import { exportState } from './csv.std'
import {
  dayApis,
  mixedApisNotice,
  distinctOperators,
  distinctPackages,
  importsPerHour,
  selectRows,
  totals,
  withState,
  type DayApi,
  type DayTotals,
  type HourBucket,
  type ReviewRow,
  type RowQuery,
  type UndoInfo
} from './day.std'
import { discrepancies, type Discrepancies } from './discrepancies.std'
import { dayBounds, isoInZone, localDate } from './time.std'

export interface ReviewQuery extends RowQuery {
  /** YYYY-MM-DD; default today in the time zone. */
  date?: string | null
  /** Rows returned at most (the totals, chart and discrepancies always cover the whole day). */
  limit?: number
}

export interface ReviewDay {
  date: string
  today: string
  timeZone: string
  /** The day's first instant and the next day's, ISO with offset (23, 24 or 25 hours apart). */
  start: string
  end: string
  hours: number
  totals: DayTotals
  hourly: HourBucket[]
  operators: string[]
  packages: string[]
  /** The APIs the day's operations were for, and a notice when there is more than one. */
  apis: DayApi[]
  mixedApis: string | null
  /** The rows that match the filters, sorted, at most `limit`. */
  rows: ReviewRow[]
  matched: number
  /** Every failed operation of the day, whatever the filters (the report's failures section). */
  failures: ReviewRow[]
  discrepancies: Discrepancies
}

export const DEFAULT_ROW_LIMIT = 1000

function dayRow(r: ReviewOpColumns & { product_name: string | null; pkg_sku: string | null }, tz: string): DayOperationRow {
  return {
    id: r.id,
    at: r.created_at,
    time: isoInZone(r.created_at, tz),
    operation: r.operation,
    state: r.state,
    outcome: r.outcome,
    operator: r.operator,
    station: r.station,
    packageUid: r.package_uid,
    productName: r.product_name,
    sku: r.sku ?? r.pkg_sku,
    posProductId: r.pos_product_id,
    posInventoryId: r.pos_inventory_id,
    caseUuid: r.case_uuid,
    packagedProductUuid: r.packaged_product_uuid,
    apiMessage: r.api_message ?? (r.state === 'failed' || r.state === 'pending' ? r.last_error : null),
    reason: r.reason,
    api: { url: r.api_url, clientId: r.api_client_id },
    apiName: apiName(r.api_url)
  }
}

type RemoveColumns = Pick<OutboxRow, 'id' | 'created_at' | 'state' | 'outcome' | 'operator' | 'reason'>

function undoInfo(remove: RemoveColumns, tz: string): UndoInfo {
  return {
    id: remove.id,
    time: isoInZone(remove.created_at, tz),
    state: remove.state,
    stateWord: exportState(remove),
    operator: remove.operator,
    reason: remove.reason
  }
}

function reviewRows(store: ReviewStore, dbRows: ReviewOpDbRow[], tz: string): ReviewRow[] {
  const inDay = new Map<number, RemoveColumns>(dbRows.map((r) => [r.id, r]))
  const missing = [...new Set(dbRows.map((r) => r.undone_by).filter((id): id is number => id !== null && !inDay.has(id)))]
  for (const r of store.itemsById(missing)) inDay.set(r.id, r)
  return dbRows.map((r) => {
    const remove = r.undone_by !== null ? inDay.get(r.undone_by) : undefined
    return withState(dayRow(r, tz), r.attempts, remove ? undoInfo(remove, tz) : null)
  })
}

/** Every import and remove queued on the local day `date` in `tz`, oldest first. The CSV export's rows. */
export function dayRows(store: ReviewStore, date: string, tz: string): ReviewRow[] {
  const { start, end } = dayBounds(date, tz)
  return store.snapshot(() => reviewRows(store, store.dayOps(start, end), tz))
}

export function reviewDay(store: ReviewStore, query: ReviewQuery, tz: string, now: number): ReviewDay {
  const today = localDate(now, tz)
  const date = query.date ?? today
  const { start, end } = dayBounds(date, tz)
  const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_ROW_LIMIT, 10_000))
  return store.snapshot(() => {
    const dbRows = store.dayOps(start, end)
    const all = reviewRows(store, dbRows, tz)
    const manifestToday = store.manifestPackagesUpdated(start, end).map((p) => p.package_uid)
    const touched = distinctPackages(all)
    const uids = [...new Set([...manifestToday, ...touched])]
    const selected = selectRows(all, query)
    const apis = dayApis(all)
    return {
      date,
      today,
      timeZone: tz,
      start: isoInZone(start, tz),
      end: isoInZone(end, tz),
      hours: Math.round((end - start) / 3_600_000),
      totals: totals(all),
      hourly: importsPerHour(all, start, end, tz),
      operators: distinctOperators(all),
      packages: touched,
      apis,
      mixedApis: mixedApisNotice(apis),
      rows: selected.slice(0, limit),
      matched: selected.length,
      failures: all.filter((r) => r.group === 'failed'),
      discrepancies: discrepancies({
        rows: all,
        packages: store.packagesByUid(uids),
        cases: store.casesOfPackages(uids),
        ops: [...dbRows.filter((r) => r.state !== 'cancelled'), ...store.opsOfPackagesOutside(uids, start, end)].sort((a, b) => a.id - b.id),
        lookups: store.cacheOfPackages(uids)
      })
    }
  })
}

/** The import a manager wants to undo, checked: it must be imported or still queued, and not undone yet. */
export function undoTarget(store: ReviewStore, id: number): ReviewOpDbRow {
  const r = store.reviewOp(id)
  if (!r) throw new StationError('not_found', `there is no operation ${id}`)
  if (r.operation !== 'import') throw new StationError('invalid', `operation ${id} is a remove, not an import`)
  if (r.undone_by !== null) throw new StationError('conflict', `the import of CaseID ${r.case_uuid} was already undone`)
  if (r.state === 'failed') throw new StationError('invalid', `the import of CaseID ${r.case_uuid} failed, so nothing was imported: discard it from the queue instead`)
  if (r.state === 'cancelled') throw new StationError('invalid', `the import of CaseID ${r.case_uuid} was cancelled: nothing to undo`)
  return r
}

/** A reason is required for an undo, so the journal says why. */
export function undoReason(reason: unknown): string {
  const t = typeof reason === 'string' ? reason.trim() : ''
  if (t === '') throw new StationError('invalid', 'a reason is required to undo an import', 'reason')
  if (t.length > 500) throw new StationError('invalid', 'the reason must be at most 500 characters', 'reason')
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(t)) throw new StationError('invalid', 'the reason must be one line of text', 'reason')
  return t
}
