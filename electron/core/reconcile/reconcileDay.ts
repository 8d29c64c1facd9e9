// "Reconcile with LucidRetail" as the station runs it: the packages of a day asked again (through the
// station's client and rate limiter), then every case compared with this station's journal.
import type { AskResult } from '../lookup/lookups'
import { knownOwnDispensaries, ownDispensaryKey, rememberOwnDispensaries } from '../lookup/ownDispensary'
import { dayBounds, isoInZone } from '../review/time.std'
import { apiBindingOf } from '../settings/apiBinding.std'
import { API_CHANGED_KEY } from '../settings/apiSwitch'
import type { Settings } from '../settings/settings'
import type { ReconcileOpRow, ReviewStore, Store } from '../store/store'
import type { WriteGuard } from '../store/writeGuard'
import { reconcile, type ReconcileResult } from './classify.std'
import { reconciledCsv } from './csv.std'
import { refreshAnswers, type ReconcileProgress, type RefreshResult } from './refresh'

/** The store's day from LucidRetail beside this station's journal (see reconcile/classify.std.ts). */
export interface ReconciledDay extends Omit<ReconcileResult, 'ownUuids'> {
  date: string
  timeZone: string
  /** When it was made, ISO with the zone's offset. */
  at: string
  /** False: made from the last answers without asking (the CSV export). */
  asked: boolean
  cancelled: boolean
  progress: ReconcileProgress | null
}

export interface ReconcilerOptions {
  dataDir: string
  store: Store
  reviewStore: ReviewStore
  settings: Settings
  writes: WriteGuard
  now: () => number
  /** One lookup through the station's client (see Lookups.askApi). */
  ask: (uid: string, signal?: AbortSignal) => Promise<AskResult>
}

export class Reconciler {
  constructor(private readonly o: ReconcilerOptions) {}

  /**
   * Asks the API about every package of the day (the manifest loaded that day and the packages
   * operated on), at most once each and not when the cached answer is younger than a minute, through
   * this station's client and rate limiter; then compares every case with this station's journal.
   * Cancelled or offline: the last answers, with their age, and what was not checked.
   */
  async reconcileDay(date: string, opts: { tz?: string; signal?: AbortSignal; onProgress?: (p: ReconcileProgress) => void } = {}): Promise<ReconciledDay> {
    const zone = opts.tz ?? this.o.settings.get().timeZone
    const { start, end } = dayBounds(date, zone)
    const uids = this.o.reviewStore.dayPackageUids(start, end)
    const refreshed = await refreshAnswers(uids, {
      answeredAt: (uid) => this.o.store.cacheGet(uid)?.fetched_at ?? null,
      changedAt: (uid) =>
        Math.max(this.o.reviewStore.lastChangeOfPackage(uid, apiBindingOf(this.o.settings.get())) ?? 0, Number(this.o.store.getSetting(API_CHANGED_KEY) ?? 0)),
      ask: (uid, signal) => this.o.ask(uid, signal),
      room: (signal) => this.rateLimiterRoom(signal),
      now: this.o.now,
      concurrency: this.o.settings.limits().concurrency,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {})
    })
    return this.reconciled(date, zone, uids, refreshed)
  }

  /** The reconciled day from the last answers only (no request): what the CSV export writes. */
  reconciledDay(date: string, tz?: string): ReconciledDay {
    const zone = tz ?? this.o.settings.get().timeZone
    const { start, end } = dayBounds(date, zone)
    return this.reconciled(date, zone, this.o.reviewStore.dayPackageUids(start, end), null)
  }

  /** The reconciled day (last answers, no request) as CSV; columns in reconcile/csv.std.ts (RECONCILED_COLUMNS). */
  exportReconciledCsv(date: string, tz?: string): { csv: string; rows: number } {
    const zone = tz ?? this.o.settings.get().timeZone
    const view = this.reconciledDay(date, zone)
    return { csv: reconciledCsv(view, (ms) => isoInZone(ms, zone)), rows: view.cases.length }
  }

  private reconciled(date: string, zone: string, uids: string[], refreshed: RefreshResult | null): ReconciledDay {
    const s = this.o.settings.get()
    const current = apiBindingOf(s)
    const ownKey = ownDispensaryKey(s.apiUrl, s.clientId)
    const known = knownOwnDispensaries(this.o.dataDir, ownKey)
    const rs = this.o.reviewStore
    const result = rs.snapshot(() => {
      const pkgs = new Map(rs.packagesByUid(uids).map((p) => [p.package_uid, p]))
      const manifestCases = new Map<string, string[]>()
      for (const c of rs.casesOfPackages(uids)) {
        if (c.on_manifest !== 1) continue
        const list = manifestCases.get(c.package_uid) ?? []
        if (!list.includes(c.case_uuid)) list.push(c.case_uuid)
        manifestCases.set(c.package_uid, list)
      }
      const ops = new Map<string, ReconcileOpRow[]>()
      for (const o of rs.reconcileOps(uids, current)) ops.set(o.package_uid, [...(ops.get(o.package_uid) ?? []), o])
      const answers = new Map(rs.cacheOfPackages(uids).map((c) => [c.package_uid, { body: c.body, fetchedAt: c.fetched_at }]))
      return reconcile({
        packages: uids.map((uid) => ({ packageUid: uid, pkg: pkgs.get(uid) ?? null, manifestCases: manifestCases.get(uid) ?? [], ops: ops.get(uid) ?? [], answer: answers.get(uid) ?? null })),
        knownOwn: known,
        problems: refreshed?.problems ?? new Map(),
        now: this.o.now()
      })
    })
    if ([...result.ownUuids].some((u) => !known.has(u))) this.o.writes.bestEffort("remember this station's dispensary", () => rememberOwnDispensaries(this.o.dataDir, ownKey, result.ownUuids))
    const { ownUuids: _own, ...view } = result
    return {
      date,
      timeZone: zone,
      at: isoInZone(this.o.now(), zone),
      asked: refreshed !== null,
      cancelled: refreshed?.cancelled ?? false,
      progress: refreshed?.progress ?? null,
      ...view
    }
  }

  /** Waits until the rate limiter's window has room for one more request (shared with the outbox worker). */
  private async rateLimiterRoom(signal: AbortSignal): Promise<void> {
    while (this.o.store.requestsInWindow(this.o.now()) >= this.o.settings.limits().rateLimit) {
      if (signal.aborted) throw new Error('aborted')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250)
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
      })
    }
  }
}
