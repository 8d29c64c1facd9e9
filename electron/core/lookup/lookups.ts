// Asking LucidRetail about a Package UID and what the station makes of the answers: the lookup (the
// answer merged with the manifest and this station's operations), a case's whereabouts for the
// receiving guard (asks no one), and "prepare for the day" (the export into the lookup cache).
import type { ApiAccess } from '../connection/apiAccess'
import type { ManifestPackages } from '../manifest/packages'
import { ofApi } from '../outbox/operations'
import { apiBindingOf } from '../settings/apiBinding.std'
import type { Settings } from '../settings/settings'
import type { Store } from '../store/store'
import type { WriteGuard } from '../store/writeGuard'
import type { CachedCaseAnswer, CaseWhereabouts, LookupView } from '../types'
import { packageUid as checkPackageUid } from '../validate.std'
import { readLookupAnswer } from './answer.std'
import { cachedCaseAnswer, mergeCases } from './merge.std'
import { markImportsOfOthers, ownDispensaryKey, ownDispensaryStore, type OwnOperation } from './ownDispensary'
import { prepareLookupCache, type PrepareResult } from './prepare'

export interface LookupsOptions {
  dataDir: string
  store: Store
  settings: Settings
  writes: WriteGuard
  access: ApiAccess
  packages: ManifestPackages
  now: () => number
  /** An answer (or none) from the API: the connection's news. */
  answered: (reachable: boolean, at: number) => void
  /** This station's operations on a case for the current API (who imported what: see ownDispensary.ts). */
  operationsOnCase: (caseUuid: string) => OwnOperation[]
}

/** The answer to one `caseids_for_package_uid`: its body as cached, or why there is none. */
export type AskResult = { ok: true; cached: { body: string; fetched_at: number } } | { ok: false; message: string; unreachable: boolean }

export class Lookups {
  constructor(private readonly o: LookupsOptions) {}

  /**
   * The API's answer for a Package UID (cached with its fetch time), merged with this station's own
   * operations on those CaseIDs; a case a sister dispensary imported into it reads "Imported elsewhere".
   * Offline: the cached answer, stale: true. With refresh: false the cached answer is used when there is one.
   */
  async lookup(packageUid: string, opts: { refresh?: boolean } = {}): Promise<LookupView> {
    const view = await this.merged(packageUid, opts)
    const s = this.o.settings.get()
    return markImportsOfOthers(view, this.o.operationsOnCase, ownDispensaryStore(this.o.dataDir, ownDispensaryKey(s.apiUrl, s.clientId)))
  }

  private async merged(packageUid: string, opts: { refresh?: boolean }): Promise<LookupView> {
    const uid = checkPackageUid('packageUid', packageUid)
    const refresh = opts.refresh ?? true
    let error: string | null = null
    let stale = false
    let cached = this.o.store.cacheGet(uid)
    if (refresh || !cached) {
      const asked = await this.askApi(uid)
      if (asked.ok) cached = asked.cached
      else {
        error = asked.message
        stale = true
      }
    }
    const now = this.o.now()
    return {
      packageUid: uid,
      fetchedAt: cached ? new Date(cached.fetched_at).toISOString() : null,
      fetchedAtMs: cached?.fetched_at ?? null,
      ageMs: cached ? Math.max(0, now - cached.fetched_at) : null,
      stale,
      error,
      manifest: this.o.packages.view(uid),
      cases: mergeCases(uid, cached ? readLookupAnswer(cached.body) : null, cached?.fetched_at ?? null, this.o.store.pkgCases(uid), ofApi(this.o.store.opsOfPackage(uid), apiBindingOf(this.o.settings.get())))
    }
  }

  /**
   * One `caseids_for_package_uid` through the station's client, counted in the rate limiter's window;
   * the answer goes into the lookup cache, dated when asked.
   */
  async askApi(uid: string, signal?: AbortSignal): Promise<AskResult> {
    const ready = this.o.access.readyClient()
    if (!ready.ok) return { ok: false, message: ready.message, unreachable: true }
    const askedAt = this.o.now()
    this.o.writes.bestEffort('count a lookup in the rate limiter', () => this.o.store.recordRequest(askedAt))
    const outcome = await ready.client.caseidsForPackageUid(uid, signal)
    const at = this.o.now()
    const unreachable = outcome.kind === 'retry' && outcome.unreachable
    if (!signal?.aborted) this.o.answered(!unreachable, at)
    if (outcome.kind === 'ok') {
      const body = JSON.stringify(outcome.body)
      // Dated when asked, not when answered: an answer computed before an operation confirmed
      // while it travelled must not look newer than that operation (mergeCases prefers newer answers).
      this.o.writes.bestEffort('cache a lookup answer', () => this.o.store.cachePut(uid, body, askedAt))
      return { ok: true, cached: { body, fetched_at: askedAt } }
    }
    if (outcome.kind === 'credentials') this.o.access.pause('credentials', outcome.message, ready.client)
    return { ok: false, message: outcome.message, unreachable: unreachable || outcome.kind === 'credentials' }
  }

  /** What the manifest and the cached lookups say about a case (no request): see core/receiving/guard.std.ts. */
  caseWhereabouts(caseUuid: string): CaseWhereabouts {
    const api: CachedCaseAnswer[] = []
    for (const row of this.o.store.cacheMentioning(caseUuid)) {
      const answer = cachedCaseAnswer(row.package_uid, row.body, row.fetched_at, caseUuid)
      if (answer) api.push(answer)
    }
    api.sort((a, b) => b.fetchedAt - a.fetchedAt)
    return { manifestPackages: this.o.store.manifestPackagesOfCase(caseUuid), api }
  }

  /**
   * "Prepare for the day": the dispensary's Package UIDs export into the lookup cache, so packages
   * never looked up still show their CaseIDs offline. Cached live answers are kept.
   */
  async prepareForDay(): Promise<PrepareResult> {
    const ready = this.o.access.readyClient()
    if (!ready.ok) return ready
    const client = ready.client
    return prepareLookupCache({
      call: async (method, path) => {
        this.o.writes.bestEffort('count a request in the rate limiter', () => this.o.store.recordRequest(this.o.now()))
        const outcome = await client.call(method, path, undefined)
        this.o.answered(!(outcome.kind === 'retry' && outcome.unreachable), this.o.now())
        // Against the client that was refused: the settings may have changed while it was out.
        if (outcome.kind === 'credentials') this.o.access.pause('credentials', outcome.message, client)
        return outcome
      },
      cached: (uid) => this.o.store.cacheGet(uid),
      put: (uid, body, at) => this.o.store.cachePut(uid, body, at),
      inOneTransaction: (write) => this.o.store.inTransaction(write),
      now: this.o.now
    })
  }
}
