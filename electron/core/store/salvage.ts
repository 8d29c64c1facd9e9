// What can still be read from a damaged database file, copied into the new one that replaces it: the
// settings, the scans not yet sent, the manifest and the lookup cache. A table whose pages are damaged
// gives what comes before the damage; the rest is reported as not recovered.
import Database from 'better-sqlite3'
import { columnsOf, readRows, type Row } from './damagedRead'
import type { Db } from './db'
import { discardRescue, rescueCopy } from './rescue'
import { NOT_CARRIED, type SavedSettings } from './settingsCopy'
import { unsentFromJournal, type Rebuilt } from './unsentFromJournal'

export interface SalvagedPart {
  /** Rows copied into the new database. */
  rows: number
  /** False when the damaged file could not be read to the end of this part. */
  complete: boolean
}

export interface Salvage {
  /** Setting keys copied (never notices or the credentials pause). */
  settings: string[]
  settingsComplete: boolean
  /** Setting keys the damaged file could not give, taken from the copy kept beside the database. */
  settingsFromCopy: string[]
  /** When that copy was written (null: none was used). */
  settingsCopyAt: number | null
  /** The file's list of tables could not be read: its rows were read from where each table starts (rescue.ts). */
  schemaRebuilt: boolean
  unsent: SalvagedPart
  /** Unsent operations the outbox could not give, rebuilt from the journal (run only when the outbox was incomplete). */
  fromJournal: Rebuilt | null
  packages: SalvagedPart
  cases: SalvagedPart
  lookups: SalvagedPart
}

/** Copies the rows `select` yields (after `adapt`) into `table`; a row the new file refuses is skipped. */
function copy(from: Db, to: Db, table: string, where: string, adapt: (r: Row) => Row | null = (r) => r): SalvagedPart {
  let shared: string[]
  try {
    const old = new Set(columnsOf(from, table))
    shared = columnsOf(to, table).filter((c) => old.has(c))
  } catch {
    return { rows: 0, complete: false }
  }
  if (shared.length === 0) return { rows: 0, complete: false }
  const insert = to.prepare(`INSERT OR IGNORE INTO "${table}" (${shared.map((c) => `"${c}"`).join(', ')}) VALUES (${shared.map((c) => `@${c}`).join(', ')})`)
  let rows = 0
  const complete = readRows(from, table, shared, where, (row) => {
    const r = adapt(row)
    if (!r) return
    try {
      if (insert.run(r).changes > 0) rows++
    } catch {
      // A row the new schema refuses (e.g. its package was on a damaged page): left behind.
    }
  })
  return { rows, complete }
}

/** The settings the damaged file could not give, from the copy beside the database, without overriding any it gave. */
function settingsFromCopy(into: Db, saved: SavedSettings | null, result: Salvage): void {
  if (!saved || result.settingsComplete) return
  const insert = into.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)')
  for (const [key, value] of Object.entries(saved.settings)) {
    if (NOT_CARRIED.test(key)) continue
    if (insert.run(key, value).changes > 0) result.settingsFromCopy.push(key)
  }
  result.settingsCopyAt = saved.at
}

/**
 * Reads what it can of `damagedFile` (never writing to it) into `into`, in one transaction; settings
 * the damaged file cannot give come from `saved` (the copy kept beside the database), if any.
 */
