import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LookupCase, LookupView } from '../../../electron/contract'
import { markImportsOfOthers, ownDispensaryStore, type OwnOperation } from '../../../electron/core/lookup/ownDispensary'

const PKG = '1A4FF0100000022000000103'
const OURS = { uuid: 'DowntownDispensaryUuid1', name: 'Green Valley Downtown', state: 'CA' }
const SISTER = { uuid: 'UptownDispensaryUuid12', name: 'Green Valley Uptown', state: 'CA' }

function imported(caseUuid: string, dispensary: LookupCase['dispensary']): LookupCase {
  return { caseUuid, status: 'Imported', detail: null, importedOn: '2026-05-10T15:00:00Z', importedInto: PKG, dispensary, packagedProducts: [{ uuid: `${caseUuid}-pp`, status: 'Imported', detail: null }] }
}
const view = (cases: LookupCase[]): LookupView => ({ packageUid: PKG, fetchedAt: '2026-05-10T15:01:00Z', stale: false, error: null, cases })
const done = (outcome: string): OwnOperation[] => [{ operation: 'import', state: 'done', outcome, packageUid: PKG }]

describe('imports of a sister dispensary into the same package', () => {
  it('read "Imported elsewhere" once the station knows its own dispensary from a case it imported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-own-'))
    const own = ownDispensaryStore(dir, 'http://api demo-client')
    const ops: Record<string, OwnOperation[]> = { mine: done('imported') }
    const answer = view([imported('mine', OURS), imported('theirs', SISTER), imported('unknown-by-us', null)])
    const marked = markImportsOfOthers(answer, (c) => ops[c] ?? [], own)
    expect(marked.cases.map((c) => c.status)).toEqual(['Imported', 'Imported elsewhere', 'Imported'])
    expect(marked.cases[1]!.detail).toBe('imported into this package by Green Valley Uptown, CA')
    expect(marked.cases[1]!.packagedProducts[0]!.status).toBe('Imported elsewhere')

    // Remembered: a later answer without any case of ours is still told apart, for this client only.
    const later = markImportsOfOthers(view([imported('theirs', SISTER), imported('ours-by-another-station', OURS)]), () => [], own)
    expect(later.cases.map((c) => c.status)).toEqual(['Imported elsewhere', 'Imported'])
    const otherClient = ownDispensaryStore(dir, 'http://api another-client')
    expect(markImportsOfOthers(view([imported('theirs', SISTER)]), () => [], otherClient).cases[0]!.status).toBe('Imported')
  })

  it('leaves the answer as it is while the station has not imported anything the API confirmed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-own-'))
    const own = ownDispensaryStore(dir, 'c')
    const pending: OwnOperation[] = [{ operation: 'import', state: 'pending', outcome: null, packageUid: PKG }]
    const answer = view([imported('queued-here', OURS), imported('theirs', SISTER)])
    expect(markImportsOfOthers(answer, (c) => (c === 'queued-here' ? pending : []), own)).toEqual(answer)
    // "Already imported into this package" is the API's word that the import is ours.
    const marked = markImportsOfOthers(answer, (c) => (c === 'queued-here' ? done('already_imported') : []), own)
    expect(marked.cases.map((c) => c.status)).toEqual(['Imported', 'Imported elsewhere'])
  })

  it('reads a damaged file as nothing learned', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-own-'))
    fs.writeFileSync(path.join(dir, 'own-dispensary.json'), '{"c": 42, "d": ["x", 3]')
    expect(ownDispensaryStore(dir, 'c').known()).toEqual(new Set())
  })
})
