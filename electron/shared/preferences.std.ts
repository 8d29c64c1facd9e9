// The station's preferences, defined once for both sides of the bridge: the core keeps them in the
// data folder (core/preferences.ts) and the contract validates them on the way to and from the page.
// Two sets, two files: the app's (welcome seen, update checks) and the receiving screen's (scanner
// timing and framing, theme).
import { z } from 'zod'

/** Preferences of the app around the station (not of its API work). */
export const appPreferences = z.object({ welcomeDone: z.boolean(), checkForUpdates: z.boolean() })
export const appPreferencesPatch = appPreferences.partial().strict()
export type AppPreferences = z.infer<typeof appPreferences>
export type AppPreferencesPatch = z.infer<typeof appPreferencesPatch>

export const DEFAULT_APP_PREFERENCES: Readonly<AppPreferences> = Object.freeze({ welcomeDone: false, checkForUpdates: true })

/** The keyboard-wedge scanner's timing and framing, as the Settings screen edits them. */
export const scannerOptions = z
  .object({
    /** Largest gap between two keys of one scan. */
    maxInterKeyMs: z.number().int().min(5, 'at least 5 ms').max(500, 'at most 500 ms'),
    /** A pause this long ends a scan that has no Enter or Tab at its end. */
    pauseEndsScanMs: z.number().int().min(20, 'at least 20 ms').max(2000, 'at most 2000 ms'),
    /** The `KeyboardEvent.code` of a prefix key the scanner sends first, or null. */
    prefixCode: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'a key code such as F13').nullable(),
    /** The same code again within this time is "already scanned". */
    repeatIgnoreMs: z.number().int().min(0).max(60_000, 'at most 60 s')
  })
  .strict()

/** The scanner options in an operator's words, keyed by their path in a preferences patch: a value out of range is said with these. */
export const SCANNER_OPTION_WORDS: Readonly<Record<string, string>> = Object.freeze({
  'scanner.maxInterKeyMs': 'Largest gap between two keys of a scan',
  'scanner.pauseEndsScanMs': 'Pause that ends a scan without Enter',
  'scanner.prefixCode': 'Prefix key',
  'scanner.repeatIgnoreMs': 'Same code again within this time is "already scanned"'
})

export const theme = z.enum(['system', 'light', 'dark'])

/** Preferences of the receiving screen on this station (every host on the data folder shares them). */
export const receivingPreferences = z.object({ scanner: scannerOptions, theme }).strict()
export const receivingPreferencesPatch = z.object({ scanner: scannerOptions.partial().strict(), theme }).partial().strict()

export type ScannerOptions = z.infer<typeof scannerOptions>
export type Theme = z.infer<typeof theme>
export type ReceivingPreferences = z.infer<typeof receivingPreferences>
export type ReceivingPreferencesPatch = z.infer<typeof receivingPreferencesPatch>

/**
 * What a new station uses: a scanner's keys come 1-50 ms apart, a Bluetooth scanner's in packets up
 * to 100 ms apart; a person's 120-300 ms apart, unevenly (the wedge's rule tells them apart, not the
 * gap alone). The pause that ends a scan without Enter is longer than any gap inside one.
 */
export const DEFAULT_RECEIVING_PREFERENCES: ReceivingPreferences = Object.freeze({
  scanner: Object.freeze({ maxInterKeyMs: 100, pauseEndsScanMs: 150, prefixCode: null, repeatIgnoreMs: 2000 }),
  theme: 'system'
}) as ReceivingPreferences
