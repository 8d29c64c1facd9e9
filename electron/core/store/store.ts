// Every SQL statement of the station lives in this file (migrations aside, in migrations.ts).
import type { Db } from './db'
import type { SettingsCopy } from './settingsCopy'
import type { WriteGuard } from './writeGuard'
import { apiName, waitingForApi, type ApiBinding } from '../settings/apiBinding.std'
import type { ItemOutcome, ItemState, ManifestRow, Operation, OutboxItem, QueueCounts } from '../types'

export interface OutboxRow {
  id: number
  operation: Operation
  case_uuid: string
  packaged_product_uuid: string | null
  package_uid: string
  pos_product_id: string | null
  pos_inventory_id: string | null
  sku: string | null
  reason: string | null
  operator: string | null
  station: string | null
  source: string | null
  state: ItemState
  outcome: ItemOutcome | null
  api_message: string | null
  last_error: string | null
  attempts: number
  created_at: number
  updated_at: number
  next_attempt_at: number
  last_attempt_at: number | null
  done_at: number | null
  claimed_by: string | null
  lease_until: number | null
  cancelled_with: number | null
  /** The API the operation is for (see settings/apiBinding.std.ts). */
  api_url: string
  api_client_id: string
}

export interface JournalDbRow {
  id: number
  at: number
  event: string
  outbox_id: number | null
  operation: Operation | null
  state: ItemState | null
  outcome: string | null
  operator: string | null
  station: string | null
  case_uuid: string | null
  packaged_product_uuid: string | null
  package_uid: string | null
  api_message: string | null
  reason: string | null
  detail: string | null
  api_url: string | null
  api_client_id: string | null
}

/** The journal's columns a write may leave out (NULL then); `Store.journal` and its INSERT both follow this list. */
const JOURNAL_OPTIONAL_COLUMNS = ['outbox_id', 'operation', 'state', 'outcome', 'operator', 'station', 'case_uuid', 'packaged_product_uuid', 'package_uid', 'api_message', 'reason', 'detail', 'api_url', 'api_client_id'] as const satisfies readonly (keyof JournalDbRow)[]
const JOURNAL_COLUMNS = ['at', 'event', ...JOURNAL_OPTIONAL_COLUMNS]

export interface PackageRow {
  package_uid: string
  pos_product_id: string
  pos_inventory_id: string
  sku: string
  product_name: string
  on_manifest: number
  updated_at: number
}

export interface PackageCaseRow {
  package_uid: string
  case_uuid: string
  packaged_product_uuid: string | null
  line: number | null
  on_manifest: number
}

/** The columns a new operation is written with; the others (state, attempts, times, lease) are the store's. */
export type EnqueueValues = Pick<
  OutboxRow,
  'operation' | 'case_uuid' | 'packaged_product_uuid' | 'package_uid' | 'pos_product_id' | 'pos_inventory_id' | 'sku' | 'reason' | 'operator' | 'station' | 'source' | 'api_url' | 'api_client_id'
>

/** current: the API the station points at now, to say what an item bound to another one waits for. */
export function toItem(r: OutboxRow, current: ApiBinding | null = null): OutboxItem {
  const api = { url: r.api_url, clientId: r.api_client_id }
  return {
    id: r.id,
    operation: r.operation,
    state: r.state,
    outcome: r.outcome,
    caseUuid: r.case_uuid,
    packagedProductUuid: r.packaged_product_uuid,
    packageUid: r.package_uid,
    posProductId: r.pos_product_id,
    posInventoryId: r.pos_inventory_id,
    sku: r.sku,
    reason: r.reason,
    operator: r.operator,
    station: r.station,
    source: r.source,
    attempts: r.attempts,
    queuedAt: new Date(r.created_at).toISOString(),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
    lastAttemptAt: r.last_attempt_at,
    doneAt: r.done_at,
    apiMessage: r.api_message,
    lastError: r.last_error,
    message: r.api_message ?? r.last_error,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until,
    cancelledWith: r.cancelled_with,
    api,
    apiName: apiName(api.url),
    waitingFor: waitingForApi({ state: r.state, api }, current),
    waiting: null
  }
}

export type ClaimResult =
  | { kind: 'claimed'; row: OutboxRow }
  | { kind: 'none' }
  | { kind: 'rate_limited'; until: number }

export interface FinishPatch {
  state: ItemState
  outcome: ItemOutcome | null
  apiMessage: string | null
  lastError: string | null
  nextAttemptAt?: number
  event: string
}

/**
 * The limiter's window: the API counts a minute, the station counts 61 s, so that a request that
 * spent up to a second in transit (or queued behind others) still falls in the station's count when
 * the API counts it. Timestamps are taken when a request is claimed, before it leaves.
 */
export const LIMITER_WINDOW_MS = 61_000

const ACTIVE = `('pending', 'in_flight', 'failed')`

/** The item is for the API given (@api_url, @api_client_id): the only one the worker may send to now. */
const FOR_API = `o.api_url = @api_url AND o.api_client_id = @api_client_id`
/** No earlier not-done item of the same case for the same API exists (FIFO per CaseID and API; APIs are separate systems). */
const FIRST_OF_CASE = `NOT EXISTS (SELECT 1 FROM outbox e WHERE e.case_uuid = o.case_uuid AND e.id < o.id AND e.state IN ${ACTIVE}
    AND e.api_url = o.api_url AND e.api_client_id = o.api_client_id)`

