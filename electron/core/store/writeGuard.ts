// Every write of the station goes through here: a storage failure comes out as a StorageError with the
// operator's words, and nothing is written once the database path names another file.
import type { LogFn } from '../log/logFn'
import { StorageError, writing } from './errors'
import type { FileIdentity } from './fileIdentity'

export class WriteGuard {
  private replacedUnder = false

  constructor(
    /** The database file as opened: a scan is refused once the path names another file. */
    private readonly fileIdentity: FileIdentity,
    private readonly log: LogFn
  ) {}

  /**
   * Runs a write; a storage failure comes out as a StorageError. Refused, before and after, once the
   * database path names another file (moved or replaced by another program): a scan written there would
   * be where the next start does not look, so it is never called queued.
   */
  save<T>(write: () => T): T {
    this.assertFileUnchanged()
    const result = writing(write)
    this.assertFileUnchanged()
    return result
  }

  /** A write whose loss costs nothing but freshness (a full disk must not stop a lookup from answering). */
  bestEffort(what: string, write: () => void): void {
    try {
      write()
    } catch (err) {
      this.log('warn', `could not ${what}`, { error: (err as Error).message })
    }
  }

  private assertFileUnchanged(): void {
    if (!this.replacedUnder && this.fileIdentity.unchanged()) return
    if (!this.replacedUnder) this.log('error', 'the database file was moved or replaced while open: scans are refused until restart', { file: this.fileIdentity.file })
    this.replacedUnder = true
    throw new StorageError('replaced', 'FILE_REPLACED')
  }
}
