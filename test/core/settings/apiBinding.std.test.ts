// The API an operation is bound to, and the names a person sees for it.
import { describe, expect, it } from 'vitest'
import { apiBindingOf, apiName, sameApi, waitingForApi } from '../../../electron/core/settings/apiBinding.std'
import { dayApis, mixedApisNotice } from '../../../electron/core/review/day.std'
import type { DayOperationRow } from '../../../electron/core/types'

describe('API binding', () => {
  it('names the built-in sandbox, the two LucidRetail APIs, and any other by its address', () => {
    const names = {
      builtin: 'Built-in sandbox',
      'https://retail-test.lucidgreen.io': 'LucidRetail test',
      'https://retail.lucidgreen.io': 'LucidRetail production',
      'http://127.0.0.1:4100': 'http://127.0.0.1:4100'
    }
    for (const [url, name] of Object.entries(names)) expect(apiName(url), url).toBe(name)
  })

  it('binds the built-in sandbox without a client id, and any other API with its client id', () => {
    expect(apiBindingOf({ apiUrl: 'builtin', clientId: 'left-over' })).toEqual({ url: 'builtin', clientId: '' })
    expect(apiBindingOf({ apiUrl: 'https://retail.lucidgreen.io', clientId: 'c1' })).toEqual({ url: 'https://retail.lucidgreen.io', clientId: 'c1' })
    expect(sameApi({ url: 'https://x', clientId: 'a' }, { url: 'https://x', clientId: 'b' })).toBe(false)
  })

  it('an operation not sent yet and bound to another API waits for it by name; a done one or one for this API waits for nothing', () => {
    const prod = { url: 'https://retail.lucidgreen.io', clientId: 'c1' }
    const sandbox = { url: 'builtin', clientId: '' }
    expect(waitingForApi({ state: 'pending', api: sandbox }, prod)).toBe('Built-in sandbox')
    expect(waitingForApi({ state: 'in_flight', api: sandbox }, prod)).toBe('Built-in sandbox')
    expect(waitingForApi({ state: 'pending', api: prod }, prod)).toBeNull()
    expect(waitingForApi({ state: 'done', api: sandbox }, prod)).toBeNull()
    expect(waitingForApi({ state: 'failed', api: sandbox }, prod)).toBeNull()
  })

  it('a day with one API says nothing; a day that mixes APIs says so, with the client id when two share an address', () => {
    const row = (url: string, clientId: string) => ({ api: { url, clientId }, apiName: apiName(url) }) as DayOperationRow
    expect(mixedApisNotice(dayApis([row('builtin', ''), row('builtin', '')]))).toBeNull()
    const apis = dayApis([row('builtin', ''), row('https://retail.lucidgreen.io', 'a'), row('https://retail.lucidgreen.io', 'a'), row('https://retail.lucidgreen.io', 'b')])
    expect(apis).toEqual([
      { name: 'LucidRetail production (client a)', operations: 2 },
      { name: 'Built-in sandbox', operations: 1 },
      { name: 'LucidRetail production (client b)', operations: 1 }
    ])
    expect(mixedApisNotice(apis)).toBe(
      'This day mixes APIs: LucidRetail production (client a) (2 operations), Built-in sandbox (1 operation), LucidRetail production (client b) (1 operation). Each row says which API it was for.'
    )
  })
})
