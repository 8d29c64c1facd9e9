// The manager's day, as plain functions over the day's operations: state groups, totals, the
// imports-per-hour chart, filters, search and sorting. No SQL here (see review.ts and the store).
import type { DayOperationRow } from '../types'
import { exportState } from './csv.std'
import { isoInZone } from './time.std'

/** What a manager filters by: where an operation stands now. */
export const STATE_GROUPS = ['imported', 'removed', 'queued', 'failed', 'cancelled'] as const
export type StateGroup = (typeof STATE_GROUPS)[number]

export interface UndoInfo {
  /** The remove's outbox id. */
  id: number
  time: string
  state: DayOperationRow['state']
  stateWord: string
  operator: string | null
  reason: string | null
}

export interface ReviewRow extends DayOperationRow {
  /** The same words as the CSV's state column. */
  stateWord: string
  group: StateGroup
  attempts: number
  /** For an import: the remove that undid it (queued or done), with who and why. */
  undoneBy: UndoInfo | null
  /** An import that is imported or still queued, not undone yet. */
  canUndo: boolean
}

export function stateGroup(r: Pick<DayOperationRow, 'operation' | 'state'>): StateGroup {
  switch (r.state) {
    case 'done':
      return r.operation === 'import' ? 'imported' : 'removed'
    case 'pending':
    case 'in_flight':
      return 'queued'
    case 'failed':
      return 'failed'
    case 'cancelled':
      return 'cancelled'
  }
}

export function withState(r: DayOperationRow, attempts: number, undoneBy: UndoInfo | null): ReviewRow {
  const undoable = r.operation === 'import' && (r.state === 'done' || r.state === 'pending' || r.state === 'in_flight')
  return { ...r, stateWord: exportState(r), group: stateGroup(r), attempts, undoneBy, canUndo: undoable && undoneBy === null }
}

export interface DayTotals {
  operations: number
  imports: number
  removes: number
  /** Imports the API confirmed (imported or already imported into that package). */
  imported: number
  /** Removes the API confirmed. */
  removed: number
  /** Waiting to be sent or being sent. */
  queued: number
  failed: number
  /** Undone before they were sent, or discarded by a person. */
  cancelled: number
}

export function totals(rows: readonly ReviewRow[]): DayTotals {
  const t: DayTotals = { operations: rows.length, imports: 0, removes: 0, imported: 0, removed: 0, queued: 0, failed: 0, cancelled: 0 }
  for (const r of rows) {
    if (r.operation === 'import') t.imports++
    else t.removes++
    t[r.group]++
  }
  return t
}

export interface HourBucket {
  /** ISO time (with offset) of the hour's first instant. */
  start: string
  /** Local wall-clock hour, e.g. "01:00"; on a fall-back day the repeated hour carries its offset. */
  label: string
  imported: number
  queued: number
  failed: number
  /** Imports cancelled or later undone are not counted in the three above. */
  other: number
}

/**
 * Imports per hour of the local day: one bucket per real hour between the day's bounds, so a
 * spring-forward day has 23 and a fall-back day 25.
 */
export function importsPerHour(rows: readonly ReviewRow[], start: number, end: number, tz: string): HourBucket[] {
  const buckets: HourBucket[] = []
  for (let t = start; t < end; t += 3_600_000) {
    const iso = isoInZone(t, tz)
    buckets.push({ start: iso, label: iso.slice(11, 16), imported: 0, queued: 0, failed: 0, other: 0 })
  }
  const seen = new Map<string, number>()
  for (const b of buckets) seen.set(b.label, (seen.get(b.label) ?? 0) + 1)
  for (const b of buckets) if ((seen.get(b.label) ?? 0) > 1) b.label = `${b.label} (${b.start.slice(-6)})`
  for (const r of rows) {
    if (r.operation !== 'import') continue
    const b = buckets[Math.floor((r.at - start) / 3_600_000)]
    if (!b) continue
    if (r.undoneBy !== null || r.group === 'cancelled') b.other++
    else if (r.group === 'imported') b.imported++
    else if (r.group === 'failed') b.failed++
    else b.queued++
  }
  return buckets
}

