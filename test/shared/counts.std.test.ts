import { describe, expect, it } from 'vitest'
import { countOf, manifestLoadedWords } from '../../electron/shared/counts.std'

describe('counts in words', () => {
  it('says one in the singular and any other number in the plural', () => {
    expect(countOf(1, 'package')).toBe('1 package')
    expect(countOf(0, 'package')).toBe('0 packages')
    expect(countOf(2, 'row')).toBe('2 rows')
    expect(countOf(3, 'CaseID')).toBe('3 CaseIDs')
  })

  it('a loaded manifest: one package, one row, and the encoding read', () => {
    expect(manifestLoadedWords({ packages: 1, rows: 1, encoding: 'Windows-1252' })).toBe('1 package, 1 row, read as Windows-1252')
    expect(manifestLoadedWords({ packages: 2, rows: 5, encoding: null })).toBe('2 packages, 5 rows')
  })
})
