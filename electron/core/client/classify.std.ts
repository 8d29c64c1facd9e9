// How the station reads each LucidRetail answer. Pure functions, tested on their own.

export type ApiOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  /** Network error, timeout, or 5xx / 408: try again later. `unreachable` when no HTTP answer came at all. */
  | { kind: 'retry'; status: number | null; unreachable: boolean; message: string }
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  /** The API refused the credentials (401 after a fresh token, or the token endpoint refusing them). */
  | { kind: 'credentials'; status: number; message: string }
  /** Refused for good (400 and other 4xx): `message` is the API's own words, verbatim. */
  | { kind: 'refused'; status: number; message: string; body: unknown }

/** The API's words from a 400 body: `detail` verbatim, or the field messages as "field: message". */
export function apiWords(body: unknown, fallback: string): string {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>
    if (typeof o.detail === 'string') return o.detail
    if (typeof o.error === 'string') return o.error
    const parts: string[] = []
    for (const [k, v] of Object.entries(o)) {
      if (Array.isArray(v)) parts.push(`${k}: ${v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}`)
      else if (typeof v === 'string') parts.push(`${k}: ${v}`)
      else parts.push(`${k}: ${JSON.stringify(v)}`)
    }
    if (parts.length > 0) return parts.join('; ')
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500)
  return fallback
}

/** Retry-After as seconds or an HTTP date; a missing or absurd value falls back to `fallbackMs`. */
export function parseRetryAfter(header: string | null, nowMs: number, fallbackMs = 5_000): number {
  if (header === null) return fallbackMs
  const t = header.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Math.min(Math.max(Number(t) * 1000, 0), 3_600_000)
  const d = Date.parse(t)
  if (!Number.isNaN(d)) return Math.min(Math.max(d - nowMs, 0), 3_600_000)
  return fallbackMs
}

/** Classifies an HTTP answer to one of the CaseIDs calls (after the client's own 401 handling). */
export function classifyHttp(status: number, body: unknown, retryAfter: string | null, nowMs: number): ApiOutcome {
  if (status >= 200 && status < 300) return { kind: 'ok', status, body }
  if (status === 429) {
    const ms = parseRetryAfter(retryAfter, nowMs)
    return { kind: 'rate_limited', retryAfterMs: ms, message: `rate limited by the API (429), waiting ${Math.ceil(ms / 1000)} s` }
  }
  if (status === 401 || status === 403) return { kind: 'credentials', status, message: `the API refused the credentials (${status})` }
  if (status >= 500 || status === 408 || status === 425) return { kind: 'retry', status, unreachable: false, message: `the API answered ${status}` }
  return { kind: 'refused', status, message: apiWords(body, `the API answered ${status}`), body }
}

const ALREADY = /^Items in CaseID (\S+) are already imported into inventory (.+)$/

/** "Items in CaseID X are already imported into inventory P." → { caseUuid: X, packageUid: P }. */
export function parseAlreadyImported(message: string): { caseUuid: string; packageUid: string } | null {
  const m = ALREADY.exec(message.trim())
  if (!m) return null
  let p = m[2]!
  if (p.endsWith('.')) p = p.slice(0, -1)
  return { caseUuid: m[1]!, packageUid: p }
}

export type ItemVerdict =
  | { state: 'done'; outcome: 'imported' | 'already_imported' | 'removed' | 'nothing_to_remove'; apiMessage: string | null }
  | { state: 'failed'; outcome: 'refused' | 'conflict'; apiMessage: string }

/**
 * What a definitive answer means for an outbox item. Replays are expected (no idempotency key):
 * "already imported into <this package>" is success whether or not an earlier attempt was recorded;
 * a remove that finds nothing to remove is success too.
 */
export function verdictFor(
  item: { operation: 'import' | 'remove'; caseUuid: string; packageUid: string },
  outcome: Extract<ApiOutcome, { kind: 'ok' } | { kind: 'refused' }>
): ItemVerdict {
  if (outcome.kind === 'ok') return { state: 'done', outcome: item.operation === 'import' ? 'imported' : 'removed', apiMessage: null }
  const words = outcome.message
  if (item.operation === 'import' && outcome.status === 400) {
    const already = parseAlreadyImported(words)
    if (already && already.caseUuid === item.caseUuid) {
      if (already.packageUid === item.packageUid || `${already.packageUid}.` === item.packageUid) return { state: 'done', outcome: 'already_imported', apiMessage: words }
      return { state: 'failed', outcome: 'conflict', apiMessage: words }
    }
  }
  if (item.operation === 'remove' && outcome.status === 400 && isNothingToRemove(words)) {
    return { state: 'done', outcome: 'nothing_to_remove', apiMessage: words }
  }
  return { state: 'failed', outcome: 'refused', apiMessage: words }
}

/** A remove refused because there is nothing (left) to remove in that package. */
export function isNothingToRemove(words: string): boolean {
  return /^POS Package UID not found\b/i.test(words) || /\b(no|not) (import|imported|imports)\b.*\bfound\b/i.test(words) || /\bnot imported\b/i.test(words)
}

/**
 * What an attempt's outcome says about the link to the API (the worker's pacing, outbox/link.std.ts):
 * every 5xx alike (a 500 is treated as a 503), and "no HTTP answer at all" apart from the rest.
 */
export function linkAnswer(outcome: ApiOutcome): 'good' | 'failed' | 'throttled' | 'none' {
  switch (outcome.kind) {
    case 'retry':
      return outcome.unreachable ? 'none' : 'failed'
    case 'rate_limited':
      return 'throttled'
    default:
      return 'good'
  }
}
