// The station's preferences, kept in its data folder so that every host on the folder (the desktop
// app, the browser host) sees the same; their shapes and defaults are electron/shared/preferences.std.ts.
// - the app's (<dataDir>/preferences.json): whether the first-run welcome has been seen and whether the
//   desktop app checks for updates;
// - the receiving screen's (<dataDir>/receiving-preferences.json): scanner timing and framing, theme.
// A missing or damaged file, or a damaged field, means the default for what cannot be read (and is
// replaced on the next change). Each write merges a patch and replaces the file atomically, owner-only.
import fs from 'node:fs'
import path from 'node:path'
import { writeOwnerOnlyFile } from './ownerOnlyFile'
import {
  appPreferences,
  DEFAULT_APP_PREFERENCES,
  DEFAULT_RECEIVING_PREFERENCES,
  receivingPreferences,
  scannerOptions,
  theme,
  type AppPreferences,
  type AppPreferencesPatch,
  type ReceivingPreferences,
  type ReceivingPreferencesPatch
} from '../shared/preferences.std'

export type { AppPreferences, ReceivingPreferences } from '../shared/preferences.std'

export const PREFERENCES_FILE = 'preferences.json'
export const RECEIVING_PREFERENCES_FILE = 'receiving-preferences.json'

/** The object a preferences file holds; {} when it is missing, damaged or not an object. */
function readStored(dataDir: string, file: string): Record<string, unknown> {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8'))
  } catch {
    return {}
  }
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
}

function writeStored(dataDir: string, file: string, value: unknown): void {
  writeOwnerOnlyFile(path.join(dataDir, file), `${JSON.stringify(value, null, 2)}\n`)
}

/** Each field as stored when its schema accepts it, else its default. */
function validFields<T extends object>(shape: { [K in keyof T]: { safeParse(v: unknown): { success: boolean; data?: unknown } } }, stored: Record<string, unknown>, defaults: T): T {
  const out = { ...defaults }
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const field = shape[key].safeParse(stored[key])
    if (field.success) out[key] = field.data as T[typeof key]
  }
  return out
}

export function readAppPreferences(dataDir: string): AppPreferences {
  return validFields(appPreferences.shape, readStored(dataDir, PREFERENCES_FILE), DEFAULT_APP_PREFERENCES)
}

/** Writes the merged preferences atomically (temporary file, then rename) and returns them. */
export function writeAppPreferences(dataDir: string, patch: AppPreferencesPatch): AppPreferences {
  const next = appPreferences.parse({ ...readAppPreferences(dataDir), ...patch })
  writeStored(dataDir, PREFERENCES_FILE, next)
  return next
}

// Until the wedge learned Bluetooth scanners' 100 ms gaps, every save (a theme change too) wrote the
// whole scanner block with the defaults of the time. That pair is read as never chosen, so those
// stations get today's defaults; since then only what differs from the defaults is written.
const OLD_DEFAULT_TIMING = { maxInterKeyMs: 50, pauseEndsScanMs: 100 } as const

export function readReceivingPreferences(dataDir: string): ReceivingPreferences {
  const stored = readStored(dataDir, RECEIVING_PREFERENCES_FILE)
  const storedScanner = stored.scanner && typeof stored.scanner === 'object' ? { ...(stored.scanner as Record<string, unknown>) } : {}
  if (storedScanner.maxInterKeyMs === OLD_DEFAULT_TIMING.maxInterKeyMs && storedScanner.pauseEndsScanMs === OLD_DEFAULT_TIMING.pauseEndsScanMs) {
    delete storedScanner.maxInterKeyMs
    delete storedScanner.pauseEndsScanMs
  }
  const storedTheme = theme.safeParse(stored.theme)
  return {
    scanner: validFields(scannerOptions.shape, storedScanner, DEFAULT_RECEIVING_PREFERENCES.scanner),
    theme: storedTheme.success ? storedTheme.data : DEFAULT_RECEIVING_PREFERENCES.theme
  }
}

/** Merges a validated patch into what is stored, writes it atomically, and returns the result. */
export function writeReceivingPreferences(dataDir: string, patch: ReceivingPreferencesPatch): ReceivingPreferences {
  const current = readReceivingPreferences(dataDir)
  const next = receivingPreferences.parse({
    scanner: { ...current.scanner, ...patch.scanner },
    theme: patch.theme ?? current.theme
  })
  const defaults: Record<string, unknown> = DEFAULT_RECEIVING_PREFERENCES.scanner
  const chosenScanner = Object.fromEntries(Object.entries(next.scanner).filter(([key, value]) => value !== defaults[key]))
  writeStored(dataDir, RECEIVING_PREFERENCES_FILE, { scanner: chosenScanner, theme: next.theme })
  return next
}
