// Opening the station's database file: a damaged file is kept aside (never deleted) and a new one
// started, so the station can scan again; the caller reports it to the operator.
import fs from 'node:fs'
import { openDb, type Db, type DbOptions } from './db'
import { isCorruption } from './errors'

export interface ReplacedDatabase {
  /** Where the damaged file now is (its -wal and -shm, if any, sit next to it with the same prefix). */
  movedTo: string
  /** What SQLite said about it. */
  reason: string
}

class DamagedDatabase extends Error {
  readonly code = 'SQLITE_CORRUPT'
}

/** Opens the file and checks its structure (PRAGMA quick_check: a read of every page, no index rebuild) unless told not to. */
function openChecked(file: string, options: DbOptions): Db {
  const db = openDb(file, options)
  if (options.quickCheck === false) return db
  let check: unknown
  try {
    check = db.pragma('quick_check(1)', { simple: true })
  } catch (err) {
    db.close()
    throw err
  }
  if (check !== 'ok') {
    db.close()
    throw new DamagedDatabase(`quick_check: ${String(check)}`)
  }
  return db
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-')
}

/**
 * Opens (creating or migrating) the database. Only a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB or a
 * failed quick_check) is moved aside to `<file>.corrupt-<timestamp>`; a newer schema, a locked or an
 * unreadable file are errors for the caller, and nothing is moved.
 */
export function openStationDatabase(file: string, options: DbOptions, now: number): { db: Db; replaced: ReplacedDatabase | null } {
  try {
    return { db: openChecked(file, options), replaced: null }
  } catch (err) {
    if (!isCorruption(err)) throw err
    const movedTo = `${file}.corrupt-${stamp(now)}`
    fs.renameSync(file, movedTo)
    for (const suffix of ['-wal', '-shm', '-journal']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedTo + suffix)
    }
    return { db: openChecked(file, options), replaced: { movedTo, reason: (err as Error).message } }
  }
}
