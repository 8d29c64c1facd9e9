import { describe, expect, it } from 'vitest'
import type { Connection, LookupCase, LookupView } from '../../../electron/contract'
import { formatClock } from '../../../renderer/src/components/format.std'
import { caseDetails, connectionWords, describeCsvError, idleStatus, lookupAge } from '../../../renderer/src/components/words.std'

const CASE = 'UNDTMBovdue9tFWfhamnDM'
const at = '2026-05-10T10:42:00.000Z'

function lookupCase(patch: Partial<LookupCase>): LookupCase {
  return { caseUuid: CASE, status: 'Not imported', detail: null, importedOn: null, importedInto: null, dispensary: null, packagedProducts: [], ...patch }
}

describe('caseDetails', () => {
  it("gives the station's reason, else the dispensary of an import", () => {
    expect(caseDetails(lookupCase({ status: 'Failed', detail: 'This case has already been scanned for another dispensary.' }))).toBe(
      'This case has already been scanned for another dispensary.'
    )
    const dispensary = { uuid: 'd', name: 'Green Valley Downtown', state: 'CA' }
    expect(caseDetails(lookupCase({ status: 'Imported', dispensary }))).toBe('Green Valley Downtown, CA')
    expect(caseDetails(lookupCase({ status: 'Not imported', dispensary }))).toBe('')
  })

  it('counts the packaged products of a multi-batch case one by one, and names a failing one', () => {
    const c = lookupCase({
      status: 'Failed',
      detail: 'import queued',
      packagedProducts: [
        { uuid: 'a', status: 'Imported', detail: null },
        { uuid: 'b', status: 'Failed', detail: 'POS Package UID not found' },
        { uuid: 'c', status: 'Queued', detail: 'import queued' }
      ]
    })
    expect(caseDetails(c)).toBe('import queued · 1/3 packaged products done · POS Package UID not found')
    // One packaged product: no count.
    expect(caseDetails(lookupCase({ packagedProducts: [{ uuid: 'a', status: 'Imported', detail: null }] }))).toBe('')
  })
})

describe('lookupAge', () => {
  const view = (patch: Partial<LookupView>): LookupView => ({ packageUid: 'P', fetchedAt: at, stale: false, error: null, cases: [], ...patch })
  it('says a live answer, or the age of the one shown offline', () => {
    expect(lookupAge(null)).toBe('Looking up its CaseIDs…')
    expect(lookupAge(view({}))).toBe(`Live answer at ${formatClock(at)}`)
    expect(lookupAge(view({ stale: true, error: 'cannot reach the API: nothing answers at its address' }))).toBe(`Answer from ${formatClock(at)}; no fresh one (cannot reach the API: nothing answers at its address)`)
    expect(lookupAge(view({ stale: true, fetchedAt: null }))).toBe('The API has not answered for this package yet')
  })
})

describe('connectionWords', () => {
  const connection = (patch: Partial<Connection>): Connection => ({ state: 'checking', online: null, lastAnswerAt: null, paused: null, headline: 'Checking…', message: 'Checking the connection to the API…', ...patch })
  it("is the station's headline, coloured by state, with the last answer's time when working or unreachable", () => {
    expect(connectionWords(connection({ state: 'working', headline: 'Working', online: true, lastAnswerAt: at }))).toEqual({ word: 'Working', tone: 'tone-accepted', detail: `last answer ${formatClock(at)}` })
    expect(connectionWords(connection({ state: 'unreachable', headline: 'Unreachable', online: false, lastAnswerAt: at }))).toMatchObject({ word: 'Unreachable', tone: 'tone-refused' })
    expect(connectionWords(connection({ state: 'unreachable', headline: 'Unreachable', online: false })).detail).toBe('')
    expect(connectionWords(connection({ state: 'refused', headline: 'Credentials refused', paused: 'credentials', lastAnswerAt: at }))).toEqual({ word: 'Credentials refused', tone: 'tone-refused', detail: '' })
    expect(connectionWords(connection({})).word).toBe('Checking…')
    expect(connectionWords(undefined).word).toBe('Starting…')
  })

  it('the idle status line adds the connection sentence only when it is not working', () => {
    expect(idleStatus(connection({ state: 'working', headline: 'Working', message: 'Working: the built-in sandbox accepts this station.' }))).toBe('Ready to scan: scan a Package UID, then its cases.')
    expect(idleStatus(connection({ state: 'unreachable', headline: 'Unreachable', message: 'Unreachable: check the network.' }))).toBe('Ready to scan: scan a Package UID, then its cases. Unreachable: check the network.')
  })
})

describe('describeCsvError', () => {
  it('names line and column, and leaves them out for an error of the whole file', () => {
    expect(describeCsvError({ line: 3, column: 'case_uuid', message: 'must be a ShortUUID' })).toBe('Line 3, column case_uuid: must be a ShortUUID')
    expect(describeCsvError({ line: 2, column: '', message: '3 values where the header has 7 columns' })).toBe('Line 2: 3 values where the header has 7 columns')
    expect(describeCsvError({ line: 0, column: '', message: 'The file is empty' })).toBe('The file is empty')
  })
})
