// The receiving screen's preferences (scanner timing and framing, theme), kept in
// <dataDir>/receiving-preferences.json so the desktop app and the browser host on one folder agree.
// A missing or damaged file, or a damaged field, means the default for what cannot be read.
import fs from 'node:fs'
import path from 'node:path'
import {
  DEFAULT_RECEIVING_PREFERENCES,
  receivingPreferences,
  scannerOptions,
  theme,
  type ReceivingPreferences
} from '../contract'
import type { z } from 'zod'
import type { receivingPreferencesPatch } from '../contract'
import { writeOwnerOnlyFile } from '../core/ownerOnlyFile'

export const RECEIVING_PREFERENCES_FILE = 'receiving-preferences.json'

// Until the wedge learned Bluetooth scanners' 100 ms gaps, every save (a theme change too) wrote the
// whole scanner block with the defaults of the time. That pair is read as never chosen, so those
// stations get today's defaults; since then only what differs from the defaults is written.
const OLD_DEFAULT_TIMING = { maxInterKeyMs: 50, pauseEndsScanMs: 100 } as const

export function readReceivingPreferences(dataDir: string): ReceivingPreferences {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dataDir, RECEIVING_PREFERENCES_FILE), 'utf8'))
  } catch {
    return structuredClone(DEFAULT_RECEIVING_PREFERENCES)
  }
  const stored = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  const storedScanner = stored.scanner && typeof stored.scanner === 'object' ? { ...(stored.scanner as Record<string, unknown>) } : {}
  if (storedScanner.maxInterKeyMs === OLD_DEFAULT_TIMING.maxInterKeyMs && storedScanner.pauseEndsScanMs === OLD_DEFAULT_TIMING.pauseEndsScanMs) {
    delete storedScanner.maxInterKeyMs
    delete storedScanner.pauseEndsScanMs
  }
  const scanner = { ...DEFAULT_RECEIVING_PREFERENCES.scanner }
  for (const key of Object.keys(scanner) as (keyof typeof scanner)[]) {
    const field = scannerOptions.shape[key].safeParse(storedScanner[key])
    if (field.success) (scanner as Record<string, unknown>)[key] = field.data
  }
  const storedTheme = theme.safeParse(stored.theme)
  return { scanner, theme: storedTheme.success ? storedTheme.data : DEFAULT_RECEIVING_PREFERENCES.theme }
}

/** Merges a validated patch into what is stored, writes it atomically, and returns the result. */
export function writeReceivingPreferences(dataDir: string, patch: z.output<typeof receivingPreferencesPatch>): ReceivingPreferences {
  const current = readReceivingPreferences(dataDir)
  const next = receivingPreferences.parse({
    scanner: { ...current.scanner, ...patch.scanner },
    theme: patch.theme ?? current.theme
  })
  const defaults: Record<string, unknown> = DEFAULT_RECEIVING_PREFERENCES.scanner
  const chosenScanner = Object.fromEntries(Object.entries(next.scanner).filter(([key, value]) => value !== defaults[key]))
  const file = path.join(dataDir, RECEIVING_PREFERENCES_FILE)
  writeOwnerOnlyFile(file, `${JSON.stringify({ scanner: chosenScanner, theme: next.theme }, null, 2)}\n`)
  return next
}
