const WINDOW_MS = 60_000

interface Window { times: number[]; head: number }

/** A sliding 60-second window per client, like DRF's SimpleRateThrottle; refused requests do not count. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>()

  constructor(private readonly perMinute: number) {}

  /** Counts the request and returns null, or returns the whole seconds to wait. */
  take(client: string, now = Date.now()): number | null {
    let w = this.windows.get(client)
    if (!w) this.windows.set(client, (w = { times: [], head: 0 }))
    // Times are appended in order: expired ones are all at the front.
    while (w.head < w.times.length && w.times[w.head]! <= now - WINDOW_MS) w.head++
    if (w.head > 1024 && w.head * 2 > w.times.length) {
      w.times = w.times.slice(w.head)
      w.head = 0
    }
    if (w.times.length - w.head >= this.perMinute) {
      return Math.max(1, Math.ceil((w.times[w.head]! + WINDOW_MS - now) / 1000))
    }
    w.times.push(Math.max(now, w.times[w.times.length - 1] ?? now))
    return null
  }
}

export function throttledMessage(wait: number): string {
  return `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.`
}
