// Reading the rows of a table in a damaged file: in rowid order, by the table's own pages (NOT INDEXED,
// so a damaged index page hides no row); a damaged page stops a read, which resumes past the last row
// read (or one rowid further when none was), so the rows after the damage are read too.
import type { Db } from './db'

export type Row = Record<string, unknown>

export function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort()
}

/**
 * Calls `each` with every readable row of `table` (its `columns`, filtered by `where`); returns false
 * when part of the table could not be read.
 */
export function readRows(from: Db, table: string, columns: string[], where: string, each: (row: Row) => void): boolean {
  let maxRowid: number
  try {
    maxRowid = Number(from.prepare(`SELECT max(rowid) FROM "${table}" NOT INDEXED`).pluck().get() ?? 0)
  } catch {
    return false
  }
  const list = columns.map((c) => `"${c}"`).join(', ')
  const read = from.prepare(`SELECT rowid AS __rowid, ${list} FROM "${table}" NOT INDEXED WHERE rowid >= ? ${where ? `AND (${where})` : ''} ORDER BY rowid`)
  let complete = true
  let next = 0
  while (next <= maxRowid) {
    const start = next
    try {
      for (const raw of read.iterate(next) as IterableIterator<Row>) {
        next = Number(raw.__rowid) + 1
        const { __rowid: _, ...row } = raw
        each(row)
      }
      break
    } catch {
      complete = false
      if (next === start) next++
    }
  }
  return complete
}
