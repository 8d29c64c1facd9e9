// Preferences of the app around the station (not of the station's API work): whether the first-run
// welcome has been seen and whether the desktop app checks for updates. Kept in
// <dataDir>/preferences.json so that every host on the folder sees the same; a missing or damaged
// file means the defaults (and is replaced on the next change).
import fs from 'node:fs'
import path from 'node:path'
import { writeOwnerOnlyFile } from './ownerOnlyFile'

export interface AppPreferences {
  welcomeDone: boolean
  checkForUpdates: boolean
}

export const PREFERENCES_FILE = 'preferences.json'
export const DEFAULT_PREFERENCES: AppPreferences = { welcomeDone: false, checkForUpdates: true }

export function readPreferences(dataDir: string): AppPreferences {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dataDir, PREFERENCES_FILE), 'utf8'))
  } catch {
    return { ...DEFAULT_PREFERENCES }
  }
  const stored = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
  const pick = (key: keyof AppPreferences): boolean => (typeof stored[key] === 'boolean' ? stored[key] : DEFAULT_PREFERENCES[key])
  return { welcomeDone: pick('welcomeDone'), checkForUpdates: pick('checkForUpdates') }
}

/** Writes the merged preferences atomically (temporary file, then rename) and returns them. */
export function writePreferences(dataDir: string, patch: Partial<AppPreferences>): AppPreferences {
  const next = { ...readPreferences(dataDir) }
  for (const key of Object.keys(DEFAULT_PREFERENCES) as (keyof AppPreferences)[]) {
    const value = patch[key]
    if (value === undefined) continue
    if (typeof value !== 'boolean') throw new Error(`${key} must be true or false`)
    next[key] = value
  }
  const file = path.join(dataDir, PREFERENCES_FILE)
  writeOwnerOnlyFile(file, `${JSON.stringify(next, null, 2)}\n`)
  return next
}
