// The day's manifest CSV and the bulk-import CSV, validated whole before anything is loaded.
// Pure: text in, rows or errors out; never throws. Errors name the line (1-based, the header is
// line 1) and the column, so an operator can fix the file in a spreadsheet.
import { parse } from 'csv-parse/sync'
import { PACKAGE_UID_MAX } from '../../shared/ids.std'
import { isShortUuid, normaliseTag, shortUuidProblem } from '../scan/parse.std'
import { BIDI_CONTROL_WORDS, hasBidiControl, hasControl, isControlCode } from '../validate.std'
import type { ManifestRow } from '../types'

export type { ManifestRow }
export type CsvError = { line: number; column: string; message: string }

export type ImportRow = {
  line: number
  caseUuid: string
  packagedProductUuid: string
  packageUid: string
  posProductId: string
  posInventoryId: string
  sku: string | null
}

export const MANIFEST_COLUMNS = ['package_uid', 'pos_product_id', 'pos_inventory_id', 'sku', 'product_name', 'case_uuid', 'packaged_product_uuid'] as const
export const IMPORT_COLUMNS = ['case_uuid', 'packaged_product_uuid', 'package_uid', 'pos_product_id', 'pos_inventory_id', 'sku'] as const
export const MAX_ROWS = 50_000
/** About 50,000 rows of long lines; beyond that the file is not a manifest. */
export const MAX_CHARS = 32 * 1024 * 1024
/** Errors listed before the rest are summed up in one line. */
export const MAX_ERRORS = 100
const MAX_ID = 128
const MAX_TEXT = 500

export type CsvResult<R> = { ok: true; rows: R[] } | { ok: false; errors: CsvError[] }
type Record = { line: number; values: Map<string, string> }

export function parseManifestCsv(text: string): CsvResult<ManifestRow> {
  const packages = new Map<string, ManifestRow>()
  const pairs = new Map<string, { line: number; packageUid: string }>()
  const packageOnly = new Map<string, number>()
  return parseRows(text, MANIFEST_COLUMNS, (rec, e): ManifestRow | null => {
    const packageUid = packageUidField(rec, 'package_uid', e)
    const posProductId = requiredText(rec, 'pos_product_id', e, MAX_ID)
    const posInventoryId = requiredText(rec, 'pos_inventory_id', e, MAX_ID)
    const sku = optionalText(rec, 'sku', e, MAX_ID)
    const productName = optionalText(rec, 'product_name', e, MAX_TEXT)
    const ids = caseColumns(rec, e)
    if (packageUid === null || posProductId === null || posInventoryId === null || sku === null || productName === null || ids === null) return null
    const row: ManifestRow = { line: rec.line, packageUid, posProductId, posInventoryId, sku, productName, ...ids }

    const first = packages.get(packageUid)
    if (first) {
      const fields: [keyof ManifestRow, string][] = [['posProductId', 'pos_product_id'], ['posInventoryId', 'pos_inventory_id'], ['sku', 'sku'], ['productName', 'product_name']]
      for (const [key, column] of fields) {
        if (row[key] !== first[key]) {
          e(column, `package ${packageUid} has ${column} ${quote(String(row[key]))} here but ${quote(String(first[key]))} on line ${first.line}: one package has one product`)
        }
      }
    } else {
      packages.set(packageUid, row)
    }

    if (row.caseUuid !== null && row.packagedProductUuid !== null) {
      const key = `${row.caseUuid}/${row.packagedProductUuid}`
      const seen = pairs.get(key)
      if (seen) {
        e(
          'case_uuid',
          seen.packageUid === packageUid
            ? `duplicate: case ${row.caseUuid} with packaged product ${row.packagedProductUuid} is already on line ${seen.line}`
            : `case ${row.caseUuid} with packaged product ${row.packagedProductUuid} is already on line ${seen.line} under package ${seen.packageUid}: a packaged product goes into one package`
        )
      } else {
        pairs.set(key, { line: rec.line, packageUid })
      }
    } else {
      const seen = packageOnly.get(packageUid)
      if (seen !== undefined) e('package_uid', `duplicate: package ${packageUid} is already described on line ${seen}`)
      else packageOnly.set(packageUid, rec.line)
    }
    return row
  })
}

