// The outbox worker: claims eligible items under a lease in SQLite, sends them through the client,
// and records each outcome. Any number of workers (processes) may share one database.
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import type { LucidClient } from '../client/lucid'
import { linkAnswer, verdictFor, type ApiOutcome } from '../client/classify.std'
import type { ApiBinding } from '../settings/apiBinding.std'
import { LIMITER_WINDOW_MS, type OutboxRow, type Store } from '../store/store'
import { backoffMs } from './backoff.std'
import { Link, type Ticket } from './link.std'

export const LEASE_MS = 8_000
export const HEARTBEAT_MS = 2_000
export const IDLE_POLL_MS = 250
/** Wait after a failed database write (disk full, read-only) before the worker tries again. */
export const STORAGE_RETRY_MS = 2_000

export interface WorkerDeps {
  store: Store
  /**
   * The client for the current settings and the API it talks to, or null with a reason (not
   * configured). Only items bound to that API are sent; the others wait until it is chosen again.
   */
  client(): { client: LucidClient; api: ApiBinding } | { client: null; reason: string }
  paused(): boolean
  /** client: the one whose credentials were refused. */
  pause(reason: 'credentials', message: string, client: LucidClient): void
  limits(): { rateLimit: number; concurrency: number }
  now(): number
  random?: () => number
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void
  /** Called after every write, so the station can publish events. */
  changed(): void
  /** An HTTP answer came (true) or none could be had (false). */
  answered(reachable: boolean, at: number): void
  leaseMs?: number
  heartbeatMs?: number
}

