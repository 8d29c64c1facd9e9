// The classification rule alone: the cases a sandbox day does not easily make.
import { describe, expect, it } from 'vitest'
import { classifyCase, type ApiCaseAnswer, type StationCase } from '../../../electron/core/reconcile/classify.std'

const PKG = '1A4FF0100000022000000301'
const own = { uuid: 'own-uuid', name: 'Downtown', state: 'CA' }
const sister = { uuid: 'sister-uuid', name: 'Uptown', state: 'CA' }
const imported = (into: string | null, by: ApiCaseAnswer['dispensary']): ApiCaseAnswer => ({ isImported: true, importedInto: into, importedOn: '2026-12-01T10:00:00Z', dispensary: by })
const notImported: ApiCaseAnswer = { isImported: false, importedInto: null, importedOn: null, dispensary: null }
const mine = (state: StationCase['state'], message: string | null = null): StationCase => ({ state, at: 0, operator: 'Dana', message })
const OWN = new Set([own.uuid])

describe('classifyCase', () => {
  it('an import this station sent that the API does not have is a disagreement; a failed one says the API\u2019s words', () => {
    expect(classifyCase(PKG, notImported, mine('imported'), true, OWN)).toEqual({ finding: 'unconfirmed', words: expect.stringMatching(/disagreement/) })
    expect(classifyCase(PKG, notImported, mine('failed', 'Object with uuid=x does not exist.'), true, OWN)).toEqual({ finding: 'unconfirmed', words: 'import failed here: Object with uuid=x does not exist.' })
  })

  it('still queued here is unconfirmed whatever the API says; with no answer at all, not checked', () => {
    expect(classifyCase(PKG, imported(PKG, own), mine('queued'), true, OWN).finding).toBe('unconfirmed')
    expect(classifyCase(PKG, null, mine('imported'), false, OWN)).toEqual({ finding: 'not_checked', words: expect.stringContaining('this station: imported here') })
  })

  it('names the dispensary and both packages; another company is said as such', () => {
    expect(classifyCase(PKG, imported(PKG, sister), mine('failed', 'This case has already been scanned for another dispensary.'), true, OWN).finding).toBe('other_dispensary')
    expect(classifyCase(PKG, imported('1A4FF0100000022000000399', own), null, true, OWN).words).toBe(`imported into 1A4FF0100000022000000399 (not ${PKG}) by this dispensary`)
    expect(classifyCase(PKG, imported(null, null), null, true, OWN).finding).toBe('other_company')
  })

  it('before the station has learnt its dispensary, an import by a named dispensary says so', () => {
    const r = classifyCase(PKG, imported(PKG, own), null, true, new Set())
    expect(r.finding).toBe('other_dispensary')
    expect(r.words).toMatch(/Downtown, CA.*not learnt its dispensary/)
  })
})
