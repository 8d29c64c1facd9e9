// The manager's day as the station serves it: the journal and the operations of a local day, the
// review (totals, filters, discrepancies), the day's CSV and the undo of an import.
import type { OutboxOperations } from '../outbox/operations'
import type { Settings } from '../settings/settings'
import type { JournalDbRow, ReviewStore, Store } from '../store/store'
import type { DayOperationRow, JournalRow, OutboxItem } from '../types'
import { dayCsv } from './csv.std'
import { dayRows, reviewDay, undoReason, undoTarget, type ReviewDay, type ReviewQuery } from './review.std'
import { dayBounds, isoInZone } from './time.std'

export interface DayReviewOptions {
  store: Store
  reviewStore: ReviewStore
  settings: Settings
  operations: OutboxOperations
  now: () => number
}

function journalRow(r: JournalDbRow, tz: string): JournalRow {
  return {
    id: r.id,
    at: r.at,
    time: isoInZone(r.at, tz),
    event: r.event,
    outboxId: r.outbox_id,
    operation: r.operation,
    state: r.state,
    outcome: r.outcome,
    operator: r.operator,
    station: r.station,
    caseUuid: r.case_uuid,
    packagedProductUuid: r.packaged_product_uuid,
    packageUid: r.package_uid,
    apiMessage: r.api_message,
    reason: r.reason,
    detail: r.detail,
    api: r.api_url === null ? null : { url: r.api_url, clientId: r.api_client_id ?? '' }
  }
}

export class DayReview {
  constructor(private readonly o: DayReviewOptions) {}

  private zone(tz?: string): string {
    return tz ?? this.o.settings.get().timeZone
  }

  /** The journal rows of a local day (default zone: the station's). */
  journalForDay(date: string, tz?: string): JournalRow[] {
    const zone = this.zone(tz)
    const { start, end } = dayBounds(date, zone)
    return this.o.store.journalBetween(start, end).map((r) => journalRow(r, zone))
  }

  /** Every import and remove queued that day (local day in tz), with its current state. */
  operationsForDay(date: string, tz?: string): DayOperationRow[] {
    return dayRows(this.o.reviewStore, date, this.zone(tz))
  }

  /** The manager's day: filtered and sorted rows, totals, imports per hour, discrepancies. Default: today. */
  reviewDay(query: ReviewQuery = {}, tz?: string): ReviewDay {
    return reviewDay(this.o.reviewStore, query, this.zone(tz), this.o.now())
  }

  /**
   * Undoes an import with a remove through the outbox (or cancels both locally when it was never
   * sent). The reason is required; it and the operator go into the outbox row and the journal.
   */
  undoImport(id: number, reason: string, operator?: string | null): OutboxItem | { cancelled: OutboxItem[] } {
    const why = undoReason(reason)
    const target = undoTarget(this.o.reviewStore, id)
    return this.o.operations.enqueueRemove(
      {
        caseUuid: target.case_uuid,
        packageUid: target.package_uid,
        packagedProductUuid: target.packaged_product_uuid,
        reason: why,
        operator: operator ?? null,
        source: 'review'
      },
      { url: target.api_url, clientId: target.api_client_id }
    )
  }

  /** The day's CSV (columns: core/review/csv.std.ts EXPORT_COLUMNS) and how many operations it lists, read once. */
  exportDayCsv(date: string, tz?: string): { csv: string; rows: number } {
    const rows = this.operationsForDay(date, tz)
    return { csv: dayCsv(rows), rows: rows.length }
  }
}