/** An item may go only to its own API, and only when it is the first not done of its case there. */
const ELIGIBLE = `
  o.state IN ('pending', 'in_flight') AND ${FOR_API}
  AND ((o.state = 'pending' AND o.next_attempt_at <= @now) OR (o.state = 'in_flight' AND o.lease_until < @now))
  AND ${FIRST_OF_CASE}`

export class Store {
  private readonly s
  constructor(
    readonly db: Db,
    /** Rewritten after every change of settings (the spare a damaged database's settings come back from). */
    private readonly settingsCopy: SettingsCopy | null = null,
    /**
     * Every write an operator's action makes goes through it: refused once the database file was moved or
     * replaced, storage failures in the operator's words. The store's own tests run without one.
     */
    private readonly writeGuard: WriteGuard | null = null
  ) {
    const p = <T = unknown>(sql: string) => db.prepare<unknown[], T>(sql)
    this.s = {
      settingGet: p<{ value: string }>('SELECT value FROM settings WHERE key = ?'),
      settingAll: p<{ key: string; value: string }>('SELECT key, value FROM settings'),
      settingPut: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      settingDel: p('DELETE FROM settings WHERE key = ?'),

      insertItem: p(`INSERT INTO outbox (operation, case_uuid, packaged_product_uuid, package_uid, pos_product_id, pos_inventory_id,
          sku, reason, operator, station, source, state, attempts, created_at, updated_at, next_attempt_at, api_url, api_client_id)
        VALUES (@operation, @case_uuid, @packaged_product_uuid, @package_uid, @pos_product_id, @pos_inventory_id,
          @sku, @reason, @operator, @station, @source, 'pending', 0, @now, @now, 0, @api_url, @api_client_id)`),
      item: p<OutboxRow>('SELECT * FROM outbox WHERE id = ?'),
      counts: p<{ state: ItemState; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
      listActiveAndRecent: p<OutboxRow>(`SELECT * FROM outbox WHERE id IN
        (SELECT id FROM outbox WHERE state IN ${ACTIVE} UNION ALL SELECT id FROM outbox WHERE updated_at >= ?) ORDER BY id`),
      listAll: p<OutboxRow>('SELECT * FROM outbox ORDER BY id'),
      activeOfCase: p<OutboxRow>(`SELECT * FROM outbox WHERE case_uuid = ? AND state IN ${ACTIVE} ORDER BY id`),
      unsentImports: p<OutboxRow>(`SELECT * FROM outbox WHERE operation = 'import' AND state = 'pending' AND attempts = 0
          AND case_uuid = @case_uuid AND package_uid = @package_uid AND api_url = @api_url AND api_client_id = @api_client_id
          AND (@pp IS NULL OR packaged_product_uuid = @pp) ORDER BY id`),
      cancel: p(`UPDATE outbox SET state = 'cancelled', outcome = 'cancelled', cancelled_with = @with, updated_at = @now, done_at = @now,
          claimed_by = NULL, lease_until = NULL WHERE id = @id`),
      insertCancelledRemove: p(`INSERT INTO outbox (operation, case_uuid, packaged_product_uuid, package_uid, reason, operator, station, source,
          state, outcome, attempts, created_at, updated_at, next_attempt_at, done_at, api_url, api_client_id)
        VALUES ('remove', @case_uuid, @packaged_product_uuid, @package_uid, @reason, @operator, @station, @source,
          'cancelled', 'cancelled', 0, @now, @now, 0, @now, @api_url, @api_client_id)`),

      rateCount: p<{ n: number }>('SELECT count(*) AS n FROM request_log WHERE at > ?'),
      rateNth: p<{ at: number }>('SELECT at FROM request_log WHERE at > ? ORDER BY at LIMIT 1 OFFSET ?'),
      rateInsert: p('INSERT INTO request_log (at) VALUES (?)'),
      ratePrune: p('DELETE FROM request_log WHERE at <= ?'),
      eligible: p<OutboxRow>(`SELECT o.* FROM outbox o WHERE ${ELIGIBLE} ORDER BY o.id LIMIT 1`),
      eligibleFirstAttempt: p<OutboxRow>(`SELECT o.* FROM outbox o WHERE ${ELIGIBLE} AND o.attempts = 0 ORDER BY o.id LIMIT 1`),
      claim: p(`UPDATE outbox SET state = 'in_flight', claimed_by = @worker, lease_until = @lease, attempts = attempts + 1,
          last_attempt_at = @now, updated_at = @now WHERE id = @id`),
      heartbeat: p(`UPDATE outbox SET lease_until = @lease WHERE claimed_by = @worker AND state = 'in_flight'`),
      held: p<{ id: number }>(`SELECT id FROM outbox WHERE claimed_by = ? AND state = 'in_flight'`),
      finish: p(`UPDATE outbox SET state = @state, outcome = @outcome, api_message = @api_message, last_error = @last_error,
          next_attempt_at = @next_attempt_at, updated_at = @now, done_at = @done_at, claimed_by = NULL, lease_until = NULL
        WHERE id = @id AND claimed_by = @worker AND state = 'in_flight'`),
      release: p(`UPDATE outbox SET state = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = @now
        WHERE claimed_by = @worker AND state = 'in_flight'`),
      // The claim counted an attempt; an item given back was not processed by the API, so it does not count.
      releaseOne: p(`UPDATE outbox SET state = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = @now, next_attempt_at = @next,
          attempts = max(attempts - 1, 0)
        WHERE id = @id AND claimed_by = @worker AND state = 'in_flight'`),
      retry: p(`UPDATE outbox SET state = 'pending', outcome = NULL, next_attempt_at = 0, updated_at = @now WHERE id = @id AND state = 'failed'`),
      failedIds: p<{ id: number }>(`SELECT id FROM outbox WHERE state = 'failed' ORDER BY id`),
      discard: p(`UPDATE outbox SET state = 'cancelled', outcome = 'discarded', updated_at = @now, done_at = @now, reason = coalesce(@reason, reason)
        WHERE id = @id AND state = 'failed'`),
      wakeAll: p(`UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending' AND next_attempt_at > 0`),
      pendingWaiting: p<{ pending: number; in_flight: number; blocked: number; other_api: number }>(`SELECT
          (SELECT count(*) FROM outbox o WHERE o.state = 'pending' AND ${FOR_API}) AS pending,
          (SELECT count(*) FROM outbox o WHERE o.state = 'in_flight' AND ${FOR_API}) AS in_flight,
          (SELECT count(*) FROM outbox o WHERE o.state = 'pending' AND ${FOR_API} AND EXISTS
             (SELECT 1 FROM outbox e WHERE e.case_uuid = o.case_uuid AND e.id < o.id AND e.state = 'failed'
                AND e.api_url = o.api_url AND e.api_client_id = o.api_client_id)) AS blocked,
          (SELECT count(*) FROM outbox o WHERE o.state IN ('pending', 'in_flight') AND NOT (${FOR_API})) AS other_api`),
      nextWake: p<{ at: number | null }>(`SELECT min(CASE WHEN o.state = 'pending' THEN o.next_attempt_at ELSE o.lease_until END) AS at
        FROM outbox o WHERE o.state IN ('pending', 'in_flight') AND ${FOR_API} AND ${FIRST_OF_CASE}
          AND (o.state = 'pending' OR o.claimed_by IS NOT @worker)`),
      unsentOfApi: p<{ n: number }>(`SELECT count(*) AS n FROM outbox o WHERE o.state IN ${ACTIVE} AND ${FOR_API}`),
      unsentIdsOfApi: p<{ id: number }>(`SELECT id FROM outbox o WHERE o.state IN ${ACTIVE} AND ${FOR_API} ORDER BY id`),
      discardUnsent: p(`UPDATE outbox SET state = 'cancelled', outcome = 'discarded', updated_at = @now, done_at = @now, reason = @reason,
          claimed_by = NULL, lease_until = NULL WHERE id = @id AND state IN ${ACTIVE}`),
      latestImportApi: p<{ api_url: string; api_client_id: string }>(`SELECT api_url, api_client_id FROM outbox
        WHERE case_uuid = @case_uuid AND package_uid = @package_uid AND operation = 'import' AND state != 'cancelled'
          AND (@pp IS NULL OR packaged_product_uuid = @pp) ORDER BY id DESC LIMIT 1`),
      opsOfPackage: p<OutboxRow>(`SELECT * FROM outbox WHERE package_uid = ? AND state != 'cancelled' ORDER BY id`),
      opsOfCase: p<OutboxRow>(`SELECT * FROM outbox WHERE case_uuid = ? AND state != 'cancelled' ORDER BY id`),

      journalInsert: p(`INSERT INTO journal (${JOURNAL_COLUMNS.join(', ')}) VALUES (${JOURNAL_COLUMNS.map((c) => `@${c}`).join(', ')})`),
      journalSince: p<JournalDbRow>('SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT 5000'),
      journalMax: p<{ id: number | null }>('SELECT max(id) AS id FROM journal'),
      journalBetween: p<JournalDbRow>('SELECT * FROM journal WHERE at >= ? AND at < ? ORDER BY id'),

      pkgDeleteCases: p('DELETE FROM package_case WHERE package_uid = ?'),
      pkgUpsert: p(`INSERT INTO package (package_uid, pos_product_id, pos_inventory_id, sku, product_name, on_manifest, updated_at)
        VALUES (@package_uid, @pos_product_id, @pos_inventory_id, @sku, @product_name, @on_manifest, @now)
        ON CONFLICT (package_uid) DO UPDATE SET pos_product_id = excluded.pos_product_id, pos_inventory_id = excluded.pos_inventory_id,
          sku = excluded.sku, product_name = excluded.product_name, on_manifest = max(package.on_manifest, excluded.on_manifest),
          updated_at = excluded.updated_at`),
      pkgCaseInsert: p(`INSERT OR IGNORE INTO package_case (package_uid, case_uuid, packaged_product_uuid, line, on_manifest)
        VALUES (@package_uid, @case_uuid, @packaged_product_uuid, @line, @on_manifest)`),
      pkgCaseDropUnknownPp: p(`DELETE FROM package_case WHERE package_uid = ? AND case_uuid = ? AND packaged_product_uuid IS NULL`),
      pkgGet: p<PackageRow>('SELECT * FROM package WHERE package_uid = ?'),
      pkgAll: p<PackageRow>('SELECT * FROM package ORDER BY on_manifest DESC, package_uid'),
      pkgCases: p<PackageCaseRow>('SELECT * FROM package_case WHERE package_uid = ? ORDER BY id'),
      pkgCasesAll: p<PackageCaseRow>('SELECT * FROM package_case ORDER BY package_uid, id'),

      cacheGet: p<{ body: string; fetched_at: number }>('SELECT body, fetched_at FROM lookup_cache WHERE package_uid = ?'),
      cacheMentioning: p<{ package_uid: string; body: string; fetched_at: number }>('SELECT package_uid, body, fetched_at FROM lookup_cache WHERE instr(body, ?) > 0'),
      manifestPkgsOfCase: p<{ package_uid: string }>('SELECT DISTINCT package_uid FROM package_case WHERE case_uuid = ? AND on_manifest = 1 ORDER BY package_uid'),
      cachePut: p(`INSERT INTO lookup_cache (package_uid, body, fetched_at) VALUES (?, ?, ?)
        ON CONFLICT (package_uid) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at
        WHERE excluded.fetched_at >= lookup_cache.fetched_at`),
      doneOpsAll: p<OutboxRow>(`SELECT o.* FROM outbox o WHERE o.state != 'cancelled' AND o.package_uid IN (SELECT package_uid FROM package) ORDER BY o.id`)
    }
  }

  // ---------- settings ----------
  getSetting(key: string): string | null {
    return this.s.settingGet.get(key)?.value ?? null
  }
  allSettings(): Record<string, string> {
    return Object.fromEntries(this.s.settingAll.all().map((r) => [r.key, r.value]))
  }
  /** Writes settings (null deletes) and a journal row naming the keys changed, never their values. */
  putSettings(values: Record<string, string | null>, now: number, journal: { event: string; operator: string | null; station: string | null; keys: string[] } | null): void {
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(values)) {
        if (v === null) this.s.settingDel.run(k)
        else this.s.settingPut.run(k, v)
      }
      if (journal) this.journal({ at: now, event: journal.event, operator: journal.operator, station: journal.station, detail: JSON.stringify({ keys: journal.keys }) })
    }).immediate()
    this.settingsCopy?.write(this.allSettings(), now)
  }

  /** A notice for the operator (a settings row, kept until dismissed) with its journal row, in one transaction. */
  private guarded<T>(write: () => T): T {
    return this.writeGuard ? this.writeGuard.save(write) : write()
  }

  putNotice(key: string, value: string | null, now: number, journal: { event: string; station: string | null; detail: string }): void {
    return this.guarded(() => {
      this.db.transaction(() => {
        if (value === null) this.s.settingDel.run(key)
        else this.s.settingPut.run(key, value)
        this.journal({ at: now, event: journal.event, station: journal.station, detail: journal.detail })
      }).immediate()
    })
  }

  // ---------- journal ----------
  journal(r: Partial<JournalDbRow> & { at: number; event: string }): void {
    const row: { [column: string]: unknown } = { at: r.at, event: r.event }
    for (const column of JOURNAL_OPTIONAL_COLUMNS) row[column] = r[column] ?? null
    this.s.journalInsert.run(row)
  }
  private journalItem(row: OutboxRow, event: string, at: number, extra: { operator?: string | null; detail?: string | null } = {}): void {
    this.journal({
      at,
      event,
      outbox_id: row.id,
      operation: row.operation,
      state: row.state,
      outcome: row.outcome,
      operator: extra.operator !== undefined ? extra.operator : row.operator,
      station: row.station,
      case_uuid: row.case_uuid,
      packaged_product_uuid: row.packaged_product_uuid,
      package_uid: row.package_uid,
      api_message: row.api_message ?? row.last_error,
      reason: row.reason,
      detail: extra.detail ?? null,
      api_url: row.api_url,
      api_client_id: row.api_client_id
    })
  }
  journalSince(id: number): JournalDbRow[] {
    return this.s.journalSince.all(id)
  }
  journalMaxId(): number {
    return this.s.journalMax.get()?.id ?? 0
  }
  journalBetween(start: number, end: number): JournalDbRow[] {
    return this.s.journalBetween.all(start, end)
  }

  // ---------- outbox ----------
  item(id: number): OutboxRow | null {
    return this.s.item.get(id) ?? null
  }
  counts(): QueueCounts {
    const c: QueueCounts = { pending: 0, in_flight: 0, failed: 0, done: 0, cancelled: 0 }
    for (const r of this.s.counts.all()) c[r.state] = r.n
    return c
  }
  listItems(doneSince: number | null): OutboxRow[] {
    return doneSince === null ? this.s.listAll.all() : this.s.listActiveAndRecent.all(doneSince)
  }
  opsOfPackage(packageUid: string): OutboxRow[] {
    return this.s.opsOfPackage.all(packageUid)
  }
  opsOfCase(caseUuid: string): OutboxRow[] {
    return this.s.opsOfCase.all(caseUuid)
  }
  liveOps(): OutboxRow[] {
    return this.s.doneOpsAll.all()
  }

  enqueue(
    v: EnqueueValues,
    now: number
  ): OutboxRow {
    return this.enqueueMany([v], now)[0]!
  }

  /** One transaction for all: every row committed, or none. */
  enqueueMany(
    vs: EnqueueValues[],
    now: number
  ): OutboxRow[] {
    return this.guarded(() => {
      return this.db
        .transaction(() =>
          vs.map((v) => {
            const id = Number(this.s.insertItem.run({ ...v, now }).lastInsertRowid)
            const row = this.s.item.get(id)!
            this.journalItem(row, 'queued', now)
            return row
          })
        )
        .immediate()
    })
  }

  /**
   * A remove: if the latest active operation of the case is an import never sent of the same
   * (case, packaged product, package), both are cancelled locally; otherwise the remove is queued.
   */
  enqueueRemove(
    v: Omit<EnqueueValues, 'operation' | 'pos_product_id' | 'pos_inventory_id' | 'sku'>,
    now: number
  ): { queued: OutboxRow } | { cancelled: OutboxRow[] } {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          // Only the operations for the remove's own API count: another API is another system.
          const sameApi = (r: OutboxRow) => r.api_url === v.api_url && r.api_client_id === v.api_client_id
          const active = this.s.activeOfCase.all(v.case_uuid).filter(sameApi)
          const unsent = this.s.unsentImports.all({ case_uuid: v.case_uuid, package_uid: v.package_uid, pp: v.packaged_product_uuid, api_url: v.api_url, api_client_id: v.api_client_id })
          // An unsent import of the same packaged product is cancelled with the remove only when no later
          // active operation of the case touches that packaged product (same one, or a whole-case remove).
          let toCancel: OutboxRow[] = []
          if (v.packaged_product_uuid !== null) {
            const target = unsent[unsent.length - 1]
            if (target && !active.some((r) => r.id > target.id && (r.packaged_product_uuid === v.packaged_product_uuid || r.packaged_product_uuid === null))) {
              toCancel = [target]
            }
          } else if (unsent.length > 0) {
            // Without a packaged product the remove is for the whole case in this package: cancel locally
            // only when every active operation of the case is one of these unsent imports and no import of
            // the case into this package was ever sent.
            const everSent = this.s.opsOfCase
              .all(v.case_uuid)
              .some((r) => sameApi(r) && r.package_uid === v.package_uid && r.operation === 'import' && (r.attempts > 0 || r.state === 'done'))
            if (!everSent && active.length === unsent.length && active.every((r, i) => r.id === unsent[i]!.id)) toCancel = unsent
          }
          if (toCancel.length === 0) {
            const id = Number(
              this.s.insertItem.run({ operation: 'remove', ...v, pos_product_id: null, pos_inventory_id: null, sku: null, now }).lastInsertRowid
            )
            const row = this.s.item.get(id)!
            this.journalItem(row, 'queued', now)
            return { queued: row }
          }
          const removeId = Number(this.s.insertCancelledRemove.run({ ...v, now }).lastInsertRowid)
          const out: OutboxRow[] = []
          for (const imp of toCancel) {
            this.s.cancel.run({ id: imp.id, with: removeId, now })
            const row = this.s.item.get(imp.id)!
            this.journalItem(row, 'cancelled', now, { operator: v.operator, detail: 'import never sent, undone by a remove' })
            out.push(row)
          }
          this.s.cancel.run({ id: removeId, with: toCancel[0]!.id, now })
          const rm = this.s.item.get(removeId)!
          this.journalItem(rm, 'cancelled', now, { detail: 'remove of an import never sent: nothing to send' })
          out.push(rm)
          return { cancelled: out }
        })
        .immediate()
    })
  }

  /**
   * Claims the first eligible item for a worker, if the sliding-window limiter has room: the claim,
   * the attempt count and the request-log entry are one transaction, shared by every process.
   * firstAttemptOnly: only an item never tried (the worker's retry quota is empty).
   */
  claimNext(worker: string, now: number, leaseMs: number, rateLimit: number, api: ApiBinding, windowMs = LIMITER_WINDOW_MS, firstAttemptOnly = false): ClaimResult {
    return this.db
      .transaction((): ClaimResult => {
        const row = (firstAttemptOnly ? this.s.eligibleFirstAttempt : this.s.eligible).get({ now, ...apiColumns(api) })
        if (!row) return { kind: 'none' }
        const since = now - windowMs
        const n = this.s.rateCount.get(since)!.n
        if (n >= rateLimit) {
          const nth = this.s.rateNth.get(since, n - rateLimit)
          return { kind: 'rate_limited', until: (nth?.at ?? now) + windowMs + 1 }
        }
        this.s.claim.run({ worker, lease: now + leaseMs, now, id: row.id })
        this.s.rateInsert.run(now)
        const claimed = this.s.item.get(row.id)!
        this.journalItem(claimed, row.state === 'in_flight' ? 'taken_over' : 'sending', now, {
          detail: row.state === 'in_flight' ? `lease of ${row.claimed_by ?? '?'} expired` : `attempt ${claimed.attempts}`
        })
        return { kind: 'claimed', row: claimed }
      })
      .immediate()
  }

  /** Records a request that is not an outbox item (a lookup) in the limiter's window. */
  recordRequest(now: number): void {
    this.s.rateInsert.run(now)
  }
  requestsInWindow(now: number, windowMs = LIMITER_WINDOW_MS): number {
    return this.s.rateCount.get(now - windowMs)!.n
  }
  pruneRequestLog(now: number, windowMs = LIMITER_WINDOW_MS): void {
    this.s.ratePrune.run(now - windowMs * 2)
  }

  heartbeat(worker: string, now: number, leaseMs: number): Set<number> {
    return this.db
      .transaction(() => {
        this.s.heartbeat.run({ worker, lease: now + leaseMs })
        return new Set(this.s.held.all(worker).map((r) => r.id))
      })
      .immediate()
  }

  /**
   * Runs a write whose loss in a power cut is harmless, without waiting for the disk (synchronous
   * NORMAL for that commit). Used for the end of an attempt: if it is lost, the item is simply sent
   * again and the API's "already imported" (or the same refusal) settles it. WAL is append-only, so
   * the next FULL commit (an enqueue, a claim) makes it durable too: a power cut never leaves a later
   * durable write without the earlier ones.
   */
  private relaxed<T>(fn: () => T): T {
    const before = this.db.pragma('synchronous', { simple: true }) as number
    if (before <= 1) return fn() // already NORMAL (or OFF): nothing to relax
    this.db.pragma('synchronous = NORMAL')
    try {
      return fn()
    } finally {
      this.db.pragma(`synchronous = ${before}`)
    }
  }

  /** Ends an attempt. Returns null when the worker no longer holds the item (its lease was taken over). */
  finish(id: number, worker: string, p: FinishPatch, now: number): OutboxRow | null {
    return this.relaxed(() => this.db
      .transaction(() => {
        const done = p.state === 'done' || p.state === 'cancelled'
        const r = this.s.finish.run({
          id,
          worker,
          state: p.state,
          outcome: p.outcome,
          api_message: p.apiMessage,
          last_error: p.lastError,
          next_attempt_at: p.nextAttemptAt ?? 0,
          now,
          done_at: done ? now : null
        })
        if (r.changes === 0) return null
        const row = this.s.item.get(id)!
        this.journalItem(row, p.event, now)
        return row
      })
      .immediate())
  }

  /** Gives an item back without counting against it (queue paused, worker stopping). */
  releaseOne(id: number, worker: string, now: number, next: number, event: string): OutboxRow | null {
    return this.db
      .transaction(() => {
        if (this.s.releaseOne.run({ id, worker, now, next }).changes === 0) return null
        const row = this.s.item.get(id)!
        this.journalItem(row, event, now)
        return row
      })
      .immediate()
  }

  releaseAll(worker: string, now: number): number {
    return this.db
      .transaction(() => {
        const held = this.s.held.all(worker)
        this.s.release.run({ worker, now })
        for (const h of held) this.journalItem(this.s.item.get(h.id)!, 'released', now)
        return held.length
      })
      .immediate()
  }

  retry(id: number, now: number, operator: string | null): OutboxRow | null {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          if (this.s.retry.run({ id, now }).changes === 0) return null
          const row = this.s.item.get(id)!
          this.journalItem(row, 'retried', now, { operator })
          return row
        })
        .immediate()
    })
  }

  retryFailed(now: number, operator: string | null): OutboxRow[] {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          const out: OutboxRow[] = []
          for (const { id } of this.s.failedIds.all()) {
            this.s.retry.run({ id, now })
            const row = this.s.item.get(id)!
            this.journalItem(row, 'retried', now, { operator })
            out.push(row)
          }
          return out
        })
        .immediate()
    })
  }

  discard(id: number, now: number, operator: string | null, reason: string | null): OutboxRow | null {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          if (this.s.discard.run({ id, now, reason }).changes === 0) return null
          const row = this.s.item.get(id)!
          this.journalItem(row, 'discarded', now, { operator })
          return row
        })
        .immediate()
    })
  }

  wakeAll(): number {
    return this.s.wakeAll.run().changes
  }

  /** For the API given: pending, in flight, pending behind a failed item; and how many wait for another API. */
  drainState(api: ApiBinding): { pending: number; in_flight: number; blocked: number; other_api: number } {
    return this.s.pendingWaiting.get(apiColumns(api))!
  }

  nextWake(worker: string, api: ApiBinding): number | null {
    return this.s.nextWake.get({ worker, ...apiColumns(api) })?.at ?? null
  }

  /** Operations for this API not done yet (pending, in flight, failed). */
  unsentCount(api: ApiBinding): number {
    return this.s.unsentOfApi.get(apiColumns(api))!.n
  }

  /**
   * Discards every operation for this API not done yet, with the person's reason (an API switch that
   * does not keep them). An item in flight may already have reached its API: the journal says so.
   */
  discardUnsent(api: ApiBinding, reason: string, operator: string | null, now: number): OutboxRow[] {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          const out: OutboxRow[] = []
          for (const { id } of this.s.unsentIdsOfApi.all(apiColumns(api))) {
            const before = this.s.item.get(id)!
            if (this.s.discardUnsent.run({ id, now, reason }).changes === 0) continue
            const row = this.s.item.get(id)!
            const detail = before.state === 'in_flight' ? 'discarded while being sent: the API may have received it' : 'discarded when the station was switched to another API'
            this.journalItem(row, 'discarded', now, { operator, detail })
            out.push(row)
          }
          return out
        })
        .immediate()
    })
  }

  /** The API of the latest import (not cancelled) of a case into a package, for a remove of it. */
  latestImportApi(caseUuid: string, packageUid: string, packagedProductUuid: string | null): ApiBinding | null {
    const r = this.s.latestImportApi.get({ case_uuid: caseUuid, package_uid: packageUid, pp: packagedProductUuid })
    return r ? { url: r.api_url, clientId: r.api_client_id } : null
  }

  // ---------- manifest ----------
  loadManifest(rows: ManifestRow[], now: number, operator: string | null, station: string | null): { packages: number; rows: number } {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          const seen = new Set<string>()
          for (const r of rows) {
            if (!seen.has(r.packageUid)) {
              seen.add(r.packageUid)
              this.s.pkgDeleteCases.run(r.packageUid)
              this.s.pkgUpsert.run({
                package_uid: r.packageUid,
                pos_product_id: r.posProductId,
                pos_inventory_id: r.posInventoryId,
                sku: r.sku,
                product_name: r.productName,
                on_manifest: 1,
                now
              })
            }
            if (r.caseUuid) {
              this.s.pkgCaseInsert.run({ package_uid: r.packageUid, case_uuid: r.caseUuid, packaged_product_uuid: r.packagedProductUuid, line: r.line, on_manifest: 1 })
            }
          }
          this.journal({ at: now, event: 'manifest_loaded', operator, station, detail: JSON.stringify({ packages: seen.size, rows: rows.length }) })
          return { packages: seen.size, rows: rows.length }
        })
        .immediate()
    })
  }

  rememberPackage(v: { package_uid: string; pos_product_id: string; pos_inventory_id: string; sku: string; product_name: string }, now: number, operator: string | null, station: string | null): void {
    return this.guarded(() => {
      this.db
        .transaction(() => {
          const existing = this.s.pkgGet.get(v.package_uid)
          this.s.pkgUpsert.run({ ...v, product_name: v.product_name || existing?.product_name || '', on_manifest: 0, now })
          this.journal({ at: now, event: 'package_remembered', operator, station, package_uid: v.package_uid, detail: JSON.stringify({ pos_product_id: v.pos_product_id, pos_inventory_id: v.pos_inventory_id, sku: v.sku }) })
        })
        .immediate()
    })
  }

  rememberCase(v: { package_uid: string; case_uuid: string; packaged_product_uuid: string }, now: number, operator: string | null, station: string | null): boolean {
    return this.guarded(() => {
      return this.db
        .transaction(() => {
          if (!this.s.pkgGet.get(v.package_uid)) return false
          this.s.pkgCaseDropUnknownPp.run(v.package_uid, v.case_uuid)
          this.s.pkgCaseInsert.run({ ...v, line: null, on_manifest: 0 })
          this.journal({ at: now, event: 'case_remembered', operator, station, package_uid: v.package_uid, case_uuid: v.case_uuid, packaged_product_uuid: v.packaged_product_uuid })
          return true
        })
        .immediate()
    })
  }

  pkg(packageUid: string): PackageRow | null {
    return this.s.pkgGet.get(packageUid) ?? null
  }
  pkgs(): PackageRow[] {
    return this.s.pkgAll.all()
  }
  pkgCases(packageUid: string): PackageCaseRow[] {
    return this.s.pkgCases.all(packageUid)
  }
  allPkgCases(): PackageCaseRow[] {
    return this.s.pkgCasesAll.all()
  }

  /** The packages whose loaded manifest lists a case. */
  manifestPackagesOfCase(caseUuid: string): string[] {
    return this.s.manifestPkgsOfCase.all(caseUuid).map((r) => r.package_uid)
  }

  // ---------- lookup cache ----------
  /** The cached lookup answers whose text mentions `text` (a CaseID): the caller reads them. */
  cacheMentioning(text: string): { package_uid: string; body: string; fetched_at: number }[] {
    return this.s.cacheMentioning.all(text)
  }
  cacheGet(packageUid: string): { body: string; fetched_at: number } | null {
    return this.s.cacheGet.get(packageUid) ?? null
  }
  cachePut(packageUid: string, body: string, fetchedAt: number): void {
    this.s.cachePut.run(packageUid, body, fetchedAt)
  }
  /** Several writes as one transaction. */
  inTransaction(write: () => void): void {
    return this.guarded(() => {
      this.db.transaction(write)()
    })
  }
}

