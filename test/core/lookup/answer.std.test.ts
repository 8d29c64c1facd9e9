// The one reader of a cached `caseids_for_package_uid` answer, and its readers agreeing on one body:
// the lookup merge, the receiving guard's whereabouts (cachedCaseAnswer), the review and the reconcile (importStates).
import { describe, expect, it } from 'vitest'
import { EXPORT_SOURCE, importStates, readLookupAnswer } from '../../../electron/core/lookup/answer.std'
import { cachedCaseAnswer, mergeCases } from '../../../electron/core/lookup/merge.std'

const PKG = '1A4FF0100000022000000123'
const OTHER = '1A4FF0100000022000000456'
const DOWNTOWN = { uuid: 'd-1', name: 'Downtown', state: 'CA' }

const answer = JSON.stringify({
  package_uid: PKG,
  case_ids: {
    here: { is_imported: true, imported_on: '2026-12-01T10:00:00Z', package_uid: PKG, dispensary: DOWNTOWN },
    elsewhere: { is_imported: true, imported_on: '2026-12-01T11:00:00Z', package_uid: OTHER, dispensary: { name: 'No id' } },
    open: { is_imported: false, imported_on: '2026-12-01T12:00:00Z' },
    broken: 'not a case'
  }
})

describe('readLookupAnswer', () => {
  it('lists every case the answer gives as an object, with what it says of each', () => {
    const read = readLookupAnswer(answer)
    expect(read?.fromExport).toBe(false)
    expect([...read!.cases.keys()]).toEqual(['here', 'elsewhere', 'open'])
    expect(read!.cases.get('here')).toEqual({ isImported: true, importedOn: '2026-12-01T10:00:00Z', importedInto: PKG, dispensary: DOWNTOWN })
    // A dispensary without an id is none; what the API wrote is kept whatever is_imported says.
    expect(read!.cases.get('elsewhere')?.dispensary).toBeNull()
    expect(read!.cases.get('open')).toEqual({ isImported: false, importedOn: '2026-12-01T12:00:00Z', importedInto: null, dispensary: null })
  })

  it('is null for what is no answer, and marks the day\'s export', () => {
    for (const body of ['{not json', 'null', '[]', '{"case_ids": 3}', '{}']) expect(readLookupAnswer(body)).toBeNull()
    const exported = JSON.stringify({ package_uid: PKG, case_ids: { a: {} }, source: EXPORT_SOURCE })
    expect(readLookupAnswer(exported)).toEqual({ fromExport: true, cases: new Map([['a', { isImported: false, importedOn: null, importedInto: null, dispensary: null }]]) })
    expect(importStates(exported)).toBeNull()
    expect(importStates('{not json')).toBeNull()
  })

  it('gives its readers one reading: merge, whereabouts and import states agree', () => {
    const states = importStates(answer)!
    const merged = mergeCases(PKG, readLookupAnswer(answer), 1, [], [])
    for (const c of merged) {
      const state = states.get(c.caseUuid)!
      expect(c.api).toEqual({ isImported: state.isImported, importedOn: state.importedOn, packageUid: state.importedInto, dispensary: state.dispensary })
      const whereabouts = cachedCaseAnswer(PKG, answer, 1, c.caseUuid)
      expect(whereabouts?.isImported).toBe(state.isImported)
      expect(whereabouts?.importedInto).toBe(state.isImported ? state.importedInto : null)
    }
    expect(merged.map((c) => [c.caseUuid, c.status])).toEqual([['here', 'Imported'], ['elsewhere', 'Imported elsewhere'], ['open', 'Not imported']])
    expect(cachedCaseAnswer(PKG, answer, 1, 'broken')).toBeNull()
  })
})
