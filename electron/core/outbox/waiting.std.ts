// What an operation not sent yet is waiting for, in words every face shows beside it ("Pending 1"
// never stands without a reason): its own API, a failed item of the same case ahead of it (FIFO per
// case and API), an earlier item of the same case, the paused queue, or its next retry. Pure: no I/O.
import { sameApi } from '../settings/apiBinding.std'
import type { OutboxItem } from '../types'

type Waiting = Pick<OutboxItem, 'id' | 'operation' | 'state' | 'caseUuid' | 'api' | 'waitingFor' | 'attempts' | 'nextAttemptAt' | 'lastError'>

/**
 * The reason each pending item of `items` waits, by id (items that may go now have none). `items`
 * must hold every item not done that is older than the ones asked about (the queue's own list does).
 */
export function waitReasons(items: readonly Waiting[], now: number, paused: boolean): Map<number, string> {
  const reasons = new Map<number, string>()
  for (const item of items) {
    if (item.state !== 'pending') continue
    const reason = waitReason(item, items, now, paused)
    if (reason !== null) reasons.set(item.id, reason)
  }
  return reasons
}

function waitReason(item: Waiting, items: readonly Waiting[], now: number, paused: boolean): string | null {
  if (item.waitingFor !== null) return `waiting for its API, ${item.waitingFor}: sent when the station points at it again`
  const ahead = items.filter((o) => o.id < item.id && o.caseUuid === item.caseUuid && sameApi(o.api, item.api) && (o.state === 'pending' || o.state === 'in_flight' || o.state === 'failed'))
  const failed = ahead.find((o) => o.state === 'failed')
  if (failed) return `waiting behind a failed item of the same case (#${failed.id}, ${failed.operation}): retry or discard it`
  const earlier = ahead[0]
  if (earlier) return `waiting behind an earlier item of the same case (#${earlier.id}, ${earlier.operation})`
  if (paused) return 'waiting: the queue is paused until the API accepts the credentials (Settings, F9)'
  if (item.attempts > 0 && item.nextAttemptAt !== null && item.nextAttemptAt > now) {
    return `waiting to try again (attempt ${item.attempts} failed${item.lastError ? `: ${item.lastError.slice(0, 200)}` : ''})`
  }
  return null
}
