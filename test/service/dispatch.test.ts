import { describe, expect, it } from 'vitest'
import { createDispatch, type CallHandlers } from '../../electron/service/dispatch'

// Arguments are refused before any handler runs: no handler is needed.
const dispatch = createDispatch({} as CallHandlers, () => {})

describe('a refused argument', () => {
  it('a scanner option out of range is said in the operator\'s words, not the call\'s or the field\'s code name', async () => {
    const a = await dispatch('setReceivingPreferences', { scanner: { maxInterKeyMs: 3 } })
    expect(a).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'Largest gap between two keys of a scan: at least 5 ms' } })
    const b = await dispatch('setReceivingPreferences', { scanner: { pauseEndsScanMs: 5000, prefixCode: 'F 13' } })
    expect(b.ok ? '' : b.error.message).toBe('Pause that ends a scan without Enter: at most 2000 ms; Prefix key: a key code such as F13')
  })

  it('an argument no operator typed keeps the developer\'s wording', async () => {
    const a = await dispatch('setReceivingPreferences', { scanner: { maxInterKeyMs: 3 }, colour: 'red' })
    expect(a.ok ? '' : a.error.message).toMatch(/^Invalid argument to setReceivingPreferences: /)
  })
})
