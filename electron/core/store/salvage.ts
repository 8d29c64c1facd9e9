// What can still be read from a damaged database file, copied into the new one that replaces it: the
// settings, the scans not yet sent, the manifest and the lookup cache. A table whose pages are damaged
// gives what comes before the damage; the rest is reported as not recovered.
import Database from 'better-sqlite3'
import type { Db } from './db'
import { NOT_CARRIED, type SavedSettings } from './settingsCopy'

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
  unsent: SalvagedPart
  packages: SalvagedPart
  cases: SalvagedPart
  lookups: SalvagedPart
}

type Row = Record<string, unknown>

function columns(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort()
}

/** Copies the rows `select` yields (after `adapt`) into `table`; a row the new file refuses is skipped. */
function copy(from: Db, to: Db, table: string, where: string, adapt: (r: Row) => Row | null = (r) => r): SalvagedPart {
  const part: SalvagedPart = { rows: 0, complete: true }
  let shared: string[]
  try {
    const old = new Set(columns(from, table))
    shared = columns(to, table).filter((c) => old.has(c))
  } catch {
    return { rows: 0, complete: false }
  }
  if (shared.length === 0) return { rows: 0, complete: false }
  const list = shared.map((c) => `"${c}"`).join(', ')
  const insert = to.prepare(`INSERT OR IGNORE INTO "${table}" (${list}) VALUES (${shared.map((c) => `@${c}`).join(', ')})`)
  let maxRowid: number
  try {
    maxRowid = Number(from.prepare(`SELECT max(rowid) FROM "${table}"`).pluck().get() ?? 0)
  } catch {
    return { rows: 0, complete: false }
  }
  // In rowid order from `next`; a damaged page stops a read, which resumes past the last row read (or
  // one rowid further when none was), so the rows after the damage are read too.
  const read = from.prepare(`SELECT rowid AS __rowid, ${list} FROM "${table}" WHERE rowid >= ? ${where ? `AND (${where})` : ''} ORDER BY rowid`)
  let next = 0
  while (next <= maxRowid) {
    const start = next
    try {
      for (const raw of read.iterate(next) as IterableIterator<Row>) {
        next = Number(raw.__rowid) + 1
        const { __rowid: _, ...row } = raw
        const r = adapt(row)
        if (!r) continue
        try {
          if (insert.run(r).changes > 0) part.rows++
        } catch {
          // A row the new schema refuses (e.g. its package was on a damaged page): left behind.
        }
      }
      break
    } catch {
      part.complete = false
      if (next === start) next++
    }
  }
  return part
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
  const result: Salvage = { settings: [], settingsComplete: false, settingsFromCopy: [], settingsCopyAt: null, unsent: none(), packages: none(), cases: none(), lookups: none() }
  let from: Db
  try {
    from = new Database(damagedFile, { readonly: true, fileMustExist: true })
  } catch {
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
    })()
  } finally {
    from.close()
  }
  return result
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
  part(s.unsent, (n) => `${n} scan${n === 1 ? '' : 's'} not yet sent (queued again)`, 'unsent scans on damaged pages (check the day\'s imports against the API before scanning those cases again)')
  part(s.packages, (n) => `${n} package${n === 1 ? '' : 's'} of the manifest`, 'manifest packages on damaged pages (load the manifest again)')
  part(s.cases, (n) => `${n} manifest case row${n === 1 ? '' : 's'}`, 'manifest case rows on damaged pages (load the manifest again)')
  part(s.lookups, (n) => `${n} cached lookup${n === 1 ? '' : 's'}`, 'cached lookups on damaged pages (Prepare for the day again)')
  lost.push('the journal and the history of scans already sent (they stay in the damaged file)')
  return { kept: kept.length ? kept.join('; ') : 'nothing', lost: lost.join('; ') }
}