export function parseImportCsv(text: string): CsvResult<ImportRow> {
  const pairs = new Map<string, number>()
  return parseRows(text, IMPORT_COLUMNS, (rec, e): ImportRow | null => {
    const caseUuid = shortUuidField(rec, 'case_uuid', 'a CaseID', e)
    const packagedProductUuid = shortUuidField(rec, 'packaged_product_uuid', 'a packaged product id', e)
    const packageUid = packageUidField(rec, 'package_uid', e)
    const posProductId = requiredText(rec, 'pos_product_id', e, MAX_ID)
    const posInventoryId = requiredText(rec, 'pos_inventory_id', e, MAX_ID)
    const sku = optionalText(rec, 'sku', e, MAX_ID)
    if (caseUuid === null || packagedProductUuid === null || packageUid === null || posProductId === null || posInventoryId === null || sku === null) return null
    const key = `${caseUuid}/${packagedProductUuid}`
    const seen = pairs.get(key)
    if (seen !== undefined) {
      e('case_uuid', `duplicate: case ${caseUuid} with packaged product ${packagedProductUuid} is already on line ${seen}`)
      return null
    }
    pairs.set(key, rec.line)
    return { line: rec.line, caseUuid, packagedProductUuid, packageUid, posProductId, posInventoryId, sku: sku === '' ? null : sku }
  })
}

/**
 * The table read and its header checked, then each record given to `row` with its way to report an
 * error; the rows, or every error (none of the rows) when there is one.
 */
function parseRows<R>(text: string, columns: readonly string[], row: (rec: Record, e: Report) => R | null): CsvResult<R> {
  return guarded(() => {
    const table = readTable(text, columns)
    if (!table.ok) return table
    const errors = new Errors(table.problems)
    const rows: R[] = []
    for (const rec of table.records) {
      const r = row(rec, errors.at(rec.line))
      if (r !== null) rows.push(r)
    }
    return errors.result(rows)
  })
}

function guarded<R>(run: () => CsvResult<R>): CsvResult<R> {
  try {
    return run()
  } catch (err) {
    return { ok: false, errors: [{ line: 0, column: '', message: `The file could not be read: ${err instanceof Error ? err.message : String(err)}` }] }
  }
}

class Errors {
  readonly list: CsvError[] = []
  private count = 0
  constructor(first: CsvError[] = []) {
    for (const e of first) this.at(e.line)(e.column, e.message)
  }
  at(line: number): (column: string, message: string) => void {
    return (column, message) => {
      this.count++
      if (this.list.length < MAX_ERRORS) this.list.push({ line, column, message })
    }
  }
  result<R>(rows: R[]): CsvResult<R> {
    if (this.count === 0) return { ok: true, rows }
    // In file order, as an operator fixes them (the sort is stable within a line).
    const errors = [...this.list].sort((a, b) => a.line - b.line)
    if (this.count > errors.length) {
      const rest = this.count - errors.length
      errors.push({ line: 0, column: '', message: `and ${rest} more error${rest === 1 ? '' : 's'}: nothing was loaded` })
    }
    return { ok: false, errors }
  }
}

/** Records with their first line, and the rows refused already for their width (reported with the rest). */
type Table = { ok: true; records: Record[]; problems: CsvError[] } | { ok: false; errors: CsvError[] }

/** Text → header-checked records with their first line number. */
function readTable(text: string, columns: readonly string[]): Table {
  const fail = (line: number, column: string, message: string): Table => ({ ok: false, errors: [{ line, column, message }] })
  if (typeof text !== 'string') return fail(0, '', 'The file could not be read as text.')
  if (text.length > MAX_CHARS) return fail(0, '', `The file is too large (${Math.round(text.length / 1024 / 1024)} MB): a manifest has at most ${MAX_ROWS.toLocaleString('en-US')} rows.`)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') return fail(0, '', `The file is empty: expected a header line ${columns.join(',')}.`)
  if (looksBinary(text)) return fail(0, '', 'This is not a CSV text file (it holds binary data): export the manifest as CSV.')

  // One line ending for the parser (and for line numbers): CRLF, LF and a lone CR all end a line.
  const normal = text.replace(/\r\n?/g, '\n')
  let parsed: { record: string[]; info: { lines: number }; raw: string }[]
  try {
    parsed = parse(normal, {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: '\n'
    }) as unknown as typeof parsed
  } catch (err) {
    const e = err as { lines?: unknown; message?: unknown }
    const line = typeof e.lines === 'number' ? e.lines : 0
    return fail(line, '', `The CSV is malformed: ${typeof e.message === 'string' ? e.message : String(err)}`)
  }
  if (parsed.length === 0) return fail(0, '', `The file is empty: expected a header line ${columns.join(',')}.`)

  const first = parsed[0]!
  const headerLine = startLine(first.info.lines, first.raw)
  const header = first.record.map((h) => h.trim().toLowerCase())
  const errors: CsvError[] = []
  const seen = new Set<string>()
  header.forEach((h, i) => {
    if (h === '') errors.push({ line: headerLine, column: `column ${i + 1}`, message: `column ${i + 1} has no name: the header is ${columns.join(',')}` })
    else if (seen.has(h)) errors.push({ line: headerLine, column: h, message: `column ${h} appears twice in the header` })
    else if (!columns.includes(h)) errors.push({ line: headerLine, column: h, message: `unknown column ${quote(h)}: the header is ${columns.join(',')}` })
    seen.add(h)
  })
  for (const c of columns) if (!seen.has(c)) errors.push({ line: headerLine, column: c, message: `missing column ${c}: the header is ${columns.join(',')}` })
  if (errors.length > 0) return { ok: false, errors }

  const body = parsed.slice(1)
  if (body.length > MAX_ROWS) return fail(0, '', `More than ${MAX_ROWS.toLocaleString('en-US')} rows: split the file.`)
  const records: Record[] = []
  const widthErrors: CsvError[] = []
  for (const r of body) {
    const line = startLine(r.info.lines, r.raw)
    if (r.record.every((v) => v.trim() === '')) continue // a spreadsheet's trailing ",,,,,," rows
    if (r.record.length !== header.length) {
      widthErrors.push({ line, column: '', message: `${r.record.length} value${r.record.length === 1 ? '' : 's'} where the header has ${header.length} columns` })
      continue
    }
    const values = new Map<string, string>()
    header.forEach((h, i) => values.set(h, r.record[i]!.trim()))
    records.push({ line, values })
  }
  if (records.length === 0 && widthErrors.length === 0) return fail(0, '', 'The file has a header but no rows.')
  return { ok: true, records, problems: widthErrors }
}

