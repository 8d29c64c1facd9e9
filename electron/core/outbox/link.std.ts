// How the outbox worker paces itself by what the link to the API does (issue 15).
//
// DOWN: nothing answers at all (connection refused, DNS, resets and timeouts only). One probe at a
// time, every PROBE_MS (a few seconds: cheap against a host that is not there, and the return of the
// API is noticed within one interval); after LONG_OUTAGE_MS down, every LONG_OUTAGE_PROBE_MS.
// Failing items wait for the probe, not for a backoff of their own, so the first send after the
// API's return is the probe itself and everything else follows at once.
//
// UP (fine or flaky: some answers come): requests keep flowing at the rate the link sustains.
// - a concurrency window adapted by AIMD on the answers, as TCP does: +1/window per good answer,
//   halved on a failure (at most once per round: only a failure of a request sent after the last cut);
// - a retry quota, in the style of the AWS SDKs' "standard" retry mode: a retry costs RETRY_COST
//   tokens, a good answer refunds GOOD_ANSWER_REFUND, up to RETRY_QUOTA. An empty bucket stops retries
//   but not first attempts; retries then go one at a time, every TRICKLE_MS, until answers refill it.
//   With these figures retries flow as long as fewer than 2 attempts in 3 fail;
// - a per-item backoff with jitter for the failing items only, capped at FLAKY_BACKOFF_CAP_MS while
//   the API answers well overall (a failure is then bad luck, not the item), at the full 30 s when
//   most recent answers are failures.
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffMs } from './backoff.std'

/** What one attempt told about the link (see `linkAnswer` in client/classify.std.ts). */
export type LinkAnswer =
  /** An HTTP answer that settles the item (2xx, a refusal, "already imported", refused credentials). */
  | 'good'
  /** An HTTP answer asking to try again later (5xx, 408, 425). */
  | 'failed'
  /** 429: the API's rate limit (its Retry-After is honoured by the worker). */
  | 'throttled'
  /** No HTTP answer: refused, DNS, reset, lost answer, timeout. */
  | 'none'

/** Down after this many attempts in a row without any HTTP answer... */
export const DOWN_AFTER_NO_ANSWERS = 4
/** ...or at once when no HTTP answer came for this long (or ever). */
export const SILENCE_MS = 2_000
export const FIRST_PROBE_MS: readonly [number, number] = [500, 1_000]
export const PROBE_MS: readonly [number, number] = [4_500, 4_900]
export const LONG_OUTAGE_MS = 10 * 60_000
export const LONG_OUTAGE_PROBE_MS: readonly [number, number] = [12_000, 15_000]
export const RETRY_QUOTA = 100
export const RETRY_COST = 1
export const GOOD_ANSWER_REFUND = 2
export const TRICKLE_MS = 1_000
/** The share of good answers over the last HEALTH_WINDOW attempts below which items back off to 30 s. */
export const HEALTH_WINDOW = 50
export const HEALTHY_SHARE = 1 / 3
export const FLAKY_BACKOFF_CAP_MS = 4_000

/** How the next request may go out: any item, only a first attempt, or none before `until`. */
export type Lane =
  | { kind: 'probe' }
  | { kind: 'any' }
  | { kind: 'trickle' }
  | { kind: 'first_only'; trickleAt: number }
  | { kind: 'wait'; until: number }

export interface Ticket {
  sentAt: number
  lane: 'probe' | 'any' | 'trickle' | 'first_only'
}

/** What changed with an answer, for the worker to act on (log, wake the items). */
export type LinkChange = 'went_down' | 'came_back' | null

export class Link {
  private down = false
  private downSince = 0
  private noAnswers = 0
  private lastAnswerAt = Number.NEGATIVE_INFINITY
  private probeAt = 0
  private probing = false
  private window = Number.POSITIVE_INFINITY
  private lastCutAt = Number.NEGATIVE_INFINITY
  private tokens = RETRY_QUOTA
  private trickleAt = 0
  private trickling = false
  private readonly recent: boolean[] = []

  constructor(private readonly random: () => number = Math.random) {}

  get isDown(): boolean {
    return this.down
  }

  /** The retry quota's tokens (for tests and figures). */
  get retryTokens(): number {
    return this.tokens
  }

