// A CSV file as it comes from the disk or an upload (a manifest, or the command line's bulk import): its
// encoding detected (encoding.ts), then every row checked (parse.ts). Used by every face, so all of them
// read the same file the same way.
import { decodeManifestBytes, type ManifestEncoding } from './encoding'
import { parseImportCsv, parseManifestCsv, type CsvError, type CsvResult, type ImportRow, type ManifestRow } from './parse'

export type CsvFileResult<R> =
  | { ok: true; rows: R[]; encoding: ManifestEncoding }
  /** encoding: null when the file could not be decoded at all. */
  | { ok: false; errors: CsvError[]; encoding: ManifestEncoding | null }

export type ManifestFileResult = CsvFileResult<ManifestRow>

function parseCsvFile<R>(bytes: Uint8Array, parse: (text: string) => CsvResult<R>): CsvFileResult<R> {
  const decoded = decodeManifestBytes(bytes)
  if (!decoded.ok) return { ok: false, errors: [{ line: 0, column: '', message: decoded.message }], encoding: null }
  return { ...parse(decoded.text), encoding: decoded.encoding }
}

export function parseManifestFile(bytes: Uint8Array): ManifestFileResult {
  return parseCsvFile(bytes, parseManifestCsv)
}

/** The bulk import's CSV (`station import --csv`), read in the same encodings as a manifest. */
export function parseImportFile(bytes: Uint8Array): CsvFileResult<ImportRow> {
  return parseCsvFile(bytes, parseImportCsv)
}
