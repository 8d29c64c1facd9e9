import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { logStartupFailure, startupFailureText } from '../../electron/main/startup'
import { openStation } from '../../electron/core/station'
import Database from 'better-sqlite3'

let dataDir: string | null = null
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  dataDir = null
})

describe('when the desktop app cannot start', () => {
  it('says why in words and where the data folder and its log are', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'caseid-startup-'))
    // A real reason: a database written by a newer version of the station.
    await openStation({ dataDir }).close()
    const db = new Database(join(dataDir, 'station.sqlite'))
    db.pragma('user_version = 999')
    db.close()
    let failure: unknown
    try {
      openStation({ dataDir })
    } catch (error) {
      failure = error
    }
    expect(failure).toBeInstanceOf(Error)
    const { title, text } = startupFailureText(failure, dataDir)
    expect(title).toBe('CaseID Station could not start')
    expect(text).toMatch(/newer version of CaseID Station/)
    expect(text).toContain(`Data folder: ${dataDir}`)
    logStartupFailure(failure, dataDir)
    expect(readFileSync(join(dataDir, 'logs/station.log'), 'utf8')).toMatch(/ERROR the desktop app could not start .*newer version/)
  })

  it('masks anything credential-shaped in the reason', () => {
    const { text } = startupFailureText(new Error('token request failed: client_secret=abc123xyz Bearer eyJ0eXAi.x.y'), '/data')
    expect(text).not.toMatch(/abc123xyz|eyJ0eXAi/)
  })
})
