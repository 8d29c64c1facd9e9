// What the station knows of its connection to the API (online, last answer) and how it keeps that
// true: answers of the worker and lookups, checks of its own when the API has given no news.
import type { LogFn } from '../log/logFn'
import { apiBindingOf } from '../settings/apiBinding.std'
import type { Settings } from '../settings/settings'
import type { Store } from '../store/store'
import type { WriteGuard } from '../store/writeGuard'
import type { ConnectionView, StationEvent } from '../types'
import type { ApiAccess } from './apiAccess'
import { CHECK_EVERY_MS, CHECK_PACKAGE_UID, REFUSED_CHECK_EVERY_MS, checkState, describeConnection } from './connection.std'

export interface ConnectionMonitorOptions {
  access: ApiAccess
  store: Store
  settings: Settings
  writes: WriteGuard
  now: () => number
  log: LogFn
  /** Whether the outbox worker runs (its sends and probes are the news then). */
  workerRunning: () => boolean
  /** The change feed: a changed connection is published only while someone listens. */
  hasListeners: () => boolean
  emit: (event: StationEvent) => void
  isClosed: () => boolean
}

export class ConnectionMonitor {
  private conn: { online: boolean | null; lastAnswerAt: number | null; lastNewsAt: number } = { online: null, lastAnswerAt: null, lastNewsAt: 0 }
  private timer: NodeJS.Timeout | null = null
  private checking: Promise<ConnectionView> | null = null
  private lastPublished = ''

  constructor(private readonly o: ConnectionMonitorOptions) {}

  /** An answer (or none) from the API, at a time. */
  answered(reachable: boolean, at: number): void {
    this.conn = { online: reachable, lastAnswerAt: reachable ? at : this.conn.lastAnswerAt, lastNewsAt: at }
    this.publishIfChanged()
  }

  /** The connection in words, from the settings, the pause and the last answer. */
  view(): ConnectionView {
    const pause = this.o.access.pauseState()
    const c = this.o.access.currentClient()
    const s = this.o.settings.get()
    const builtin = s.apiUrl === 'builtin'
    let apiHost: string | null = null
    if (!builtin) {
      try {
        apiHost = new URL(s.apiUrl).host
      } catch {
        apiHost = null
      }
    }
    const state = pause ? 'refused' : !c.client ? 'not_configured' : this.conn.online === null ? 'checking' : this.conn.online ? 'working' : 'unreachable'
    return describeConnection({ state, apiHost, builtin, clientId: builtin ? null : s.clientId || null, reason: c.client ? null : c.reason, lastAnswerAt: this.conn.lastAnswerAt })
  }

  /**
   * Checks the API now (a token and one cheap lookup) and says what came of it. Refused credentials
   * pause the queue as a refused send would; a change of settings resumes it.
   */
  check(): Promise<ConnectionView> {
    this.checking ??= (async () => {
      try {
        const c = this.o.access.currentClient()
        if (!c.client) return this.view()
        const client = c.client
        this.o.writes.bestEffort('count a connection check in the rate limiter', () => this.o.store.recordRequest(this.o.now()))
        const outcome = await client.caseidsForPackageUid(CHECK_PACKAGE_UID)
        if (this.o.isClosed()) return this.view()
        // The settings may have changed while the check was out: its answer is then about the old ones.
        if (this.o.access.currentClient().client !== client) return this.view()
        const state = checkState(outcome)
        if (outcome.kind === 'credentials') {
          if (!this.o.access.pauseState()) this.o.access.pause('credentials', outcome.message, client)
        } else {
          // Accepted now (the API side may have been fixed): a queue paused for these credentials resumes.
          if (state === 'working') this.o.access.clearPause()
          this.answered(state === 'working', this.o.now())
        }
        return this.view()
      } finally {
        this.checking = null
      }
    })()
    return this.checking
  }

  /**
   * Keeps the connection's words true without a scan: a check at once, then whenever the API has given
   * no news for CHECK_EVERY_MS while nothing waits to be sent (items waiting: the outbox's own sends
   * and probes are the news), every REFUSED_CHECK_EVERY_MS while the credentials are refused.
   */
  start(): void {
    if (this.timer || this.o.isClosed()) return
    this.timer = setInterval(() => this.tick(), 250)
    this.timer.unref()
    void this.check()
  }

  /** The API or its credentials changed: nothing is known of the new one; checked at once if monitoring. */
  apiChanged(): void {
    this.conn = { online: null, lastAnswerAt: null, lastNewsAt: 0 }
    if (this.timer) void this.check()
  }

  /** Stops monitoring and waits for a check under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.checking
  }

  private tick(): void {
    if (this.o.isClosed() || this.checking) return
    try {
      const now = this.o.now()
      const pause = this.o.access.pauseState()
      if (pause) {
        if (now - Math.max(pause.at, this.conn.lastNewsAt) >= REFUSED_CHECK_EVERY_MS) {
          this.conn.lastNewsAt = now
          void this.check()
        }
        return
      }
      const waiting = this.o.store.drainState(apiBindingOf(this.o.settings.get()))
      if (this.o.workerRunning() && waiting.pending + waiting.in_flight > waiting.blocked) return
      if (now - this.conn.lastNewsAt >= CHECK_EVERY_MS) void this.check()
    } catch (err) {
      this.o.log('warn', 'connection check failed', { error: (err as Error).message })
    }
  }

  /** Publishes a 'connection' event when the words changed since the last one published. */
  publishIfChanged(): void {
    if (!this.o.hasListeners()) return
    const c = this.view()
    const key = JSON.stringify(c)
    if (key === this.lastPublished) return
    this.lastPublished = key
    this.o.emit({ type: 'connection', connection: c })
  }
}