/** An API binding as the outbox's columns (named parameters of the queries). */
export function apiColumns(api: ApiBinding): { api_url: string; api_client_id: string } {
  return { api_url: api.url, api_client_id: api.clientId }
}

// ---------- review (the manager's day) ----------

/** The columns the review reads of an operation. */
export type ReviewOpColumns = Pick<
  OutboxRow,
  | 'id' | 'operation' | 'case_uuid' | 'packaged_product_uuid' | 'package_uid' | 'pos_product_id' | 'pos_inventory_id' | 'sku' | 'reason'
  | 'operator' | 'station' | 'state' | 'outcome' | 'api_message' | 'last_error' | 'attempts' | 'created_at' | 'api_url' | 'api_client_id'
>

/** What the discrepancies need of any operation on a package. */
export type PackageOpRow = Pick<OutboxRow, 'id' | 'operation' | 'case_uuid' | 'packaged_product_uuid' | 'package_uid' | 'state' | 'api_message' | 'last_error' | 'reason'>

export interface ReviewOpDbRow extends ReviewOpColumns {
  product_name: string | null
  pkg_sku: string | null
  /** For an import: the id of the first later remove of it (same case and package), else null. */
  undone_by: number | null
}

/** What the reconcile needs of an operation on one of the day's packages. */
export type ReconcileOpRow = Pick<
  OutboxRow,
  'id' | 'operation' | 'case_uuid' | 'packaged_product_uuid' | 'package_uid' | 'state' | 'outcome' | 'operator' | 'api_message' | 'last_error' | 'updated_at'
