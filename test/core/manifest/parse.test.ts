import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { stringify } from 'csv-stringify/sync'
import { MAX_ERRORS, parseImportCsv, parseManifestCsv, type CsvError, type ManifestRow } from '../../../electron/core/manifest/parse'
import { encodeShortUuid } from '../../../electron/core/scan/parse.std'
import { demoManifestCsv, demoManifestRows } from '../../../electron/sandbox'
import { CASE_A, CASE_B, PP_1, PP_2 } from '../../support/ids'

const HEADER = 'package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid'
const IMPORT_HEADER = 'case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku'
const PKG = '1A4FF0100000022000000123'
const PKG2 = '1A4FF0100000022000000456'

function errorsOf(r: ReturnType<typeof parseManifestCsv> | ReturnType<typeof parseImportCsv>): CsvError[] {
  if (r.ok) throw new Error(`expected errors, got ${r.rows.length} rows`)
  return r.errors
}

function rowsOf<T>(r: { ok: true; rows: T[] } | { ok: false; errors: CsvError[] }): T[] {
  if (!r.ok) throw new Error(`expected rows, got ${JSON.stringify(r.errors)}`)
  return r.rows
}

describe('parseManifestCsv', () => {
  it('reads package-only rows, case rows and multi-batch cases', () => {
    const csv = [HEADER, `${PKG},pp-1,inv-1,SKU1,Blue Dream 3.5g,${CASE_A},${PP_1}`, `${PKG},pp-1,inv-1,SKU1,Blue Dream 3.5g,${CASE_A},${PP_2}`, `${PKG2},pp-2,inv-2,,Gummies,,`].join('\n')
    expect(rowsOf(parseManifestCsv(csv))).toEqual<ManifestRow[]>([
      { line: 2, packageUid: PKG, posProductId: 'pp-1', posInventoryId: 'inv-1', sku: 'SKU1', productName: 'Blue Dream 3.5g', caseUuid: CASE_A, packagedProductUuid: PP_1 },
      { line: 3, packageUid: PKG, posProductId: 'pp-1', posInventoryId: 'inv-1', sku: 'SKU1', productName: 'Blue Dream 3.5g', caseUuid: CASE_A, packagedProductUuid: PP_2 },
      { line: 4, packageUid: PKG2, posProductId: 'pp-2', posInventoryId: 'inv-2', sku: '', productName: 'Gummies', caseUuid: null, packagedProductUuid: null }
    ])
  })

  it('tolerates a BOM, CRLF, quoted fields, spaces around values and blank lines, and counts lines as a spreadsheet does', () => {
    const csv = `\uFEFF${HEADER}\r\n"${PKG}","pp-1","inv-1","S ""1""","Blue, Dream\r\n(3.5g)",${CASE_A},${PP_1}\r\n\r\n ${PKG} , pp-1 ,inv-1,"S ""1""","Blue, Dream\r\n(3.5g)", ${CASE_B} ,${PP_1}\r\n,,,,,,\r\n`
    const rows = rowsOf(parseManifestCsv(csv))
    expect(rows.map((r) => r.line)).toEqual([2, 5])
    expect(rows[0]).toMatchObject({ sku: 'S "1"', productName: 'Blue, Dream (3.5g)', caseUuid: CASE_A })
    expect(rows[1]).toMatchObject({ packageUid: PKG, posProductId: 'pp-1', caseUuid: CASE_B })
  })

  it('reads a Metrc tag written in lower case or with dashes as the tag a scanner reads, so the package and its cases match the scans', () => {
    const lower = PKG.toLowerCase()
    const dashed = `${PKG2.slice(0, 5)}-${PKG2.slice(5, 12)}-${PKG2.slice(12)}`
    const csv = [HEADER, `${lower},pp-1,inv-1,SKU1,Blue Dream 3.5g,${CASE_A},${PP_1}`, `${PKG},pp-1,inv-1,SKU1,Blue Dream 3.5g,${CASE_B},${PP_1}`, `${dashed},pp-2,inv-2,,Gummies,,`].join('\n')
    expect(rowsOf(parseManifestCsv(csv)).map((r) => r.packageUid)).toEqual([PKG, PKG, PKG2])
    // Another traceability system's Package UID is kept as written.
    expect(rowsOf(parseManifestCsv([HEADER, 'PKG-001,pp-1,inv-1,,Other,,'].join('\n')))[0]!.packageUid).toBe('PKG-001')
    const imports = [IMPORT_HEADER, `${CASE_A},${PP_1},${lower},pp-1,inv-1,`].join('\n')
    expect(rowsOf(parseImportCsv(imports))[0]!.packageUid).toBe(PKG)
  })

  it('accepts the columns in any order and any case', () => {
    const csv = `CASE_UUID,packaged_product_uuid,Product_Name,sku,pos_inventory_id,pos_product_id,package_uid\n${CASE_A},${PP_1},Name,S,inv,pp,${PKG}\n`
    expect(rowsOf(parseManifestCsv(csv))).toEqual([{ line: 2, packageUid: PKG, posProductId: 'pp', posInventoryId: 'inv', sku: 'S', productName: 'Name', caseUuid: CASE_A, packagedProductUuid: PP_1 }])
  })

  it('reads the sandbox demo manifest (written independently)', () => {
    const rows = rowsOf(parseManifestCsv(demoManifestCsv()))
    const demo = demoManifestRows()
    expect(rows).toHaveLength(demo.length)
    expect(rows.map((r) => [r.packageUid, r.caseUuid, r.packagedProductUuid])).toEqual(demo.map((d) => [d.package_uid, d.case_uuid, d.packaged_product_uuid]))
  })

  it('refuses a header with a missing, unknown or repeated column, naming it on line 1', () => {
    const missing = errorsOf(parseManifestCsv('package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid\nA,1,2,3,4,\n'))
    expect(missing).toEqual([expect.objectContaining({ line: 1, column: 'packaged_product_uuid', message: expect.stringMatching(/missing column packaged_product_uuid/) })])
    const unknown = errorsOf(parseManifestCsv(`${HEADER},price\nA,1,2,3,4,,,9\n`))
    expect(unknown).toEqual([expect.objectContaining({ line: 1, column: 'price', message: expect.stringMatching(/unknown column/) })])
    const twice = errorsOf(parseManifestCsv(`${HEADER},sku\n`))
    expect(twice[0]).toMatchObject({ line: 1, column: 'sku', message: expect.stringMatching(/twice/) })
    const importHeader = errorsOf(parseManifestCsv(`${IMPORT_HEADER}\n${CASE_A},${PP_1},${PKG},pp,inv,\n`))
    expect(importHeader.map((e) => e.column).sort()).toEqual(['product_name'])
  })

  it('says so for an empty file, a header without rows, a binary file and a malformed CSV', () => {
    for (const empty of ['', '\uFEFF', ' \r\n\r\n']) expect(errorsOf(parseManifestCsv(empty))[0]!.message).toMatch(/empty/)
    expect(errorsOf(parseManifestCsv(`${HEADER}\r\n`))[0]!.message).toMatch(/no rows/)
    expect(errorsOf(parseManifestCsv('\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR'))[0]!.message).toMatch(/binary/)
    expect(errorsOf(parseManifestCsv('PK\x03\x04\x14\x00\x06\x00'))[0]!.message).toMatch(/binary/)
    const unclosed = errorsOf(parseManifestCsv(`${HEADER}\n${PKG},"pp,inv,S,N,,\n`))
    expect(unclosed[0]!.message).toMatch(/malformed/i)
    expect(unclosed[0]!.line).toBeGreaterThanOrEqual(2)
  })

  it('refuses more than 50,000 rows', () => {
    const row = `${PKG},pp,inv,S,N,,`
    const ok = `${HEADER}\n${Array.from({ length: 50_000 }, (_, i) => `P${i},pp,inv,S,N,,`).join('\n')}\n`
    expect(rowsOf(parseManifestCsv(ok))).toHaveLength(50_000)
    const tooMany = `${HEADER}\n${Array.from({ length: 50_001 }, () => row).join('\n')}\n`
    expect(errorsOf(parseManifestCsv(tooMany))).toEqual([expect.objectContaining({ message: expect.stringMatching(/More than 50,000 rows/) })])
  })

  it('names the line and column of every bad value', () => {
    const csv = [
      HEADER,
      `,pp,inv,S,N,,`, // 2: no package uid
      `PKG 1,pp,inv,S,N,,`, // 3: space in package uid
      `${PKG},,inv,S,N,,`, // 4: no POS product id
      `${PKG},pp,,S,N,,`, // 5: no POS inventory id
      `${PKG},pp,inv,S,N,${CASE_A},`, // 6: case without packaged product
      `${PKG},pp,inv,S,N,,${PP_1}`, // 7: packaged product without case
      `${PKG},pp,inv,S,N,${CASE_A.slice(1)},${PP_1}`, // 8: 21-character case
      `${PKG},pp,inv,S,N,${CASE_A},l${PP_1.slice(1)}`, // 9: 'l' in packaged product
      `${PKG},pp,inv,S,N,too,many,values`, // 10: width
      `${PKG},pp,inv,S\u0007,N,,` // 11: control character
    ].join('\n')
    const errors = errorsOf(parseManifestCsv(csv))
    const at = (line: number) => errors.filter((e) => e.line === line)
    expect(at(2)).toEqual([expect.objectContaining({ column: 'package_uid', message: expect.stringMatching(/empty/) })])
    expect(at(3)).toEqual([expect.objectContaining({ column: 'package_uid', message: expect.stringMatching(/printable ASCII/) })])
    expect(at(4)).toEqual([expect.objectContaining({ column: 'pos_product_id', message: expect.stringMatching(/required/) })])
    expect(at(5)).toEqual([expect.objectContaining({ column: 'pos_inventory_id' })])
    expect(at(6)).toEqual([expect.objectContaining({ column: 'packaged_product_uuid', message: expect.stringMatching(/both or neither/) })])
    expect(at(7)).toEqual([expect.objectContaining({ column: 'case_uuid', message: expect.stringMatching(/both or neither/) })])
    expect(at(8)).toEqual([expect.objectContaining({ column: 'case_uuid', message: expect.stringMatching(/21 characters: a CaseID has 22/) })])
    expect(at(9)).toEqual([expect.objectContaining({ column: 'packaged_product_uuid', message: expect.stringMatching(/'l'/) })])
    expect(at(10)).toEqual([{ line: 10, column: '', message: '8 values where the header has 7 columns' }])
    expect(at(11)).toEqual([expect.objectContaining({ column: 'sku', message: expect.stringMatching(/control/) })])
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
  })

  it('refuses direction marks in text columns, naming the line and column', () => {
    const csv = [HEADER, `${PKG},pp,inv,S,Blue \u202Edream,,`, `${PKG2},pp2,inv2,S\u2066x,N,,`, `1A4FF0100000022000000999,pp3,inv3,S3,a\u200Fb,,`].join('\n')
    const errors = errorsOf(parseManifestCsv(csv))
    expect(errors).toEqual([
      { line: 2, column: 'product_name', message: expect.stringMatching(/^product_name must not contain direction marks/) },
      { line: 3, column: 'sku', message: expect.stringMatching(/^sku must not contain direction marks/) },
      { line: 4, column: 'product_name', message: expect.stringMatching(/^product_name must not contain direction marks/) }
    ])
  })

  it('flags duplicates and a packaged product listed under two packages', () => {
    const csv = [HEADER, `${PKG},pp,inv,S,N,${CASE_A},${PP_1}`, `${PKG},pp,inv,S,N,${CASE_A},${PP_1}`, `${PKG2},pp2,inv2,S2,N2,${CASE_A},${PP_1}`, `${PKG2},pp2,inv2,S2,N2,,`, `${PKG2},pp2,inv2,S2,N2,,`].join('\n')
    const errors = errorsOf(parseManifestCsv(csv))
    expect(errors).toEqual([
      expect.objectContaining({ line: 3, column: 'case_uuid', message: expect.stringMatching(/duplicate.*line 2/) }),
      expect.objectContaining({ line: 4, column: 'case_uuid', message: expect.stringMatching(/line 2 under package 1A4FF0100000022000000123/) }),
      expect.objectContaining({ line: 6, column: 'package_uid', message: expect.stringMatching(/duplicate.*line 5/) })
    ])
  })

  it('keeps a package\'s product, SKU and POS ids the same on all its rows', () => {
    const csv = [HEADER, `${PKG},pp,inv,S,Name,${CASE_A},${PP_1}`, `${PKG},pp,inv,S,Name,,`, `${PKG},pp-X,inv,S-X,Name,${CASE_B},${PP_1}`].join('\n')
    const errors = errorsOf(parseManifestCsv(csv))
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [4, 'pos_product_id'],
      [4, 'sku']
    ])
    expect(errors[0]!.message).toContain('line 2')
  })

  it('lists at most 100 errors and counts the rest', () => {
    const csv = `${HEADER}\n${Array.from({ length: 250 }, () => ',pp,inv,S,N,,').join('\n')}`
    const errors = errorsOf(parseManifestCsv(csv))
    expect(errors).toHaveLength(MAX_ERRORS + 1)
    expect(errors[MAX_ERRORS]!.message).toBe('and 150 more errors: nothing was loaded')
  })
})