/** csv-parse reports the line a record ends on; a quoted field may span several lines. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '')
  let n = 0
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) n++
  return endLine - n
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 64 * 1024)
  let odd = 0
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if (c === 0) return true
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++
  }
  return odd > 8 && odd * 100 > sample.length
}

type Report = (column: string, message: string) => void

function packageUidField(rec: Record, column: string, e: Report): string | null {
  const v = rec.values.get(column) ?? ''
  if (v === '') return e(column, `${column} is empty`), null
  if (v.length > PACKAGE_UID_MAX) return e(column, `${column} has ${v.length} characters: at most ${PACKAGE_UID_MAX}`), null
  if (!/^[\x21-\x7E]+$/.test(v)) return e(column, `${column} ${quote(v)} must be printable ASCII without spaces`), null
  // A Metrc tag written in lower case or with dashes is the tag a scanner reads (upper case, as printed):
  // kept as written it would match no scan, and the guard would send its cases to a package nobody scans.
  return normaliseTag(v) ?? v
}

function requiredText(rec: Record, column: string, e: Report, max: number): string | null {
  const v = rec.values.get(column) ?? ''
  if (v === '') return e(column, `${column} is required`), null
  return optionalText(rec, column, e, max)
}

/** '' when empty; null (and an error) when bad. */
function optionalText(rec: Record, column: string, e: Report, max: number): string | null {
  // A spreadsheet cell may hold a line break or a tab: shown on one line.
  const v = (rec.values.get(column) ?? '').replace(/[\t\n]+/g, ' ').trim()
  if (v.length > max) return e(column, `${column} has ${v.length} characters: at most ${max}`), null
  if (hasControl(v)) return e(column, `${column} contains a control character`), null
  if (hasBidiControl(v)) return e(column, `${column} ${BIDI_CONTROL_WORDS}`), null
  return v
}

function shortUuidField(rec: Record, column: string, what: string, e: Report): string | null {
  const v = rec.values.get(column) ?? ''
  if (v === '') return e(column, `${column} is required`), null
  if (isShortUuid(v)) return v
  return e(column, `${column} ${quote(v)} is not ${what}: ${shortUuidProblem(v, what) ?? 'not a ShortUUID'}`), null
}

/** Both case columns empty (a package-only row) or both ShortUUIDs. */
function caseColumns(rec: Record, e: Report): { caseUuid: string | null; packagedProductUuid: string | null } | null {
  const c = rec.values.get('case_uuid') ?? ''
  const p = rec.values.get('packaged_product_uuid') ?? ''
  if (c === '' && p === '') return { caseUuid: null, packagedProductUuid: null }
  if (c === '') return e('case_uuid', 'case_uuid is empty but packaged_product_uuid is set: give both or neither'), null
  if (p === '') return e('packaged_product_uuid', 'packaged_product_uuid is empty but case_uuid is set: give both or neither'), null
  const caseUuid = shortUuidField(rec, 'case_uuid', 'a CaseID', e)
  const packagedProductUuid = shortUuidField(rec, 'packaged_product_uuid', 'a packaged product id', e)
  return caseUuid === null || packagedProductUuid === null ? null : { caseUuid, packagedProductUuid }
}

function quote(v: string): string {
  const shown = v.length > 40 ? `${v.slice(0, 39)}…` : v
  let out = ''
  for (const ch of shown) out += isControlCode(ch.charCodeAt(0)) ? '?' : ch
  return `"${out}"`
}