>

export interface CacheDbRow {
  package_uid: string
  body: string
  fetched_at: number
}

/** An operation with its product and, for an import, the remove that undid it (found by the case index). */
const REVIEW_OP = `SELECT o.id, o.operation, o.case_uuid, o.packaged_product_uuid, o.package_uid, o.pos_product_id, o.pos_inventory_id,
    o.sku, o.reason, o.operator, o.station, o.state, o.outcome, o.api_message, o.last_error, o.attempts, o.created_at,
    o.api_url, o.api_client_id, k.product_name AS product_name, k.sku AS pkg_sku,
    CASE WHEN o.operation = 'import' AND o.state = 'cancelled' AND o.outcome = 'cancelled' THEN o.cancelled_with
         WHEN o.operation = 'import' AND o.state != 'cancelled' THEN
           (SELECT r.id FROM outbox r WHERE r.case_uuid = o.case_uuid AND r.id > o.id AND r.operation = 'remove'
              AND r.package_uid = o.package_uid AND r.state != 'cancelled' AND r.api_url = o.api_url AND r.api_client_id = o.api_client_id
              AND (r.packaged_product_uuid IS NULL OR r.packaged_product_uuid IS o.packaged_product_uuid)
            ORDER BY r.id LIMIT 1)
    END AS undone_by
  FROM outbox o LEFT JOIN package k ON k.package_uid = o.package_uid`

