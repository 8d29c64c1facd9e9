// Discrepancies against the manifest from rows built in code: which dispensary is this station's is
// learned from the API's answers for cases it imported itself.
import { describe, expect, it } from 'vitest'
import { discrepancies, type DiscrepancyInput } from '../../../electron/core/review/discrepancies.std'

const P = '1A4FF0100000022000000103'
const D1 = { uuid: 'D1', name: 'Green Valley Downtown', state: 'CA' }
const D2 = { uuid: 'D2', name: 'Green Valley Uptown', state: 'CA' }
const pkg = { package_uid: P, pos_product_id: 'p', pos_inventory_id: 'i', sku: 's', product_name: 'Gelato', on_manifest: 1, updated_at: 0 }
const manifest = ['A', 'B', 'C', 'E'].map((c) => ({ package_uid: P, case_uuid: c, packaged_product_uuid: null, on_manifest: 1 }))
const lookup = JSON.stringify({
  case_ids: {
    A: { is_imported: true, package_uid: P, dispensary: D1, imported_on: '2026-05-09T10:00:00Z' },
    B: { is_imported: true, package_uid: P, dispensary: D2, imported_on: '2026-05-09T10:00:00Z' },
    C: { is_imported: true, package_uid: P, dispensary: D1, imported_on: '2026-05-09T11:00:00Z' },
    E: { is_imported: false, package_uid: null, dispensary: null, imported_on: null }
  }
})
const doneImport = { id: 1, operation: 'import' as const, case_uuid: 'A', packaged_product_uuid: 'pp', package_uid: P, state: 'done' as const, api_message: null, last_error: null, reason: null }

function input(ops: DiscrepancyInput['ops']): DiscrepancyInput {
  return { rows: [], packages: [pkg], cases: manifest, ops, lookups: [{ package_uid: P, body: lookup }] }
}

describe('discrepancies', () => {
  it("a case in the same package but another dispensary's is imported elsewhere once this station's dispensary is known", () => {
    const d = discrepancies(input([doneImport]))
    expect(d.importedElsewhere).toEqual([expect.objectContaining({ caseUuid: 'B', importedInto: P, dispensary: 'Green Valley Uptown', source: 'lookup' })])
    // C went into the package at this dispensary (another station): received. E never came.
    expect(d.expectedNotReceived.map((e) => [e.caseUuid, e.status])).toEqual([['E', 'not scanned']])
  })

  it('without an import of its own to learn from, the station cannot tell dispensaries apart and counts them received', () => {
    const d = discrepancies(input([]))
    expect(d.importedElsewhere).toEqual([])
    expect(d.expectedNotReceived.map((e) => e.caseUuid)).toEqual(['E'])
  })

  it('reads a damaged cached answer as no answer', () => {
    const d = discrepancies({ ...input([]), lookups: [{ package_uid: P, body: '{not json' }] })
    expect(d.expectedNotReceived.map((e) => e.caseUuid)).toEqual(['A', 'B', 'C', 'E'])
  })
})
