// A manifest file as it comes from the disk or an upload: its encoding detected (encoding.ts), then
// every row checked (parse.ts). Used by every face, so all of them read the same file the same way.
import { decodeManifestBytes, type ManifestEncoding } from './encoding'
import { parseManifestCsv, type CsvError, type ManifestRow } from './parse'

export type ManifestFileResult =
  | { ok: true; rows: ManifestRow[]; encoding: ManifestEncoding }
  /** encoding: null when the file could not be decoded at all. */
  | { ok: false; errors: CsvError[]; encoding: ManifestEncoding | null }

export function parseManifestFile(bytes: Uint8Array): ManifestFileResult {
  const decoded = decodeManifestBytes(bytes)
  if (!decoded.ok) return { ok: false, errors: [{ line: 0, column: '', message: decoded.message }], encoding: null }
  return { ...parseManifestCsv(decoded.text), encoding: decoded.encoding }
}
