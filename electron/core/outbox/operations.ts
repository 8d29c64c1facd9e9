// The outbox as operators and the command line use it: imports and removes validated, bound to their
// API and committed before the answer; the queue, retries, discards; the worker started, woken, drained.
import { apiBindingOf, sameApi, type ApiBinding } from '../settings/apiBinding.std'
import type { Settings } from '../settings/settings'
import { dayBounds, localDate } from '../review/time.std'
import { apiColumns, toItem, type EnqueueValues, type OutboxRow, type Store } from '../store/store'
import type { ImportInput, OutboxItem, QueueCounts, RemoveInput } from '../types'
import { StationError, optionalText, packageUid as checkPackageUid, requiredText, shortUuid } from '../validate.std'
import { waitReasons } from './waiting.std'
import type { Worker } from './worker'

export interface DrainReport {
  ok: boolean
  reason: 'drained' | 'timeout' | 'paused' | 'blocked'
  pending: number
  in_flight: number
  blocked: number
  failed: number
  other_api: number
}

export interface OutboxQueue {
  counts: QueueCounts
  /** Items not sent and bound to another API than the current one, per API name ("waiting for ..."). */
  waiting: { api: string; count: number }[]
  items: OutboxItem[]
}

export interface OutboxOperationsOptions {
  store: Store
  settings: Settings
  worker: Worker
  now: () => number
  /** Whether the queue is paused (refused credentials). */
  paused: () => boolean
  /** Publishes what a write changed (the change feed). */
  changed: () => void
  isClosed: () => boolean
}

/** The rows bound to one API. */
export function ofApi(rows: OutboxRow[], api: ApiBinding): OutboxRow[] {
  return rows.filter((r) => sameApi({ url: r.api_url, clientId: r.api_client_id }, api))
}

export class OutboxOperations {
  constructor(private readonly o: OutboxOperationsOptions) {}

  private currentApi(): ApiBinding {
    return apiBindingOf(this.o.settings.get())
  }

  private operator(): string | null {
    return this.o.settings.get().operator || null
  }

  /** After a write: publish it and let the worker look at the queue. */
  private wrote(): void {
    this.o.changed()
    this.o.worker.wake()
  }

  private importValues(input: ImportInput): EnqueueValues {
    const s = this.o.settings.get()
    return {
      operation: 'import',
      case_uuid: shortUuid('caseUuid', input.caseUuid),
      packaged_product_uuid: shortUuid('packagedProductUuid', input.packagedProductUuid),
      package_uid: checkPackageUid('packageUid', input.packageUid),
      pos_product_id: requiredText('posProductId', input.posProductId),
      pos_inventory_id: requiredText('posInventoryId', input.posInventoryId),
      sku: optionalText('sku', input.sku, 128),
      reason: null,
      operator: optionalText('operator', input.operator, 100) ?? (s.operator || null),
      station: s.stationName,
      source: optionalText('source', input.source, 32),
      ...apiColumns(apiBindingOf(s))
    }
  }

  /** Validated, then committed (outbox row + journal row, one transaction) before it returns. Sends nothing. */
  enqueueImport(input: ImportInput): OutboxItem {
    const values = this.importValues(input)
    const row = this.o.store.enqueue(values, this.o.now())
    this.wrote()
    return toItem(row, this.currentApi())
  }

  /** Several imports: every one validated first, then all committed in one transaction, or none. */
  enqueueImports(inputs: ImportInput[]): OutboxItem[] {
    const values = inputs.map((input, i) => {
      try {
        return this.importValues(input)
      } catch (err) {
        if (err instanceof StationError) throw new StationError('invalid', `item ${i + 1}: ${err.message}`, err.field)
        throw err
      }
    })
    const rows = this.o.store.enqueueMany(values, this.o.now())
    this.wrote()
    const current = this.currentApi()
    return rows.map((r) => toItem(r, current))
  }

  /**
   * Queues a remove, or, when it undoes an import never sent (same case, packaged product, package),
   * cancels both locally and returns them.
   */
  enqueueRemove(input: RemoveInput, api?: ApiBinding): OutboxItem | { cancelled: OutboxItem[] } {
    const s = this.o.settings.get()
    const caseUuid = shortUuid('caseUuid', input.caseUuid)
    const packageUid = checkPackageUid('packageUid', input.packageUid)
    const packagedProductUuid = input.packagedProductUuid ? shortUuid('packagedProductUuid', input.packagedProductUuid) : null
    // A remove undoes an import: it goes to that import's API (the latest one), never to whatever the station points at now.
    const target = api ?? this.o.store.latestImportApi(caseUuid, packageUid, packagedProductUuid) ?? apiBindingOf(s)
    const values = {
      case_uuid: caseUuid,
      package_uid: packageUid,
      packaged_product_uuid: packagedProductUuid,
      reason: optionalText('reason', input.reason, 500),
      operator: optionalText('operator', input.operator, 100) ?? (s.operator || null),
      station: s.stationName,
      source: optionalText('source', input.source, 32),
      ...apiColumns(target)
    }
    const r = this.o.store.enqueueRemove(values, this.o.now())
    this.wrote()
    const current = this.currentApi()
    if ('queued' in r) return toItem(r.queued, current)
    return { cancelled: r.cancelled.map((row) => toItem(row, current)) }
  }