describe('parseImportCsv', () => {
  it('reads rows, with an empty SKU as null', () => {
    const csv = `${IMPORT_HEADER}\r\n${CASE_A},${PP_1},${PKG},pp,inv,S1\r\n${CASE_B},${PP_1},${PKG},pp,inv,\r\n`
    expect(rowsOf(parseImportCsv(csv))).toEqual([
      { line: 2, caseUuid: CASE_A, packagedProductUuid: PP_1, packageUid: PKG, posProductId: 'pp', posInventoryId: 'inv', sku: 'S1' },
      { line: 3, caseUuid: CASE_B, packagedProductUuid: PP_1, packageUid: PKG, posProductId: 'pp', posInventoryId: 'inv', sku: null }
    ])
  })

  it('requires the CaseID, packaged product, package and POS ids, and flags duplicates', () => {
    const csv = [IMPORT_HEADER, `,${PP_1},${PKG},pp,inv,`, `${CASE_A},,${PKG},pp,inv,`, `${CASE_A},${PP_1},,pp,inv,`, `${CASE_A},${PP_1},${PKG},,inv,`, `${CASE_A},${PP_1},${PKG},pp,,`, `${CASE_A},${PP_1},${PKG},pp,inv,`, `${CASE_A},${PP_1},${PKG},pp,inv,`].join('\n')
    expect(errorsOf(parseImportCsv(csv)).map((e) => [e.line, e.column])).toEqual([
      [2, 'case_uuid'],
      [3, 'packaged_product_uuid'],
      [4, 'package_uid'],
      [5, 'pos_product_id'],
      [6, 'pos_inventory_id'],
      [8, 'case_uuid']
    ])
  })

  it('checks its own header', () => {
    expect(errorsOf(parseImportCsv(`${HEADER}\n`)).map((e) => e.column).sort()).toEqual(['product_name'])
  })
})