export const SORT_KEYS = ['time', 'operation', 'state', 'operator', 'package', 'product', 'case'] as const
export type SortKey = (typeof SORT_KEYS)[number]

export interface RowQuery {
  operator?: string | null
  state?: StateGroup | null
  packageUid?: string | null
  /** Any ID or a part of it (CaseID, packaged product, Package UID, POS ids, SKU), or a product name. */
  search?: string | null
  sort?: SortKey
  direction?: 'asc' | 'desc'
}

/** Rows without an operator are filtered with this name. */
export const NO_OPERATOR = '(none)'

export function matches(r: ReviewRow, q: RowQuery): boolean {
  if (q.operator && (r.operator ?? NO_OPERATOR) !== q.operator) return false
  if (q.state && r.group !== q.state) return false
  if (q.packageUid && r.packageUid !== q.packageUid) return false
  const needle = q.search?.trim().toLowerCase()
  if (needle) {
    const hay = [r.caseUuid, r.packagedProductUuid, r.packageUid, r.posProductId, r.posInventoryId, r.sku, r.productName]
    if (!hay.some((v) => v !== null && v.toLowerCase().includes(needle))) return false
  }
  return true
}

const sortValue: Record<SortKey, (r: ReviewRow) => string | number> = {
  time: (r) => r.at,
  operation: (r) => r.operation,
  state: (r) => r.stateWord,
  operator: (r) => r.operator ?? '',
  package: (r) => r.packageUid,
  product: (r) => r.productName ?? '',
  case: (r) => r.caseUuid
}

/** Filters and sorts; ties keep time order (then id; reversed with the time sort), so a sort is repeatable. */
export function selectRows(rows: readonly ReviewRow[], q: RowQuery): ReviewRow[] {
  const key = sortValue[q.sort ?? 'time']
  const sign = q.direction === 'desc' ? -1 : 1
  return rows
    .filter((r) => matches(r, q))
    .sort((a, b) => {
      const x = key(a)
      const y = key(b)
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
      if (c !== 0) return c * sign
      return (a.at - b.at || a.id - b.id) * (q.sort === undefined || q.sort === 'time' ? sign : 1)
    })
}

export function distinctOperators(rows: readonly ReviewRow[]): string[] {
  return [...new Set(rows.map((r) => r.operator ?? NO_OPERATOR))].sort((a, b) => a.localeCompare(b))
}

export interface DayApi {
  /** The name a person recognises, with the client id when two of the day's APIs share a name. */
  name: string
  operations: number
}

/** The APIs of a day's operations, most used first (a day normally has one). */
export function dayApis(rows: readonly DayOperationRow[]): DayApi[] {
  const byBinding = new Map<string, { row: DayOperationRow; operations: number }>()
  for (const r of rows) {
    const key = `${r.api.url} ${r.api.clientId}`
    const seen = byBinding.get(key)
    if (seen) seen.operations++
    else byBinding.set(key, { row: r, operations: 1 })
  }
  const names = [...byBinding.values()].map((b) => b.row.apiName)
  return [...byBinding.values()]
    .map(({ row, operations }) => ({
      name: names.filter((n) => n === row.apiName).length > 1 && row.api.clientId ? `${row.apiName} (client ${row.api.clientId})` : row.apiName,
      operations
    }))
    .sort((a, b) => b.operations - a.operations || a.name.localeCompare(b.name))
}

/** What the top of the review says when a day's operations went to more than one API, else null. */
export function mixedApisNotice(apis: readonly DayApi[]): string | null {
  if (apis.length < 2) return null
  return `This day mixes APIs: ${apis.map((a) => `${a.name} (${a.operations} operation${a.operations === 1 ? '' : 's'})`).join(', ')}. Each row says which API it was for.`
}

export function distinctPackages(rows: readonly ReviewRow[]): string[] {
  return [...new Set(rows.map((r) => r.packageUid))].sort()
}
