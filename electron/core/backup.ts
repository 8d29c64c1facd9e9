// "Back up now": a consistent copy of the station database in <dataDir>/backups/, made with
// SQLite's online backup API while the station keeps working. The copy is taken in one backup step
// (one read snapshot: WAL lets writers go on meanwhile), written under a temporary name, checked,
// switched to a self-contained single file, and only then given its final name.
// The client secret is not in the database and so not in the backup.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { envDbOptions } from './store/db'
import { DATABASE_FILE } from './station'

export const BACKUP_FOLDER = 'backups'

/** The better-sqlite3 build the station itself uses (the Electron copy under `npm start`). */
function binding(): { nativeBinding?: string } {
  const { nativeBinding } = envDbOptions()
  return nativeBinding ? { nativeBinding } : {}
}

export interface BackupResult {
  file: string
  bytes: number
  /** ISO time of the snapshot. */
  at: string
}

/** station-2026-11-29T10-30-00Z.sqlite: sorts by time, valid on every file system. */
export function backupFileName(at: Date, attempt = 1): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-')
  return `station-${stamp}${attempt > 1 ? `-${attempt}` : ''}.sqlite`
}

export async function backupDatabase(dataDir: string, now: () => Date = () => new Date()): Promise<BackupResult> {
  const source = path.join(dataDir, DATABASE_FILE)
  if (!fs.existsSync(source)) throw new Error(`There is no station database to back up in ${dataDir}.`)
  const folder = path.join(dataDir, BACKUP_FOLDER)
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 })

  const at = now()
  let attempt = 1
  while (fs.existsSync(path.join(folder, backupFileName(at, attempt)))) attempt++
  const target = path.join(folder, backupFileName(at, attempt))
  const partial = `${target}.partial`
  fs.rmSync(partial, { force: true })
  // Created owner-only before SQLite writes into it (its journal then gets the same mode).
  fs.closeSync(fs.openSync(partial, 'w', 0o600))

  const db = new Database(source, { readonly: true, fileMustExist: true, ...binding() })
  try {
    db.pragma('busy_timeout = 10000')
    // Every page in a single step: one snapshot, so concurrent writes cannot tear the copy.
    await db.backup(partial, { progress: () => 0x7fffffff })
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw new Error(`The backup failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  } finally {
    db.close()
  }

  const copy = new Database(partial, { fileMustExist: true, ...binding() })
  try {
    copy.pragma('journal_mode = DELETE') // one self-contained file, no -wal beside it
    const check = copy.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`the copy failed its integrity check (${String(check)})`)
  } catch (error) {
    copy.close()
    fs.rmSync(partial, { force: true })
    throw new Error(`The backup failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  copy.close()
  fs.renameSync(partial, target)
  return { file: target, bytes: fs.statSync(target).size, at: at.toISOString() }
}