  /** Requests allowed in flight now, within the configured concurrency. */
  capacity(max: number): number {
    if (this.down) return 1
    this.window = Math.min(this.window, max)
    return Math.max(1, Math.floor(this.window))
  }

  /** The lane for the next request, given what is in flight. */
  lane(now: number, inFlight: number, max: number): Lane {
    if (this.down) {
      if (this.probing) return { kind: 'wait', until: Number.POSITIVE_INFINITY }
      return this.probeAt > now ? { kind: 'wait', until: this.probeAt } : { kind: 'probe' }
    }
    if (inFlight >= this.capacity(max)) return { kind: 'wait', until: Number.POSITIVE_INFINITY }
    if (this.tokens >= RETRY_COST) return { kind: 'any' }
    if (!this.trickling && this.trickleAt <= now) return { kind: 'trickle' }
    return { kind: 'first_only', trickleAt: this.trickling ? Number.POSITIVE_INFINITY : this.trickleAt }
  }

  /** A request of `lane` left now; `retry`: the item had been tried before. */
  sent(now: number, lane: Ticket['lane'], retry: boolean): Ticket {
    if (lane === 'probe') this.probing = true
    else if (lane === 'trickle') this.trickling = true
    else if (retry) this.tokens = Math.max(0, this.tokens - RETRY_COST)
    return { sentAt: now, lane }
  }

  /** The request of `ticket` ended with `answer`. */
  answered(ticket: Ticket, answer: LinkAnswer, now: number): LinkChange {
    if (ticket.lane === 'probe') this.probing = false
    if (ticket.lane === 'trickle') {
      this.trickling = false
      this.trickleAt = now + TRICKLE_MS
    }
    this.remember(answer === 'good')
    if (answer === 'none') return this.noAnswer(ticket, now)
    this.noAnswers = 0
    this.lastAnswerAt = now
    if (answer === 'good') {
      this.tokens = Math.min(RETRY_QUOTA, this.tokens + GOOD_ANSWER_REFUND)
      if (Number.isFinite(this.window)) this.window += 1 / Math.max(1, this.window)
    } else this.cut(ticket, now)
    if (!this.down) return null
    // Any HTTP answer means the host is there again (a 5xx is the flaky lane's business).
    this.down = false
    this.probeAt = 0
    return 'came_back'
  }

  /** When a failed item may be tried again: at once while down (the probe paces), else its own backoff. */
  retryDelayMs(attempts: number): number {
    if (this.down) return 0
    return backoffMs(attempts, this.random, BACKOFF_BASE_MS, this.healthy() ? FLAKY_BACKOFF_CAP_MS : BACKOFF_CAP_MS)
  }

  /** "Sync now": a probe (or a trickled retry) may go at once. */
  hurry(): void {
    this.probeAt = 0
    this.trickleAt = 0
  }

  private noAnswer(ticket: Ticket, now: number): LinkChange {
    this.noAnswers++
    this.cut(ticket, now)
    if (this.down) {
      if (ticket.lane === 'probe') this.probeAt = now + this.probeInterval(now)
      return null
    }
    if (this.noAnswers < DOWN_AFTER_NO_ANSWERS && now - this.lastAnswerAt < SILENCE_MS) return null
    this.down = true
    this.downSince = now
    this.probeAt = now + between(FIRST_PROBE_MS, this.random)
    return 'went_down'
  }

  private probeInterval(now: number): number {
    return between(now - this.downSince >= LONG_OUTAGE_MS ? LONG_OUTAGE_PROBE_MS : PROBE_MS, this.random)
  }

  /** Multiplicative decrease, once per round: only for a request sent after the last cut. */
  private cut(ticket: Ticket, now: number): void {
    if (ticket.sentAt < this.lastCutAt) return
    this.lastCutAt = now
    if (Number.isFinite(this.window)) this.window = Math.max(1, this.window / 2)
  }

  private remember(good: boolean): void {
    this.recent.push(good)
    if (this.recent.length > HEALTH_WINDOW) this.recent.shift()
  }

  /** Whether the API answers well overall (too few answers yet to tell counts as well). */
  private healthy(): boolean {
    if (this.recent.length < 10) return true
    return this.recent.filter(Boolean).length / this.recent.length >= HEALTHY_SHARE
  }
}

function between([lo, hi]: readonly [number, number], random: () => number): number {
  return Math.round(lo + (hi - lo) * Math.min(Math.max(random(), 0), 1))
}
