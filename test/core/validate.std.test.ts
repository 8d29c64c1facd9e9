import { describe, expect, it } from 'vitest'
import { optionalText, requiredText, StationError } from '../../electron/core/validate.std'

describe('free text from an operator', () => {
  it.each([
    ['RLO', 'Blue \u202Edream'],
    ['LRE', '\u202AName'],
    ['PDF', 'Name\u202C'],
    ['LRI', 'a\u2066b'],
    ['PDI', 'a\u2069b'],
    ['LRM', 'a\u200Eb'],
    ['RLM', 'a\u200Fb']
  ])('refuses a direction mark (%s) in words, naming the field', (_name, value) => {
    expect(() => requiredText('productName', value)).toThrow(StationError)
    expect(() => requiredText('productName', value)).toThrow(/^productName must not contain direction marks/)
    expect(() => optionalText('note', value)).toThrow(/^note must not contain direction marks/)
  })

  it('keeps text in other scripts and plain punctuation', () => {
    expect(requiredText('productName', ' Blue dream — שלום ')).toBe('Blue dream — שלום')
    expect(optionalText('note', '')).toBeNull()
  })
})
