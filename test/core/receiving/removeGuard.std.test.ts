import { describe, expect, it } from 'vitest'
import { packagesImportedHere, removeRefusal, type CaseOperation } from '../../../electron/core/receiving/removeGuard.std'

const CASE = '2TNRMhkwBGUMEwRRJYKB6T'
const op = (id: number, operation: 'import' | 'remove', packageUid: string, state = 'done'): CaseOperation => ({ id, operation, state, packageUid })

describe('a remove names the package this station imported the case into', () => {
  it('refuses a remove from another package, naming the right one', () => {
    expect(removeRefusal(CASE, 'PKG-B', [op(1, 'import', 'PKG-A')])).toContain('into PKG-A, not into PKG-B')
    expect(removeRefusal(CASE, 'PKG-B', [op(1, 'import', 'PKG-A', 'pending')])).toContain('into PKG-A')
  })

  it('lets through a remove from the package it is in, or when this station knows nothing of the case', () => {
    expect(removeRefusal(CASE, 'PKG-A', [op(1, 'import', 'PKG-A')])).toBeNull()
    expect(removeRefusal(CASE, 'PKG-A', [])).toBeNull()
    // Imported, removed, imported again elsewhere: the last place counts.
    expect(packagesImportedHere([op(3, 'import', 'PKG-B'), op(1, 'import', 'PKG-A'), op(2, 'remove', 'PKG-A')])).toEqual(['PKG-B'])
    // A failed or cancelled import left nothing; a failed remove left the import.
    expect(packagesImportedHere([op(1, 'import', 'PKG-A', 'failed'), op(2, 'import', 'PKG-C', 'cancelled')])).toEqual([])
    expect(packagesImportedHere([op(1, 'import', 'PKG-A'), op(2, 'remove', 'PKG-A', 'failed')])).toEqual(['PKG-A'])
  })
})
