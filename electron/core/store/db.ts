// Opening the station database: pragmas, migrations, refusal of a newer schema.
import Database from 'better-sqlite3'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'

export type Db = Database.Database

export class StoreVersionError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
    file: string
  ) {
    super(
      `The station database ${file} was written by a newer version of CaseID Station (schema version ${found}; ` +
        `this version understands up to ${supported}). Nothing was changed. Run the newer version, or use another data folder.`
    )
    this.name = 'StoreVersionError'
  }
}

export type Durability = 'FULL' | 'NORMAL'

/** Pragmas every connection gets, the benchmark's bare baseline included. */
export function applyPragmas(db: Db, durability: Durability = 'FULL'): void {
  db.pragma('journal_mode = WAL')
  // FULL: every commit is fsynced to the WAL before the call returns, so a committed enqueue survives
  // a power loss, not only a crash of the process (NORMAL survives the latter only).
  db.pragma(`synchronous = ${durability}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 10000')
}

export interface DbOptions {
  durability?: Durability
  /**
   * A better_sqlite3.node built for the running runtime: `npm start` builds one against Electron's
   * headers and passes its path in STATION_SQLITE_BINDING. Unset: the copy in node_modules (Node).
   */
  nativeBinding?: string
  /**
   * A cap on the database size in pages (PRAGMA max_page_count, per connection). Writes beyond it fail
   * as on a full disk, which is how the tests stand in for one (STATION_DB_MAX_PAGE_COUNT).
   */
  maxPageCount?: number
  /**
   * Check the file's structure at open (PRAGMA quick_check; default true). It reads every page: about
   * 0.8 s for a 100 MB database. A process that reopens a file it has just checked may skip it.
   */
  quickCheck?: boolean
}

/** Options the environment sets for every station opened by this process. */
export function envDbOptions(env: NodeJS.ProcessEnv = process.env): DbOptions {
  const o: DbOptions = {}
  if (env.STATION_SQLITE_BINDING) o.nativeBinding = env.STATION_SQLITE_BINDING
  const pages = Number(env.STATION_DB_MAX_PAGE_COUNT)
  if (env.STATION_DB_MAX_PAGE_COUNT && Number.isInteger(pages) && pages > 0) o.maxPageCount = pages
  return o
}

export function openDb(file: string, options: DbOptions | Durability = {}): Db {
  const o = typeof options === 'string' ? { durability: options } : options
  const db = new Database(file, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {})
  try {
    applyPragmas(db, o.durability ?? 'FULL')
    if (o.maxPageCount) db.pragma(`max_page_count = ${Math.floor(o.maxPageCount)}`)
    migrate(db, file)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function migrate(db: Db, file = 'database'): void {
  const current = schemaVersion(db)
  if (current > SCHEMA_VERSION) throw new StoreVersionError(current, SCHEMA_VERSION, file)
  if (current === SCHEMA_VERSION) return
  // IMMEDIATE: two processes opening a fresh folder together must not both migrate.
  const run = db.transaction(() => {
    const now = schemaVersion(db)
    if (now > SCHEMA_VERSION) throw new StoreVersionError(now, SCHEMA_VERSION, file)
    for (const m of MIGRATIONS) {
      if (m.version <= now) continue
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }
  })
  run.immediate()
}
