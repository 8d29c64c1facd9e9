// Exponential backoff with jitter, capped.
export const BACKOFF_BASE_MS = 1_000
export const BACKOFF_CAP_MS = 30_000

/**
 * Delay before attempt number `failures + 1`, after `failures` transient failures (>= 1):
 * base·2^(failures-1), capped, then "equal jitter": uniformly within [half, full] of it, so
 * stations that lost the network together do not come back in step.
 */
export function backoffMs(failures: number, random: () => number = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const n = Math.max(1, Math.floor(failures))
  const ceiling = Math.min(cap, base * 2 ** Math.min(n - 1, 30))
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.round(ceiling / 2 + (ceiling / 2) * r)
}
