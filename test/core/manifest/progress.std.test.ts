// How far a package is received, in the operator's words: cases as cases, packaged products as
// products, and only what the manifest expected.
import { describe, expect, it } from 'vitest'
import { packageProgress, progressWords, type ProgressRow } from '../../../electron/core/manifest/progress.std'

const row = (caseUuid: string, packagedProductUuid: string | null, onManifest = true): ProgressRow => ({ caseUuid, packagedProductUuid, onManifest })
const pairs = (...p: string[]) => new Set(p)

describe('package progress', () => {
  it('counts a package of 2 cases holding 3 packaged products as 2 cases, 3 products', () => {
    const rows = [row('C1', 'P1'), row('C1', 'P2'), row('C2', 'P3')]
    const none = packageProgress(rows, pairs())
    expect(none).toEqual({ expectedCases: 2, importedCases: 0, expectedProducts: 3, importedProducts: 0, casesNotOnManifest: 0 })
    expect(progressWords(none)).toBe('0 / 2 cases, 0 / 3 products')
    // A multi-batch case is imported when all its packaged products are.
    const half = packageProgress(rows, pairs('C1|P1', 'C2|P3'))
    expect(progressWords(half)).toBe('1 / 2 cases, 2 / 3 products')
    expect(progressWords(packageProgress(rows, pairs('C1|P1', 'C1|P2', 'C2|P3')))).toBe('2 / 2 cases, 3 / 3 products')
  })

  it('says only cases when every case holds one packaged product', () => {
    const rows = [row('C1', 'P1'), row('C2', 'P1'), row('C3', 'P1')]
    expect(progressWords(packageProgress(rows, pairs('C2|P1')))).toBe('1 / 3 cases')
    expect(progressWords(packageProgress([row('C1', 'P1')], pairs('C1|P1')))).toBe('1 / 1 case')
  })

  it('never raises what the manifest expected for a case scanned that is not on it', () => {
    const manifest = [row('C1', 'P1'), row('C2', 'P1'), row('C3', 'P1')]
    // The operator answered the packaged product of C9 (remembered, not on the manifest) and it was imported.
    const withOffManifest = [...manifest, row('C9', 'P9', false)]
    const p = packageProgress(withOffManifest, pairs('C1|P1', 'C9|P9'))
    expect(p).toMatchObject({ expectedCases: 3, importedCases: 1, expectedProducts: 3, casesNotOnManifest: 1 })
    expect(progressWords(p)).toBe('1 / 3 cases; 1 case not on the manifest')
    // All expected and one more: complete, never "4 / 4".
    expect(progressWords(packageProgress(withOffManifest, pairs('C1|P1', 'C2|P1', 'C3|P1', 'C9|P9')))).toBe('3 / 3 cases; 1 case not on the manifest')
  })

  it('counts a case listed without its packaged product once, imported by any import of it', () => {
    const rows = [row('C1', null), row('C2', 'P2')]
    expect(progressWords(packageProgress(rows, pairs('C1|PX')))).toBe('1 / 2 cases')
  })

  it('with nothing expected (entered by hand), says how many cases were imported', () => {
    const rows = [row('C1', 'P1', false), row('C2', 'P2', false)]
    expect(progressWords(packageProgress(rows, pairs()))).toBe('0 cases imported')
    expect(progressWords(packageProgress(rows, pairs('C1|P1', 'C2|P2', 'C3|P3')))).toBe('3 cases imported')
  })
})
