// SQLite failures of the disk itself (full, read-only, I/O error, damaged file), told apart from bugs,
// so that callers refuse a scan with a message an operator can act on instead of claiming "queued".
import { StationError } from '../validate.std'

export type StorageProblem = 'disk_full' | 'read_only' | 'io' | 'corrupt' | 'cannot_open' | 'replaced'

const MESSAGES: Record<StorageProblem, string> = {
  disk_full: 'The station cannot save scans: the disk is full. Free space, then scan again.',
  read_only: 'The station cannot save scans: its database is read-only. Check that the data folder and its files are writable, then scan again.',
  io: 'The station cannot save scans: the disk reported an error. Check the disk, then scan again.',
  corrupt: 'The station cannot save scans: its database file is damaged. Restart the station: it keeps the damaged file aside and starts a new one.',
  cannot_open: 'The station cannot open its database file: check that the data folder exists, is a folder, and is writable.',
  replaced:
    "The station stopped accepting scans: its database file was moved or replaced by another program while the station was running, so a scan saved now would go where the station no longer looks. Nothing was queued. Restart the station."
}

/**
 * A write the station could not commit because of its storage. Nothing of that write was kept (the
 * transaction was rolled back), so the caller must not report the scan as queued.
 */
export class StorageError extends StationError {
  constructor(
    readonly problem: StorageProblem,
    /** SQLite's own code, e.g. SQLITE_FULL, for logs. */
    readonly sqliteCode: string
  ) {
    super('unavailable', MESSAGES[problem])
    this.name = 'StorageError'
  }
}

/** The storage problem behind a better-sqlite3 error (or a file-system error), or null for anything else. */
export function storageProblem(err: unknown): { problem: StorageProblem; code: string } | null {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return { problem: 'disk_full', code }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return { problem: 'read_only', code }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return { problem: 'io', code }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { problem: 'corrupt', code }
  if (code.startsWith('SQLITE_CANTOPEN')) return { problem: 'cannot_open', code }
  return null
}

/** Runs a write; a storage failure comes out as a StorageError, anything else unchanged. */
export function writing<T>(write: () => T): T {
  try {
    return write()
  } catch (err) {
    const p = storageProblem(err)
    if (p) throw new StorageError(p.problem, p.code)
    throw err
  }
}

/** The error as an operator should read it: a storage failure (also of a read) as its StorageError, anything else unchanged. */
export function asStorageError(err: unknown): unknown {
  const p = storageProblem(err)
  return p && !(err instanceof StorageError) ? new StorageError(p.problem, p.code) : err
}

/** Is this open error a damaged file (as opposed to a locked, missing or unreadable one)? */
export function isCorruption(err: unknown): boolean {
  return storageProblem(err)?.problem === 'corrupt'
}