export function salvageInto(into: Db, damagedFile: string, saved: SavedSettings | null = null): Salvage {
  const result: Salvage = { settings: [], settingsComplete: false, settingsFromCopy: [], settingsCopyAt: null, schemaRebuilt: false, unsent: none(), fromJournal: null, packages: none(), cases: none(), lookups: none() }
  let from: Db | null = openReadable(damagedFile)
  let rescued: string | null = null
  if (!from) {
    rescued = rescueCopy(damagedFile)
    from = rescued ? openReadable(rescued) : null
    result.schemaRebuilt = from !== null
  }
  if (!from) {
    if (rescued) discardRescue(rescued)
    into.transaction(() => settingsFromCopy(into, saved, result))()
    return result
  }
  try {
    into.transaction(() => {
      const settings = copy(from, into, 'settings', '', (r) => {
        if (typeof r.key !== 'string' || NOT_CARRIED.test(r.key)) return null
        result.settings.push(r.key)
        return r
      })
      result.settingsComplete = settings.complete
      settingsFromCopy(into, saved, result)
      result.packages = copy(from, into, 'package', '')
      result.cases = copy(from, into, 'package_case', '')
      result.lookups = copy(from, into, 'lookup_cache', '')
      // Unsent scans, ready to send again: nobody holds them now, and what they cancelled is history.
      result.unsent = copy(from, into, 'outbox', `state IN ('pending', 'in_flight', 'failed')`, (r) => ({
        ...r,
        state: r.state === 'in_flight' ? 'pending' : r.state,
        claimed_by: null,
        lease_until: null,
        cancelled_with: null
      }))
      if (!result.unsent.complete) result.fromJournal = unsentFromJournal(from, into)
    })()
  } finally {
    from.close()
    if (rescued) discardRescue(rescued)
  }
  return result
}

/** The file opened for reading, if its schema can be read (else SQLite reads none of its tables). */
function openReadable(file: string): Db | null {
  let db: Db
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch {
    return null
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    return db
  } catch {
    db.close()
    return null
  }
}

function none(): SalvagedPart {
  return { rows: 0, complete: false }
}

/** One sentence each for what was recovered and what was not, for the operator's notice. */
export function describeSalvage(s: Salvage): { kept: string; lost: string } {
  const kept: string[] = []
  const lost: string[] = []
  const part = (p: SalvagedPart, what: (n: number) => string, missing: string) => {
    if (p.rows > 0) kept.push(what(p.rows))
    if (!p.complete) lost.push(missing)
  }
  if (s.settings.length > 0) kept.push(`the settings (${s.settings.join(', ')})`)
  if (s.settingsFromCopy.length > 0) {
    const at = s.settingsCopyAt === null ? '' : ` as saved at ${new Date(s.settingsCopyAt).toISOString()}`
    kept.push(`the settings the damaged file could not give, from the copy kept beside it (${s.settingsFromCopy.join(', ')})${at}`)
  }
  if (!s.settingsComplete && s.settingsCopyAt === null) lost.push('settings on damaged pages (check Settings: missing ones are back to their defaults)')
  const scans = (n: number) => `${n} scan${n === 1 ? '' : 's'}`
  if (s.unsent.rows > 0) kept.push(`${scans(s.unsent.rows)} not yet sent (queued again)`)
  const j = s.fromJournal
  if (j && j.rows > 0) kept.push(`${scans(j.rows)} not yet sent whose rows were damaged, rebuilt from the journal with their package's POS ids (queued again)`)
  if (!s.unsent.complete && !(j && j.complete && j.missing === 0)) {
    lost.push("unsent scans on damaged pages (check the day's imports against the API before scanning those cases again)")
  }
  part(s.packages, (n) => `${n} package${n === 1 ? '' : 's'} of the manifest`, 'manifest packages on damaged pages (load the manifest again)')
  part(s.cases, (n) => `${n} manifest case row${n === 1 ? '' : 's'}`, 'manifest case rows on damaged pages (load the manifest again)')
  part(s.lookups, (n) => `${n} cached lookup${n === 1 ? '' : 's'}`, 'cached lookups on damaged pages (Prepare for the day again)')
  if (s.schemaRebuilt) kept.push("(the damaged file's list of tables could not be read: rows were read from where each table starts)")
  lost.push('the journal and the history of scans already sent (they stay in the damaged file)')
  return { kept: kept.length ? kept.join('; ') : 'nothing', lost: lost.join('; ') }
}
