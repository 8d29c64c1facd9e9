const WINDOW_MS = 60_000

/** A sliding 60-second window per client, like DRF's SimpleRateThrottle; refused requests do not count. */
export class RateLimiter {
  private readonly history = new Map<string, number[]>()

  constructor(private readonly perMinute: number) {}

  /** Counts the request and returns null, or returns the whole seconds to wait. */
  take(client: string, now = Date.now()): number | null {
    const times = (this.history.get(client) ?? []).filter((t) => t > now - WINDOW_MS)
    this.history.set(client, times)
    if (times.length >= this.perMinute) {
      const oldest = times[0] ?? now
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000))
    }
    times.push(now)
    return null
  }
}

export function throttledMessage(wait: number): string {
  return `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.`
}
