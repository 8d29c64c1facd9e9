// The command line's files as a newcomer gets them wrong: a folder, a missing folder, a missing file.
// Each answer says in words what is wrong and what to do, exits 1, and leaves nothing behind.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../core/helpers'
import { cli } from './helpers'

const DAY = '2026-11-28'

describe('command line files', () => {
  it('export --out naming a folder says so, suggests a file name, and leaves no temporary file beside it', { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const parent = tempDir()
    const folder = path.join(parent, 'reports')
    fs.mkdirSync(folder)
    const r = await cli(['export', '--date', DAY, '--out', folder, '--data', dir])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${folder} is a folder`)
    expect(r.stderr).toContain(path.join(folder, `day-${DAY}.csv`))
    expect(r.stderr).not.toMatch(/EISDIR|\.tmp/)
    expect(fs.readdirSync(parent)).toEqual(['reports'])
    expect(fs.readdirSync(folder)).toEqual([])
  })

  it('export --out into a folder that does not exist names that folder, without error codes or temporary names', { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const missing = path.join(tempDir(), 'no such folder')
    const r = await cli(['export', '--date', DAY, '--out', path.join(missing, 'day.csv'), '--data', dir])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`the folder ${missing} does not exist`)
    expect(r.stderr).not.toMatch(/ENOENT|\.tmp/)
  })

  it('manifest load and import --csv of a missing file or a folder say which, in words', { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const missing = path.join(tempDir(), 'manifest 2026.csv')
    const loadMissing = await cli(['manifest', 'load', missing, '--data', dir])
    expect(loadMissing.code).toBe(1)
    expect(loadMissing.stderr).toContain(`cannot read ${missing}: there is no such file`)
    const folder = tempDir()
    const importFolder = await cli(['import', '--csv', folder, '--data', dir])
    expect(importFolder.code).toBe(1)
    expect(importFolder.stderr).toContain(`cannot read ${folder}: it is a folder, not a file`)
    expect(loadMissing.stderr + importFolder.stderr).not.toMatch(/ENOENT|EISDIR/)
  })
})