/**
 * The review's queries. Each is bounded by one day (created_at, package updated_at) or by a list
 * of ids/packages drawn from that day, so a day costs the same on a station that has run for years.
 */
export class ReviewStore {
  private readonly s
  constructor(readonly db: Db) {
    const p = <T = unknown>(sql: string) => db.prepare<unknown[], T>(sql)
    this.s = {
      dayOps: p<ReviewOpDbRow>(`${REVIEW_OP} WHERE o.created_at >= ? AND o.created_at < ? ORDER BY o.created_at, o.id`),
      reviewOp: p<ReviewOpDbRow>(`${REVIEW_OP} WHERE o.id = ?`),
      itemsById: p<OutboxRow>(`SELECT * FROM outbox WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`),
      manifestPackagesUpdated: p<PackageRow>(`SELECT * FROM package WHERE on_manifest = 1 AND updated_at >= ? AND updated_at < ? ORDER BY package_uid`),
      packagesByUid: p<PackageRow>(`SELECT * FROM package WHERE package_uid IN (SELECT value FROM json_each(?)) ORDER BY package_uid`),
      casesOfPackages: p<PackageCaseRow>(`SELECT package_uid, case_uuid, packaged_product_uuid, line, on_manifest FROM package_case
        WHERE package_uid IN (SELECT value FROM json_each(?)) ORDER BY package_uid, id`),
      // The day's own operations are already read (dayOps): only the other days' are fetched.
      opsOfPackagesOutside: p<PackageOpRow>(`SELECT id, operation, case_uuid, packaged_product_uuid, package_uid, state, api_message, last_error, reason
        FROM outbox WHERE package_uid IN (SELECT value FROM json_each(?)) AND state != 'cancelled' AND (created_at < ? OR created_at >= ?) ORDER BY id`),
      cacheOfPackages: p<CacheDbRow>(`SELECT package_uid, body, fetched_at FROM lookup_cache WHERE package_uid IN (SELECT value FROM json_each(?))`),
      // The reconcile's packages: on the manifest loaded that day, or touched by that day's operations.
      dayPackageUids: p<{ package_uid: string }>(`SELECT package_uid FROM package WHERE on_manifest = 1 AND updated_at >= ? AND updated_at < ?
        UNION SELECT package_uid FROM outbox WHERE created_at >= ? AND created_at < ? ORDER BY package_uid`),
      lastChangeOfPackage: p<{ at: number | null }>(`SELECT max(updated_at) AS at FROM outbox WHERE package_uid = ? AND api_url = ? AND api_client_id = ?`),
      reconcileOps: p<ReconcileOpRow>(`SELECT id, operation, case_uuid, packaged_product_uuid, package_uid, state, outcome, operator, api_message, last_error, updated_at
        FROM outbox WHERE package_uid IN (SELECT value FROM json_each(?)) AND api_url = ? AND api_client_id = ? AND state != 'cancelled' ORDER BY id`)
    }
  }

