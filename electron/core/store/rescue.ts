// A readable stand-in for a damaged database whose schema (sqlite_schema, rooted at page 1, spread over
// a few pages once the schema outgrows one) cannot be read: without it SQLite reads no table at all, so
// one damaged schema page would lose every scan the file holds. The tables' rows are still on their own
// pages, and every station database creates all its tables in migration 1 on an empty file, so each
// table starts on the same page in every station database. The stand-in is a copy of the damaged file
// (with its WAL's committed pages applied) whose first page is replaced by a schema that names only the
// tables, with their columns in order, at those pages. salvage.ts reads it like the damaged file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './db'

const HEADER = Buffer.from('SQLite format 3\0', 'latin1')
const WAL_HEADER = 32
const FRAME_HEADER = 24
/** b-tree page types: leaf and interior table pages. */
const TABLE_PAGE_TYPES = new Set([0x0d, 0x05])

function pageSizeOf(bytes: Buffer): number {
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(HEADER)) return 4096
  const size = bytes.readUInt16BE(16)
  return size === 1 ? 65536 : size >= 512 && (size & (size - 1)) === 0 ? size : 4096
}

/**
 * Applies the committed frames of a WAL file to the pages in `bytes`: frames whose salts match the WAL
 * header, up to the last commit frame (a frame with the database size set). Checksums are not verified:
 * a frame is written before the commit frame that follows it is, and that one is synced.
 */
function withWal(bytes: Buffer, walFile: string, pageSize: number): Buffer {
  let wal: Buffer
  try {
    wal = fs.readFileSync(walFile)
  } catch {
    return bytes
  }
  if (wal.length < WAL_HEADER || wal.readUInt32BE(8) !== pageSize) return bytes
  const salt1 = wal.readUInt32BE(16)
  const salt2 = wal.readUInt32BE(20)
  const frames: { page: number; at: number }[] = []
  let committed: { page: number; at: number }[] = []
  let dbPages = 0
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break
    frames.push({ page: wal.readUInt32BE(at), at: at + FRAME_HEADER })
    const sizeAfterCommit = wal.readUInt32BE(at + 4)
    if (sizeAfterCommit > 0) {
      committed = [...frames]
      dbPages = sizeAfterCommit
    }
  }
  if (committed.length === 0) return bytes
  const out = Buffer.alloc(dbPages * pageSize)
  bytes.copy(out, 0, 0, Math.min(bytes.length, out.length))
  for (const f of committed) if (f.page >= 1 && f.page <= dbPages) wal.copy(out, (f.page - 1) * pageSize, f.at, f.at + pageSize)
  return out
}

/** Every table of a station database: its first page and its columns in order, as migration 1 and later ones made them. */
function stationTables(dir: string): { name: string; rootpage: number; columns: { name: string; rowid: boolean }[] }[] {
  const db = new Database(path.join(dir, 'layout.sqlite'))
  try {
    migrate(db)
    const tables = db.prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; rootpage: number }[]
    return tables.map((t) => ({
      ...t,
      columns: (db.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(t.name) as { name: string; type: string; pk: number }[]).map((c) => ({
        name: c.name,
        rowid: c.pk === 1 && c.type.toUpperCase() === 'INTEGER'
      }))
    }))
  } finally {
    db.close()
  }
}

/** A first page whose schema names the tables (no constraints, no indexes: enough to read rows) at their pages. */
function schemaPage(dir: string, pageSize: number, tables: ReturnType<typeof stationTables>): Buffer | null {
  const file = path.join(dir, 'schema.sqlite')
  const db = new Database(file)
  try {
    db.pragma(`page_size = ${pageSize}`)
    db.pragma('journal_mode = DELETE')
    for (const t of tables) db.exec(`CREATE TABLE "${t.name}" (${t.columns.map((c) => `"${c.name}"${c.rowid ? ' INTEGER PRIMARY KEY' : ''}`).join(', ')})`)
    db.unsafeMode(true) // lifts SQLITE_DBCONFIG_DEFENSIVE on this throwaway file, so its schema can be edited
    db.pragma('writable_schema = ON')
    const setRoot = db.prepare('UPDATE sqlite_master SET rootpage = ? WHERE name = ?')
    for (const t of tables) setRoot.run(t.rootpage, t.name)
  } finally {
    db.close()
  }
  const page = fs.readFileSync(file).subarray(0, pageSize)
  // The whole schema on the first page (a leaf): the stand-in must not point at pages of its own.
  return page[100] === 0x0d ? Buffer.from(page) : null
}

/**
 * Writes the stand-in for `damagedFile` into a new temporary folder and returns its path (remove the
 * folder with `discardRescue`), or null when it cannot be made.
 */
export function rescueCopy(damagedFile: string): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-rescue-'))
  try {
    const raw = fs.readFileSync(damagedFile)
    const pageSize = pageSizeOf(raw)
    const bytes = withWal(raw, `${damagedFile}-wal`, pageSize)
    const pages = Math.floor(bytes.length / pageSize)
    const all = stationTables(dir)
    const tables = all.filter((t) => t.rootpage <= pages && TABLE_PAGE_TYPES.has(bytes[(t.rootpage - 1) * pageSize]!))
    // Without SQLite's header, the file may be anything: a stand-in only if every table starts where it should.
    const recognised = raw.subarray(0, 16).equals(HEADER) ? tables.length > 0 : tables.length === all.length
    const first = recognised ? schemaPage(dir, pageSize, tables) : null
    if (!first || pages < 2) {
      discardRescue(dir)
      return null
    }
    const out = Buffer.from(bytes.subarray(0, pages * pageSize))
    first.copy(out, 0)
    out.writeUInt32BE(pages, 28) // the database size in pages, trusted since the change counters (24, 92) agree
    out.writeUInt32BE(0, 32) // no free-list: nothing is written to the stand-in
    out.writeUInt32BE(0, 36)
    const file = path.join(dir, 'rescued.sqlite')
    fs.writeFileSync(file, out, { mode: 0o600 })
    return file
  } catch {
    discardRescue(dir)
    return null
  }
}

export function discardRescue(fileOrDir: string): void {
  const dir = fileOrDir.endsWith('.sqlite') ? path.dirname(fileOrDir) : fileOrDir
  if (path.basename(dir).startsWith('station-rescue-')) fs.rmSync(dir, { recursive: true, force: true })
}