  item(id: number): OutboxItem | null {
    const r = this.o.store.item(id)
    return r ? toItem(r, this.currentApi()) : null
  }

  /**
   * The queue as every face says it. Items: every item not done (pending, in flight, failed) plus the
   * ones done or cancelled since the start of today in the station's time zone, oldest first, each
   * pending one held back with what it waits for (with { all: true }: every item ever). Counts over
   * the whole outbox, except that what waits for another API is not pending or in flight here: it is
   * counted under `waiting`, per API.
   */
  queue(opts: { all?: boolean } = {}): OutboxQueue {
    const tz = this.o.settings.get().timeZone
    const start = dayBounds(localDate(this.o.now(), tz), tz).start
    const current = this.currentApi()
    // Items not done are always listed, so the ones waiting for another API are all among them.
    const listed = this.o.store.listItems(opts.all ? null : start).map((r) => toItem(r, current))
    const reasons = waitReasons(listed, this.o.now(), this.o.paused())
    const items = listed.map((item) => ({ ...item, waiting: reasons.get(item.id) ?? null }))
    const counts = this.o.store.counts()
    const waitingIn = (state: string) => items.filter((item) => item.waitingFor !== null && item.state === state).length
    const waiting = new Map<string, number>()
    for (const item of items) if (item.waitingFor !== null) waiting.set(item.waitingFor, (waiting.get(item.waitingFor) ?? 0) + 1)
    return {
      counts: { ...counts, pending: counts.pending - waitingIn('pending'), in_flight: counts.in_flight - waitingIn('in_flight') },
      waiting: [...waiting].map(([api, count]) => ({ api, count })),
      items
    }
  }

  /** Cases whose import was confirmed (imported or already imported) today, in the station's time zone: a multi-batch case counts once. */
  importedToday(): number {
    const tz = this.o.settings.get().timeZone
    const { start } = dayBounds(localDate(this.o.now(), tz), tz)
    const done = this.o.store.listItems(start).filter((r) => r.operation === 'import' && r.state === 'done' && (r.done_at ?? 0) >= start)
    return new Set(done.map((r) => `${r.case_uuid}|${r.package_uid}`)).size
  }

  /**
   * This station's operations on a case for the current API, oldest first. What the receiving screen
   * shows and decides from is the current API's: an import into another LucidRetail (the demo sandbox,
   * a test account) neither makes a case imported here nor keeps it from being received here.
   */
  operationsOnCase(caseUuid: string): OutboxItem[] {
    const current = this.currentApi()
    return ofApi(this.o.store.opsOfCase(caseUuid), current).map((r) => toItem(r, current))
  }

  retry(id: number): void {
    const r = this.o.store.retry(id, this.o.now(), this.operator())
    if (!r) throw new StationError('not_found', `item ${id} is not a failed item`)
    this.wrote()
  }

  retryFailed(): number {
    const rows = this.o.store.retryFailed(this.o.now(), this.operator())
    this.wrote()
    return rows.length
  }

  /** Only a failed item can be discarded: it is kept, marked discarded, with who did it. */
  discard(id: number, reason?: string): void {
    const why = optionalText('reason', reason, 500)
    const r = this.o.store.discard(id, this.o.now(), this.operator(), why)
    if (!r) throw new StationError('not_found', `item ${id} is not a failed item`)
    this.wrote()
  }

  startWorker(): void {
    if (this.o.isClosed()) throw new StationError('unavailable', 'the station is closed')
    this.o.worker.start()
  }

  /** Wakes the worker and skips backoff waits (a Retry-After from the API is still honoured). */
  syncNow(): void {
    this.o.worker.wake(true)
    if (!this.o.worker.isRunning) this.o.changed()
  }

  /**
   * Runs the worker until nothing for the current API is pending or in flight (ok); operations
   * bound to another API wait for it (other_api). Gives up at the timeout, when the queue is
   * paused, or when all that is left waits behind failed items of the same case.
   */
  async drain(opts: { timeoutMs?: number } = {}): Promise<DrainReport> {
    const started = this.o.worker.isRunning
    this.startWorker()
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : Number.POSITIVE_INFINITY
    let blockedSince: number | null = null
    try {
      for (;;) {
        const st = this.o.store.drainState(this.currentApi())
        const failed = this.o.store.counts().failed
        if (st.pending === 0 && st.in_flight === 0) return { ok: true, reason: 'drained', ...st, failed }
        if (this.o.paused()) return { ok: false, reason: 'paused', ...st, failed }
        if (st.in_flight === 0 && st.pending === st.blocked) {
          blockedSince ??= Date.now()
          if (Date.now() - blockedSince > 300) return { ok: false, reason: 'blocked', ...st, failed }
        } else blockedSince = null
        if (Date.now() >= deadline) return { ok: false, reason: 'timeout', ...st, failed }
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      if (!started) await this.o.worker.stop()
    }
  }
}
