// What a pending item waits for, in words: never "Pending 1" without a reason.
import { describe, expect, it } from 'vitest'
import { waitReasons } from '../../../electron/core/outbox/waiting.std'
import type { OutboxItem } from '../../../electron/core/types'

const SANDBOX = { url: 'builtin', clientId: '' }
const TEST_API = { url: 'https://retail-test.lucidgreen.io', clientId: 'abc' }

function item(id: number, over: Partial<OutboxItem> = {}): OutboxItem {
  return { id, operation: 'import', state: 'pending', caseUuid: 'C1', api: SANDBOX, waitingFor: null, attempts: 0, nextAttemptAt: 0, lastError: null, ...over } as OutboxItem
}

describe('wait reasons', () => {
  it('names the failed item of the same case that holds an item back, and what to do', () => {
    const reasons = waitReasons([item(1, { state: 'failed' }), item(2, { operation: 'remove' }), item(3, { caseUuid: 'C2' })], 1000, false)
    expect(reasons.get(2)).toBe('waiting behind a failed item of the same case (#1, import): retry or discard it')
    expect(reasons.has(3)).toBe(false) // another case goes on
    expect(reasons.has(1)).toBe(false) // failed: its own reason is its message
  })

  it('names an earlier item of the same case still on its way', () => {
    const reasons = waitReasons([item(1, { state: 'in_flight' }), item(2, { operation: 'remove' })], 1000, false)
    expect(reasons.get(2)).toBe('waiting behind an earlier item of the same case (#1, import)')
  })

  it('names its own API when bound to another one; items of another API never hold it back', () => {
    const reasons = waitReasons([item(1, { state: 'failed', api: TEST_API }), item(2, { api: TEST_API, waitingFor: 'LucidRetail test' }), item(3)], 1000, false)
    expect(reasons.get(2)).toBe('waiting for its API, LucidRetail test: sent when the station points at it again')
    expect(reasons.has(3)).toBe(false)
  })

  it('says the queue is paused, and a retry after a failed attempt', () => {
    expect(waitReasons([item(1)], 1000, true).get(1)).toMatch(/^waiting: the queue is paused/)
    const retry = waitReasons([item(1, { attempts: 2, nextAttemptAt: 5000, lastError: 'HTTP 503' })], 1000, false)
    expect(retry.get(1)).toBe('waiting to try again (attempt 2 failed: HTTP 503)')
    expect(waitReasons([item(1, { attempts: 2, nextAttemptAt: 500 })], 1000, false).has(1)).toBe(false)
  })
})
