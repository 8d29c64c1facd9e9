// Opening the station's database file. A damaged file is kept aside (never deleted) and a new one
// started with what could still be read from it, so the station can scan again; the caller reports
// it to the operator. Only a process alone with the file does that: one that finds damage while
// another process (the browser host, the desktop app, a command) has the file open moves nothing.
import fs from 'node:fs'
import { openDb, type Db, type DbOptions } from './db'
import { isCorruption } from './errors'
import { DatabaseOwnership } from './ownership'
import { salvageInto, type Salvage } from './salvage'
import { SettingsCopy } from './settingsCopy'
import { StationError } from '../validate.std'

export interface ReplacedDatabase {
  /** Where the damaged file now is (its -wal and -shm, if any, sit next to it with the same prefix). */
  movedTo: string
  /** What SQLite said about it. */
  reason: string
  /** What was copied from it into the new file. */
  salvage: Salvage
}

class DamagedDatabase extends Error {
  readonly code = 'SQLITE_CORRUPT'
}

/** A damaged file that this process may not move aside, since another process has it open. */
export class DamagedDatabaseInUse extends StationError {
  constructor(file: string, reason: string) {
    super(
      'unavailable',
      `The station database ${file} is damaged (${reason}), and another station process has it open ` +
        '(the browser host, the desktop app or a command still running), so nothing was moved: scans it queued stay in that file. ' +
        'Close every station process, then start the station again: it keeps the damaged file aside, copies what it can read of it into a new one, and says what it kept.'
    )
    this.name = 'DamagedDatabaseInUse'
  }
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

function keepAside(file: string, movedTo: string): void {
  fs.renameSync(file, movedTo)
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedTo + suffix)
  }
}

export interface OpenedDatabase {
  db: Db
  /** Held until the database is closed: release it then. */
  ownership: DatabaseOwnership
  /** The copy of the settings beside the database: rewrite it after every change of settings. */
  settingsCopy: SettingsCopy
  replaced: ReplacedDatabase | null
}

/** Refreshes the copy from the file just opened; a settings table that cannot be read leaves the last good copy. */
function refreshCopy(copy: SettingsCopy, db: Db, now: number): void {
  let rows: { key: string; value: string }[]
  try {
    rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
  } catch {
    return
  }
  copy.write(Object.fromEntries(rows.map((r) => [r.key, r.value])), now)
}

/**
 * Opens (creating or migrating) the database, holding its ownership lock. Only a damaged file
 * (SQLITE_CORRUPT, SQLITE_NOTADB or a failed quick_check) is moved aside to `<file>.corrupt-<timestamp>`,
 * and only when no other process has it open (else DamagedDatabaseInUse); a newer schema, a locked or
 * an unreadable file are errors for the caller, and nothing is moved.
 */
export function openStationDatabase(file: string, options: DbOptions, now: number): OpenedDatabase {
  const ownership = new DatabaseOwnership(file, options)
  const settingsCopy = new SettingsCopy(file)
  try {
    try {
      const db = openChecked(file, options)
      refreshCopy(settingsCopy, db, now)
      return { db, ownership, settingsCopy, replaced: null }
    } catch (err) {
      if (!isCorruption(err)) throw err
      const reason = (err as Error).message
      const movedTo = `${file}.corrupt-${stamp(now)}`
      let replaced: { db: Db; replaced: ReplacedDatabase } | null = null
      const alone = ownership.alone(() => {
        keepAside(file, movedTo)
        const db = openChecked(file, options)
        try {
          replaced = { db, replaced: { movedTo, reason, salvage: salvageInto(db, movedTo, settingsCopy.read()) } }
          refreshCopy(settingsCopy, db, now)
        } catch (salvageErr) {
          db.close()
          throw salvageErr
        }
      })
      if (!alone || !replaced) throw new DamagedDatabaseInUse(file, reason)
      return { ownership, settingsCopy, ...(replaced as { db: Db; replaced: ReplacedDatabase }) }
    }
  } catch (err) {
    ownership.release()
    throw err
  }
}
