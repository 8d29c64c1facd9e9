// The worker's pacing rules (electron/core/outbox/link.std.ts): down vs flaky, AIMD, retry quota.
import { describe, expect, it } from 'vitest'
import { linkAnswer } from '../../../electron/core/client/classify.std'
import { DOWN_AFTER_NO_ANSWERS, FLAKY_BACKOFF_CAP_MS, GOOD_ANSWER_REFUND, Link, LONG_OUTAGE_MS, PROBE_MS, RETRY_QUOTA, TRICKLE_MS, type LinkAnswer } from '../../../electron/core/outbox/link.std'

const MAX = 4

/** Sends one request on whatever lane is open now and ends it with `answer`; returns the lane used. */
function attempt(link: Link, now: number, answer: LinkAnswer, retry = false): string {
  const lane = link.lane(now, 0, MAX)
  if (lane.kind === 'wait') return 'wait'
  link.answered(link.sent(now, lane.kind, retry), answer, now + 1)
  return lane.kind
}

describe('link: down', () => {
  it('a link that never answered is down at the first attempt without an answer; then one probe at a time', () => {
    const link = new Link(() => 0.5)
    const tickets = [0, 1, 2, 3].map(() => link.sent(0, 'any', false))
    expect(link.answered(tickets[0]!, 'none', 10)).toBe('went_down')
    for (const t of tickets.slice(1)) expect(link.answered(t, 'none', 10)).toBeNull()
    expect(link.isDown).toBe(true)
    expect(link.capacity(MAX)).toBe(1)
    expect(link.retryDelayMs(5)).toBe(0)
    const first = link.lane(10, 0, MAX)
    expect(first.kind).toBe('wait')
    if (first.kind !== 'wait') return
    expect(first.until - 10).toBeLessThanOrEqual(1_000)
    const probe = link.sent(first.until, 'probe', true)
    expect(link.lane(first.until, 1, MAX)).toMatchObject({ kind: 'wait', until: Number.POSITIVE_INFINITY })
    expect(link.answered(probe, 'none', first.until + 5)).toBeNull()
    const next = link.lane(first.until + 5, 0, MAX)
    expect(next.kind).toBe('wait')
    if (next.kind === 'wait') expect(next.until - (first.until + 5)).toBeGreaterThanOrEqual(PROBE_MS[0])
    expect(link.retryTokens).toBe(RETRY_QUOTA)
  })

  it('a 60 s outage costs at most 15 requests, and the API is noticed within 5 s of its return', () => {
    for (const r of [0, 0.5, 1]) {
      const link = new Link(() => r)
      let now = 0
      let requests = 0
      const back = 60_000
      for (;;) {
        const lane = link.lane(now, 0, MAX)
        if (lane.kind === 'wait') {
          now = lane.until
          continue
        }
        requests++
        const up = now >= back
        link.answered(link.sent(now, lane.kind, requests > 1), up ? 'good' : 'none', now)
        if (up) break
      }
      expect(requests - 1, `random ${r}`).toBeLessThanOrEqual(15)
      expect(now - back, `random ${r}`).toBeLessThanOrEqual(5_000)
      expect(link.isDown).toBe(false)
    }
  })

  it('probes less often after a long outage', () => {
    const link = new Link(() => 0)
    link.answered(link.sent(0, 'any', false), 'none', 0)
    const probe = link.sent(LONG_OUTAGE_MS + 1, 'probe', true)
    link.answered(probe, 'none', LONG_OUTAGE_MS + 1)
    const lane = link.lane(LONG_OUTAGE_MS + 1, 0, MAX)
    expect(lane.kind === 'wait' && lane.until - LONG_OUTAGE_MS - 1).toBeGreaterThan(PROBE_MS[1])
  })

  it('any HTTP answer (a 503 too) brings the link back; a lost answer among good ones is not an outage', () => {
    const link = new Link(() => 0.5)
    link.answered(link.sent(0, 'any', false), 'none', 0)
    expect(link.isDown).toBe(true)
    expect(link.answered(link.sent(1_000, 'probe', true), 'failed', 1_001)).toBe('came_back')
    for (let i = 0; i < 20; i++) attempt(link, 2_000 + i, i % 3 === 0 ? 'none' : 'good')
    expect(link.isDown).toBe(false)
    for (let i = 0; i < DOWN_AFTER_NO_ANSWERS - 1; i++) attempt(link, 3_000 + i, 'none')
    expect(link.isDown).toBe(false)
    attempt(link, 3_100, 'none')
    expect(link.isDown).toBe(true)
  })
})

describe('link: flaky', () => {
  it('AIMD: the window halves once per round of failures and grows back with good answers', () => {
    const link = new Link(() => 0.5)
    expect(link.capacity(MAX)).toBe(MAX)
    const round = [0, 1, 2, 3].map(() => link.sent(100, 'any', false))
    for (const t of round) link.answered(t, 'failed', 110)
    expect(link.capacity(MAX)).toBe(MAX / 2)
    link.answered(link.sent(120, 'any', false), 'failed', 130)
    expect(link.capacity(MAX)).toBe(1)
    for (let i = 0; i < 10; i++) link.answered(link.sent(200 + i, 'any', false), 'good', 200 + i)
    expect(link.capacity(MAX)).toBe(MAX)
  })

  it('retry quota: retries spend tokens, good answers refund them; an empty bucket stops retries but not first attempts', () => {
    const link = new Link(() => 0.5)
    let now = 0
    for (let i = 0; i < RETRY_QUOTA; i++) link.answered(link.sent(now++, 'any', true), 'failed', now)
    expect(link.retryTokens).toBe(0)
    const lane = link.lane(now, 0, MAX)
    expect(lane.kind).toBe('trickle')
    const trickled = link.sent(now, 'trickle', true)
    expect(link.lane(now, 1, MAX)).toMatchObject({ kind: 'first_only' })
    link.answered(trickled, 'failed', now + 10)
    expect(link.lane(now + 10, 0, MAX)).toMatchObject({ kind: 'first_only', trickleAt: now + 10 + TRICKLE_MS })
    link.answered(link.sent(now + 20, 'first_only', false), 'good', now + 30)
    expect(link.retryTokens).toBe(GOOD_ANSWER_REFUND)
    expect(link.lane(now + 40, 0, MAX).kind).toBe('any')
  })

  it('per-item backoff stays short while the API answers well, grows to 30 s when most answers fail', () => {
    const link = new Link(() => 1)
    for (let i = 0; i < 30; i++) attempt(link, i, i % 2 === 0 ? 'good' : 'failed')
    expect(link.retryDelayMs(10)).toBe(FLAKY_BACKOFF_CAP_MS)
    expect(link.retryDelayMs(1)).toBe(1_000)
    for (let i = 0; i < 50; i++) attempt(link, 100 + i, 'failed')
    expect(link.retryDelayMs(10)).toBe(30_000)
  })

  it('every 5xx is a failed answer (500 as 503), no answer is none, 429 throttled, the rest good', () => {
    expect(linkAnswer({ kind: 'retry', status: 500, unreachable: false, message: '' })).toBe('failed')
    expect(linkAnswer({ kind: 'retry', status: 503, unreachable: false, message: '' })).toBe('failed')
    expect(linkAnswer({ kind: 'retry', status: null, unreachable: true, message: '' })).toBe('none')
    expect(linkAnswer({ kind: 'rate_limited', retryAfterMs: 1, message: '' })).toBe('throttled')
    expect(linkAnswer({ kind: 'refused', status: 400, message: '', body: null })).toBe('good')
    expect(linkAnswer({ kind: 'credentials', status: 401, message: '' })).toBe('good')
  })
})
