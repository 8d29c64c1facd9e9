// A copy of the station's settings kept beside the database (`station.sqlite.settings-copy`, owner-only
// JSON), rewritten at every open and after every change of settings. When the database is found damaged
// and the settings' own page cannot be read, the new database takes them from here (salvage.ts), so the
// API address, client id and operator are not silently reset. Never the client secret (kept in its own
// file) and never what describes the damaged file itself (notices, the runtime state).
import fs from 'node:fs'

export const SETTINGS_COPY_SUFFIX = '.settings-copy'

/** Settings that describe the database file or this run, not the station: never copied, never carried over. */
export const NOT_CARRIED = /^(notice\.|runtime\.)/

export interface SavedSettings {
  settings: Record<string, string>
  /** When the copy was written (ms since the epoch). */
  at: number
}

export class SettingsCopy {
  readonly file: string

  constructor(databaseFile: string) {
    this.file = databaseFile + SETTINGS_COPY_SUFFIX
  }

  /**
   * Replaces the copy (a new file renamed over the old one, so a reader never sees half of it). A copy
   * that cannot be written is left as it was: the database holds the settings; the copy is the spare.
   */
  write(settings: Record<string, string>, at: number): boolean {
    const kept = Object.fromEntries(Object.entries(settings).filter(([k]) => !NOT_CARRIED.test(k)))
    const tmp = `${this.file}.${process.pid}.tmp`
    try {
      fs.writeFileSync(tmp, JSON.stringify({ settings: kept, at } satisfies SavedSettings), { mode: 0o600 })
      fs.renameSync(tmp, this.file)
      return true
    } catch {
      fs.rmSync(tmp, { force: true })
      return false
    }
  }

  /** The copy, or null when there is none or it cannot be read as one. */
  read(): SavedSettings | null {
    let parsed: unknown
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'))
    } catch {
      return null
    }
    const p = parsed as Partial<SavedSettings> | null
    if (!p || typeof p.at !== 'number' || !p.settings || typeof p.settings !== 'object') return null
    const settings = Object.fromEntries(Object.entries(p.settings).filter((e): e is [string, string] => typeof e[1] === 'string' && !NOT_CARRIED.test(e[0])))
    return { settings, at: p.at }
  }
}