  dayOps(start: number, end: number): ReviewOpDbRow[] {
    return this.s.dayOps.all(start, end)
  }
  reviewOp(id: number): ReviewOpDbRow | null {
    return this.s.reviewOp.get(id) ?? null
  }
  /** The day's operations and what touches them, read in one snapshot. */
  snapshot<T>(read: () => T): T {
    return this.db.transaction(read).deferred()
  }
  itemsById(ids: number[]): OutboxRow[] {
    return ids.length === 0 ? [] : this.s.itemsById.all(JSON.stringify(ids))
  }
  manifestPackagesUpdated(start: number, end: number): PackageRow[] {
    return this.s.manifestPackagesUpdated.all(start, end)
  }
  packagesByUid(uids: string[]): PackageRow[] {
    return uids.length === 0 ? [] : this.s.packagesByUid.all(JSON.stringify(uids))
  }
  casesOfPackages(uids: string[]): PackageCaseRow[] {
    return uids.length === 0 ? [] : this.s.casesOfPackages.all(JSON.stringify(uids))
  }
  /** Operations on these packages queued outside [start, end), not cancelled, in id order. */
  opsOfPackagesOutside(uids: string[], start: number, end: number): PackageOpRow[] {
    return uids.length === 0 ? [] : this.s.opsOfPackagesOutside.all(JSON.stringify(uids), start, end)
  }
  cacheOfPackages(uids: string[]): CacheDbRow[] {
    return uids.length === 0 ? [] : this.s.cacheOfPackages.all(JSON.stringify(uids))
  }
  /** Packages on the manifest loaded in [start, end) or operated on then. */
  dayPackageUids(start: number, end: number): string[] {
    return this.s.dayPackageUids.all(start, end, start, end).map((r) => r.package_uid)
  }
  /** When this station last changed an operation on the package (epoch ms), null when it never operated on it. */
  lastChangeOfPackage(uid: string, api: ApiBinding): number | null {
    return this.s.lastChangeOfPackage.get(uid, api.url, api.clientId)?.at ?? null
  }
  /** Every operation on these packages bound to that API (the one whose answers they are compared with), any day, not cancelled, in id order. */
  reconcileOps(uids: string[], api: ApiBinding): ReconcileOpRow[] {
    return uids.length === 0 ? [] : this.s.reconcileOps.all(JSON.stringify(uids), api.url, api.clientId)
  }
}
