// Refreshing the answers a reconcile compares with: at most one lookup per package, none for a package
// whose cached answer is younger than a minute and newer than this station's last change on it, through the station's own client and rate limiter,
// a few at a time, with progress, and cancellable. Stops asking once the API cannot be reached: the
// rest are compared with their last answers (marked with their age).

/** A cached answer younger than this is used as it is. */
export const FRESH_ANSWER_MS = 60_000

const CANCELLED = 'not asked: the reconcile was cancelled'

export interface ReconcileProgress {
  /** Packages of the day; packages settled so far (asked, skipped as fresh, or given up). */
  total: number
  done: number
  /** Lookups sent; answers kept as fresh; lookups that failed. */
  asked: number
  fresh: number
  failed: number
}

export type AskOutcome = { ok: true } | { ok: false; message: string; unreachable: boolean }

export interface RefreshDeps {
  /** When the package's cached answer was given (epoch ms), null when there is none. */
  answeredAt: (packageUid: string) => number | null
  /** When this station last changed something on the package, or its API (epoch ms): an answer older than that is not fresh. */
  changedAt: (packageUid: string) => number | null
  /** One lookup through the station's client; caches the answer. */
  ask: (packageUid: string, signal: AbortSignal) => Promise<AskOutcome>
  /** Resolves once the rate limiter has room for one more request (rejects when aborted). */
  room: (signal: AbortSignal) => Promise<void>
  now: () => number
  concurrency: number
  signal?: AbortSignal
  onProgress?: (p: ReconcileProgress) => void
}

export interface RefreshResult {
  progress: ReconcileProgress
  /** Why a package has no fresh answer: its lookup failed, the API could not be reached, or the reconcile was cancelled. */
  problems: Map<string, string>
  cancelled: boolean
}

export async function refreshAnswers(packageUids: readonly string[], deps: RefreshDeps): Promise<RefreshResult> {
  const uids = [...new Set(packageUids)]
  const progress: ReconcileProgress = { total: uids.length, done: 0, asked: 0, fresh: 0, failed: 0 }
  const problems = new Map<string, string>()
  const stop = new AbortController()
  const signal = deps.signal ? AbortSignal.any([deps.signal, stop.signal]) : stop.signal
  let unreachable: string | null = null
  const report = () => deps.onProgress?.({ ...progress })
  report()

  let next = 0
  const one = async (uid: string): Promise<void> => {
    const at = deps.answeredAt(uid)
    if (at !== null && deps.now() - at < FRESH_ANSWER_MS && at >= (deps.changedAt(uid) ?? 0)) {
      progress.fresh++
      return
    }
    if (unreachable !== null) {
      problems.set(uid, `not asked: ${unreachable}`)
      return
    }
    try {
      await deps.room(signal)
    } catch {
      // aborted while waiting for the rate limiter
    }
    if (signal.aborted) {
      problems.set(uid, CANCELLED)
      return
    }
    progress.asked++
    const outcome = await deps.ask(uid, signal)
    if (outcome.ok) return
    if (signal.aborted) {
      problems.set(uid, CANCELLED)
      return
    }
    progress.failed++
    problems.set(uid, outcome.message)
    if (outcome.unreachable && !signal.aborted) unreachable ??= `LucidRetail could not be reached (${outcome.message})`
  }
  const lane = async (): Promise<void> => {
    while (next < uids.length && !signal.aborted) {
      const uid = uids[next++]!
      await one(uid)
      progress.done++
      report()
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency, uids.length)) }, lane))
  const cancelled = deps.signal?.aborted === true
  if (cancelled) for (const uid of uids.slice(next)) problems.set(uid, CANCELLED)
  stop.abort()
  return { progress, problems, cancelled }
}