// ---- generated files ----------------------------------------------------------------------------

const shortUuid = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map(encodeShortUuid)
const text = fc.string({ unit: fc.constantFrom(...'abcXYZ 019,"-/é\'#;'), maxLength: 20 }).map((s) => s.trim())
const id = fc.string({ unit: fc.constantFrom(...'ABCXYZ0129-_.'), minLength: 1, maxLength: 24 })
const pkgSpec = fc.record({ uid: id, pp: text.filter((s) => s !== ''), inv: text.filter((s) => s !== ''), sku: text, name: text })

describe('manifest properties', () => {
  it('reads back every generated manifest, however it is quoted and whatever its line endings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(pkgSpec, { selector: (p) => p.uid, minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), shortUuid, shortUuid), { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        (pkgs, cases, eol, quoted, bom) => {
          const rows: string[][] = []
          const seen = new Set<string>()
          for (const [i, c, p] of cases) {
            if (seen.has(`${c}/${p}`)) continue
            seen.add(`${c}/${p}`)
            const k = pkgs[i % pkgs.length]!
            rows.push([k.uid, k.pp, k.inv, k.sku, k.name, c, p])
          }
          for (const k of pkgs) rows.push([k.uid, k.pp, k.inv, k.sku, k.name, '', ''])
          const csv = (bom ? '\uFEFF' : '') + stringify([HEADER.split(','), ...rows], { record_delimiter: eol === '\n' ? 'unix' : 'windows', quoted })
          const parsed = rowsOf(parseManifestCsv(csv))
          expect(parsed.map((r) => [r.packageUid, r.posProductId, r.posInventoryId, r.sku, r.productName, r.caseUuid ?? '', r.packagedProductUuid ?? ''])).toEqual(rows)
          expect(parsed.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2))
        }
      ),
      { numRuns: 300 }
    )
  })

  it('never throws on arbitrary text, and every error names a line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.array(fc.array(fc.oneof(fc.string({ maxLength: 8 }), shortUuid, fc.constantFrom('"', '""', '\r', '\n', ',')), { maxLength: 9 }), { maxLength: 8 }).map((rows) => [HEADER, ...rows.map((r) => r.join(','))].join('\n'))
        ),
        (s) => {
          for (const r of [parseManifestCsv(s), parseImportCsv(s)]) {
            if (!r.ok) {
              expect(r.errors.length).toBeGreaterThan(0)
              for (const e of r.errors) {
                expect(Number.isInteger(e.line)).toBe(true)
                expect(typeof e.column).toBe('string')
                expect(e.message.length).toBeGreaterThan(0)
              }
            }
          }
        }
      ),
      { numRuns: 2000 }
    )
  })
})
