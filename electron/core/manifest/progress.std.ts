// How far a package is received, counted the way an operator counts: cases as cases, packaged products
// as products, and only what the manifest lists as expected (a case scanned that is not on it, or a
// package entered by hand, never changes what the manifest expected). The words are said here once for
// every face (the page's "Expected today", the command line's `manifest show`). Pure: no I/O.

export interface ProgressRow {
  caseUuid: string
  /** null: the manifest names the case without its packaged product. */
  packagedProductUuid: string | null
  /** The row came from a manifest (not from an operator's answer for a case not on it). */
  onManifest: boolean
}

export interface PackageProgress {
  expectedCases: number
  /** Expected cases whose every expected packaged product this station has imported. */
  importedCases: number
  /** Expected packaged products (a case listed without its packaged product counts as one). */
  expectedProducts: number
  importedProducts: number
  /** Cases imported into the package that the manifest does not list for it. */
  casesNotOnManifest: number
}

/**
 * `imported`: the (case, packaged product) pairs this station has imported into the package and not
 * removed since, as `${caseUuid}|${packagedProductUuid}`.
 */
export function packageProgress(rows: ProgressRow[], imported: ReadonlySet<string>): PackageProgress {
  const expected = new Map<string, (string | null)[]>()
  for (const r of rows) {
    if (!r.onManifest) continue
    const products = expected.get(r.caseUuid) ?? []
    products.push(r.packagedProductUuid)
    expected.set(r.caseUuid, products)
  }
  const importedCases = new Set([...imported].map((pair) => pair.slice(0, pair.indexOf('|'))))
  const isImported = (caseUuid: string, pp: string | null): boolean => (pp === null ? importedCases.has(caseUuid) : imported.has(`${caseUuid}|${pp}`))
  let expectedProducts = 0
  let importedProducts = 0
  let done = 0
  for (const [caseUuid, products] of expected) {
    const distinct = [...new Set(products)]
    const doneProducts = distinct.filter((pp) => isImported(caseUuid, pp)).length
    expectedProducts += distinct.length
    importedProducts += doneProducts
    if (doneProducts === distinct.length) done++
  }
  return {
    expectedCases: expected.size,
    importedCases: done,
    expectedProducts,
    importedProducts,
    casesNotOnManifest: [...importedCases].filter((c) => !expected.has(c)).length
  }
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/**
 * "0 / 2 cases, 0 / 3 products" (products said when they are not one a case), "3 / 3 cases",
 * "3 / 3 cases; 1 case not on the manifest"; with nothing expected (a package entered by hand, or a
 * manifest row without cases): "2 cases imported".
 */
export function progressWords(p: PackageProgress): string {
  if (p.expectedCases === 0) return `${count(p.casesNotOnManifest, 'case')} imported`
  const cases = `${p.importedCases} / ${count(p.expectedCases, 'case')}`
  const products = p.expectedProducts !== p.expectedCases ? `, ${p.importedProducts} / ${count(p.expectedProducts, 'product')}` : ''
  const extra = p.casesNotOnManifest > 0 ? `; ${count(p.casesNotOnManifest, 'case')} not on the manifest` : ''
  return `${cases}${products}${extra}`
}
