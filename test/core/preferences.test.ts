import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_RECEIVING_PREFERENCES, receivingPreferencesPatch } from '../../electron/contract'
import { PREFERENCES_FILE, RECEIVING_PREFERENCES_FILE, readAppPreferences, readReceivingPreferences, writeAppPreferences, writeReceivingPreferences } from '../../electron/core/preferences'

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'station-prefs-'))

describe('receiving preferences', () => {
  it('are the defaults on a new folder, and a change is merged, kept and private to the owner', () => {
    const dir = folder()
    expect(readReceivingPreferences(dir)).toEqual(DEFAULT_RECEIVING_PREFERENCES)
    const written = writeReceivingPreferences(dir, { scanner: { maxInterKeyMs: 80, prefixCode: 'F13' }, theme: 'dark' })
    expect(written).toEqual({ scanner: { ...DEFAULT_RECEIVING_PREFERENCES.scanner, maxInterKeyMs: 80, prefixCode: 'F13' }, theme: 'dark' })
    expect(readReceivingPreferences(dir)).toEqual(written)
    writeReceivingPreferences(dir, { scanner: { prefixCode: null } })
    expect(readReceivingPreferences(dir)).toEqual({ ...written, scanner: { ...written.scanner, prefixCode: null } })
    expect(fs.statSync(path.join(dir, RECEIVING_PREFERENCES_FILE)).mode & 0o777).toBe(0o600)
  })

  it('fall back field by field when the file is damaged', () => {
    const dir = folder()
    fs.writeFileSync(path.join(dir, RECEIVING_PREFERENCES_FILE), JSON.stringify({ scanner: { maxInterKeyMs: -3, pauseEndsScanMs: 300 }, theme: 'neon' }))
    expect(readReceivingPreferences(dir)).toEqual({ scanner: { ...DEFAULT_RECEIVING_PREFERENCES.scanner, pauseEndsScanMs: 300 }, theme: 'system' })
    fs.writeFileSync(path.join(dir, RECEIVING_PREFERENCES_FILE), '{not json')
    expect(readReceivingPreferences(dir)).toEqual(DEFAULT_RECEIVING_PREFERENCES)
  })

  it('keep only what was chosen, so a station saved before the 100 ms wedge gets its new defaults', () => {
    const dir = folder()
    // What a theme change wrote before: the whole scanner block with the defaults of the time.
    fs.writeFileSync(path.join(dir, RECEIVING_PREFERENCES_FILE), JSON.stringify({ scanner: { maxInterKeyMs: 50, pauseEndsScanMs: 100, prefixCode: null, repeatIgnoreMs: 2000 }, theme: 'dark' }))
    expect(readReceivingPreferences(dir)).toEqual({ scanner: DEFAULT_RECEIVING_PREFERENCES.scanner, theme: 'dark' })
    // A gap of 50 ms chosen with another pause is a choice, and is kept.
    writeReceivingPreferences(dir, { scanner: { maxInterKeyMs: 50, pauseEndsScanMs: 300 } })
    expect(readReceivingPreferences(dir).scanner).toMatchObject({ maxInterKeyMs: 50, pauseEndsScanMs: 300 })
    // A save writes only the choices: another theme leaves the scanner block as chosen, defaults unwritten.
    writeReceivingPreferences(dir, { theme: 'light' })
    expect(JSON.parse(fs.readFileSync(path.join(dir, RECEIVING_PREFERENCES_FILE), 'utf8'))).toEqual({ scanner: { maxInterKeyMs: 50, pauseEndsScanMs: 300 }, theme: 'light' })
  })

  it('the contract refuses values out of range and unknown fields with a clear message', () => {
    const tooFast = receivingPreferencesPatch.safeParse({ scanner: { maxInterKeyMs: 1 } })
    expect(tooFast.success).toBe(false)
    expect(tooFast.error?.issues[0]?.message).toBe('at least 5 ms')
    expect(receivingPreferencesPatch.safeParse({ scanner: { prefixCode: 'F13; rm' } }).success).toBe(false)
    expect(receivingPreferencesPatch.safeParse({ volume: 3 }).success).toBe(false)
  })
})

describe('app preferences', () => {
  it('are the defaults on a new folder or a damaged file, field by field; a change is merged, kept and private to the owner', () => {
    const dir = folder()
    expect(readAppPreferences(dir)).toEqual({ welcomeDone: false, checkForUpdates: true })
    fs.writeFileSync(path.join(dir, PREFERENCES_FILE), JSON.stringify({ welcomeDone: 'yes', checkForUpdates: false }))
    expect(readAppPreferences(dir)).toEqual({ welcomeDone: false, checkForUpdates: false })
    fs.writeFileSync(path.join(dir, PREFERENCES_FILE), '[true]')
    expect(readAppPreferences(dir)).toEqual({ welcomeDone: false, checkForUpdates: true })
    expect(writeAppPreferences(dir, { welcomeDone: true })).toEqual({ welcomeDone: true, checkForUpdates: true })
    expect(writeAppPreferences(dir, { checkForUpdates: false })).toEqual({ welcomeDone: true, checkForUpdates: false })
    expect(readAppPreferences(dir)).toEqual({ welcomeDone: true, checkForUpdates: false })
    expect(fs.statSync(path.join(dir, PREFERENCES_FILE)).mode & 0o777).toBe(0o600)
  })
})
