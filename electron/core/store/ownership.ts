// Who may do something destructive to a data folder's database (keep a damaged file aside, start a
// new one): only a process that is alone with it. Every process with the database open holds a shared
// lock on a small lock file beside it (a read transaction on a SQLite file in rollback mode, which
// the OS releases when the process ends, however it ends); one that wants to move the database asks
// for the exclusive lock without waiting, and gets it only if no other process has the database open.
import Database from 'better-sqlite3'
import type { DbOptions } from './db'

export const OWNER_LOCK_SUFFIX = '.owner-lock'

export class DatabaseOwnership {
  private readonly lock: Database.Database
  private readonly probe: Database.Statement
  private holding = false

  /** Opens (creating) `<database>.owner-lock` and takes its shared lock, waiting up to 10 s for a process replacing the database. */
  constructor(databaseFile: string, options: Pick<DbOptions, 'nativeBinding'> = {}) {
    this.lock = new Database(databaseFile + OWNER_LOCK_SUFFIX, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    try {
      this.lock.pragma('busy_timeout = 10000')
      if (this.lock.pragma('journal_mode', { simple: true }) !== 'delete') this.lock.pragma('journal_mode = DELETE')
      this.lock.exec('CREATE TABLE IF NOT EXISTS owner (x INTEGER)')
      this.probe = this.lock.prepare('SELECT count(*) FROM owner')
      this.share()
    } catch (err) {
      this.lock.close()
      throw err
    }
  }

  private share(): void {
    this.lock.exec('BEGIN')
    this.probe.get()
    this.holding = true
  }

  private unshare(): void {
    if (this.holding) this.lock.exec('COMMIT')
    this.holding = false
  }

  /**
   * Runs `destructive` only if no other process holds the database open (this one keeps others from
   * opening it meanwhile: they wait for it); returns false, having run nothing, otherwise.
   */
  alone(destructive: () => void): boolean {
    this.unshare()
    this.lock.pragma('busy_timeout = 0')
    let exclusive = false
    try {
      this.lock.exec('BEGIN EXCLUSIVE')
      exclusive = true
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err
    } finally {
      this.lock.pragma('busy_timeout = 10000')
    }
    try {
      if (exclusive) destructive()
    } finally {
      if (exclusive) this.lock.exec('COMMIT')
      this.share()
    }
    return exclusive
  }

  release(): void {
    if (!this.lock.open) return
    this.unshare()
    this.lock.close()
  }
}