export class Worker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  private running = false
  private loopDone: Promise<void> | null = null
  private readonly inflight = new Map<number, AbortController>()
  private wakeUp: (() => void) | null = null
  private holdUntil = 0
  /** How the link to the API behaves (down or up, concurrency window, retry quota). */
  private link: Link
  private lastPrune = 0
  private heartbeatTimer: NodeJS.Timeout | null = null
  private readonly leaseMs: number
  private readonly random: () => number

  constructor(private readonly d: WorkerDeps) {
    this.leaseMs = d.leaseMs ?? LEASE_MS
    this.random = d.random ?? Math.random
    this.link = new Link(this.random)
  }

  /** Whether the worker holds the API for down (nothing answers): one probe at a time. */
  get linkDown(): boolean {
    return this.link.isDown
  }

  /** The API or its credentials changed: what was learnt about the old link no longer holds. */
  connectionChanged(): void {
    this.link = new Link(this.random)
    this.wake(true)
  }

  get isRunning(): boolean {
    return this.running
  }
  get inFlight(): number {
    return this.inflight.size
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.d.heartbeatMs ?? HEARTBEAT_MS)
    this.heartbeatTimer.unref()
    this.loopDone = this.loop().catch((err) => {
      this.d.log('error', 'outbox worker stopped on an error', { error: (err as Error).message })
      this.running = false
    })
  }

  /** Stops claiming, lets requests in flight finish (they have timeouts), gives back anything still held. */
  async stop(graceMs = 12_000): Promise<void> {
    if (!this.running && !this.loopDone) return
    this.running = false
    this.wake()
    await this.loopDone
    const deadline = Date.now() + graceMs
    while (this.inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    for (const ac of this.inflight.values()) ac.abort()
    while (this.inflight.size > 0) await new Promise((r) => setTimeout(r, 10))
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    this.heartbeatTimer = null
    this.loopDone = null
    try {
      if (this.d.store.releaseAll(this.id, this.d.now()) > 0) this.d.changed()
    } catch (err) {
      // Unwritable database: the claims simply run out (lease) and are taken over later.
      this.d.log('warn', 'could not give back the items held', { error: (err as Error).message })
    }
  }

  /** Wakes the loop; with skipBackoff, items waiting out a backoff become due now. */
  wake(skipBackoff = false): void {
    if (skipBackoff) {
      this.link.hurry()
      if (this.d.store.wakeAll() > 0) this.d.changed()
    }
    const w = this.wakeUp
    this.wakeUp = null
    w?.()
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(0, ms))
      function done(): void {
        clearTimeout(t)
        resolve()
      }
      this.wakeUp = done
    })
  }

  private heartbeat(): void {
    if (this.inflight.size === 0) return
    try {
      const held = this.d.store.heartbeat(this.id, this.d.now(), this.leaseMs)
      for (const [id, ac] of this.inflight) {
        if (!held.has(id)) {
          this.d.log('warn', 'lease lost while sending; abandoning the attempt', { id })
          ac.abort()
        }
      }
    } catch (err) {
      this.d.log('warn', 'heartbeat failed', { error: (err as Error).message })
    }
  }

  private async loop(): Promise<void> {
    let failing = false
    while (this.running) {
      try {
        await this.turn()
        if (failing) this.d.log('info', 'outbox worker: database writes work again')
        failing = false
      } catch (err) {
        // A storage failure (disk full, read-only, I/O error) must not stop the worker for good:
        // nothing was committed, so wait and try again (logged once, not every turn).
        if (!failing) this.d.log('error', 'outbox worker: a database write failed; trying again every few seconds', { error: (err as Error).message })
        failing = true
        await this.sleep(STORAGE_RETRY_MS)
      }
    }
  }

  /** One turn of the loop: claim and start at most one item, or wait. */
  private async turn(): Promise<void> {
    const now = this.d.now()
    if (now - this.lastPrune > 60_000) {
      this.d.store.pruneRequestLog(now)
      this.lastPrune = now
    }
    if (this.d.paused()) {
      await this.sleep(500)
      return
    }
    const { rateLimit, concurrency } = this.d.limits()
    if (this.holdUntil > now) {
      await this.sleep(this.holdUntil - now)
      return
    }
    const lane = this.link.lane(now, this.inflight.size, concurrency)
    if (lane.kind === 'wait') {
      // Woken early when a request in flight ends (process() wakes the loop).
      await this.sleep(Math.min(1_000, lane.until - now))
      return
    }
    const c = this.d.client()
    if (!c.client) {
      await this.sleep(1_000)
      return
    }
    const r = this.d.store.claimNext(this.id, now, this.leaseMs, rateLimit, c.api, LIMITER_WINDOW_MS, lane.kind === 'first_only')
    if (r.kind === 'none') {
      const next = this.d.store.nextWake(this.id, c.api)
      const wait = next === null ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, Math.max(5, next - now))
      // Only first attempts may go (the retry quota is empty): the retries wait for the trickle.
      await this.sleep(lane.kind === 'first_only' ? Math.max(wait, Math.min(IDLE_POLL_MS, lane.trickleAt - now)) : wait)
      return
    }
    if (r.kind === 'rate_limited') {
      this.holdUntil = r.until
      return
    }
    this.d.changed()
    const ticket = this.link.sent(now, lane.kind, r.row.attempts > 1)
    void this.process(r.row, c.client, ticket)
  }

  private async process(row: OutboxRow, client: LucidClient, ticket: Ticket): Promise<void> {
    const ac = new AbortController()
    this.inflight.set(row.id, ac)
    try {
      const outcome =
        row.operation === 'import'
          ? await client.importCase(
              {
                case_uuid: row.case_uuid,
                packaged_product_uuid: row.packaged_product_uuid!,
                pos_product_id: row.pos_product_id!,
                pos_inventory_id: row.pos_inventory_id!,
                package_uid: row.package_uid,
                ...(row.sku ? { sku: row.sku } : {})
              },
              ac.signal
            )
          : await client.removeCase(
              { case_uuid: row.case_uuid, package_uid: row.package_uid, ...(row.packaged_product_uuid ? { packaged_product_uuid: row.packaged_product_uuid } : {}) },
              ac.signal
            )
      if (ac.signal.aborted) {
        // Lease lost or worker stopping: whoever holds the item now will send it again.
        this.d.log('warn', 'attempt abandoned', { id: row.id })
        return
      }
      this.record(row, outcome, client, ticket)
    } catch (err) {
      this.d.log('error', 'could not send or record an outbox item', { id: row.id, error: (err as Error).message })
      try {
        this.d.store.finish(row.id, this.id, { state: 'pending', outcome: null, apiMessage: null, lastError: 'internal error, will retry', nextAttemptAt: this.d.now() + backoffMs(row.attempts, this.random), event: 'retry_scheduled' }, this.d.now())
      } catch (again) {
        // The database refuses writes (disk full, read-only): the item keeps its claim until the lease
        // runs out, then it is sent again, and the API's "already imported" settles a repeat.
        this.d.log('error', 'could not record the end of an attempt', { id: row.id, error: (again as Error).message })
      }
    } finally {
      this.inflight.delete(row.id)
      try {
        this.d.changed()
      } catch (err) {
        this.d.log('warn', 'could not publish a change', { error: (err as Error).message })
      }
      this.wake()
    }
  }

  private record(row: OutboxRow, outcome: ApiOutcome, client: LucidClient, ticket: Ticket): void {
    const now = this.d.now()
    const store = this.d.store
    const item = { operation: row.operation, caseUuid: row.case_uuid, packageUid: row.package_uid }
    const answer = linkAnswer(outcome)
    const change = this.link.answered(ticket, answer, now)
    if (change === 'went_down') {
      // Items backing off go with the probes now: the first send after the API's return is at once.
      store.wakeAll()
      this.d.log('warn', 'the API does not answer: one probe at a time until it does')
    } else if (change === 'came_back') {
      store.wakeAll()
      this.d.log('info', 'the API answers again')
    }
    // A lost answer on a link that otherwise answers is not an outage.
    if (answer !== 'none') this.d.answered(true, now)
    else if (this.link.isDown) this.d.answered(false, now)
    let res: OutboxRow | null
    switch (outcome.kind) {
      case 'ok':
      case 'refused': {
        const v = verdictFor(item, outcome)
        res = store.finish(row.id, this.id, { state: v.state, outcome: v.outcome, apiMessage: v.apiMessage, lastError: null, event: v.outcome }, now)
        break
      }
      case 'retry':
        res = store.finish(
          row.id,
          this.id,
          { state: 'pending', outcome: null, apiMessage: null, lastError: outcome.message, nextAttemptAt: now + this.link.retryDelayMs(row.attempts), event: 'retry_scheduled' },
          now
        )
        break
      case 'rate_limited':
        this.holdUntil = Math.max(this.holdUntil, now + outcome.retryAfterMs)
        res = store.finish(row.id, this.id, { state: 'pending', outcome: null, apiMessage: null, lastError: outcome.message, nextAttemptAt: now + outcome.retryAfterMs, event: 'rate_limited' }, now)
        break
      case 'credentials':
        this.d.pause('credentials', outcome.message, client)
        res = store.releaseOne(row.id, this.id, now, 0, 'paused')
        break
    }
    if (res === null) this.d.log('warn', 'outcome not recorded: the lease was taken over by another worker', { id: row.id, outcome: outcome.kind })
  }
}
