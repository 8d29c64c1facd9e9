// A backup taken while another connection writes as fast as it can must be a consistent snapshot:
// every probe transaction inserts row n and sets the counter to n, so a torn copy would show a count
// that differs from the counter or a gap in the rows.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupDatabase, backupFileName } from '../../electron/core/backup'
import { DATABASE_FILE, openStation, type Station } from '../../electron/core/station'

const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3')

const WRITER = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 10000')
const flag = new Int32Array(workerData.flag)
const step = db.transaction((n) => {
  db.prepare('INSERT INTO backup_probe (n, padding) VALUES (?, randomblob(1500))').run(n)
  db.prepare('UPDATE backup_probe_counter SET n = ? WHERE id = 1').run(n)
})
let n = 0
while (Atomics.load(flag, 0) === 0) { step(++n); Atomics.store(flag, 1, n) }
db.close()
`

let dataDir: string
let station: Station | null = null
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseid-backup-'))
})
afterEach(async () => {
  await station?.close()
  station = null
  rmSync(dataDir, { recursive: true, force: true })
})

describe('backupDatabase', () => {
  it('copies the live station database consistently while another connection keeps writing', async () => {
    station = openStation({ dataDir })
    const file = join(dataDir, DATABASE_FILE)
    const setup = new Database(file)
    setup.exec('CREATE TABLE backup_probe (n INTEGER PRIMARY KEY, padding BLOB); CREATE TABLE backup_probe_counter (id INTEGER PRIMARY KEY, n INTEGER); INSERT INTO backup_probe_counter VALUES (1, 0)')
    const schemaVersion = setup.pragma('user_version', { simple: true })
    setup.close()

    const flag = new SharedArrayBuffer(8)
    const progress = new Int32Array(flag)
    const writer = new Worker(WRITER, { eval: true, workerData: { module: betterSqlite, file, flag } })
    const exited = new Promise((resolve, reject) => {
      writer.once('exit', resolve)
      writer.once('error', reject)
    })
    try {
      while (Atomics.load(progress, 1) < 300) await new Promise((resolve) => setTimeout(resolve, 10))
      const seen: number[] = []
      for (let i = 0; i < 4; i++) {
        const before = Atomics.load(progress, 1)
        const result = await backupDatabase(dataDir, () => new Date(Date.UTC(2026, 10, 29, 10, 0, i)))
        const after = Atomics.load(progress, 1)
        expect(result.file).toBe(join(dataDir, 'backups', backupFileName(new Date(Date.UTC(2026, 10, 29, 10, 0, i)))))
        const copy = new Database(result.file, { readonly: true })
        const { rows, highest } = copy.prepare('SELECT count(*) AS rows, max(n) AS highest FROM backup_probe').get() as { rows: number; highest: number }
        const counter = (copy.prepare('SELECT n FROM backup_probe_counter').get() as { n: number }).n
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
        expect(copy.pragma('user_version', { simple: true })).toBe(schemaVersion)
        expect(copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'outbox'").get()).toEqual({ n: 1 })
        copy.close()
        expect(rows).toBe(highest)
        expect(counter).toBe(highest)
        expect(highest).toBeGreaterThanOrEqual(before)
        expect(highest).toBeLessThanOrEqual(after)
        seen.push(highest)
      }
      expect(new Set(seen).size).toBeGreaterThan(1) // the writer really ran between and during the backups
    } finally {
      Atomics.store(progress, 0, 1)
      await exited
    }
    expect(readdirSync(join(dataDir, 'backups')).filter((name) => name.endsWith('.partial') || name.endsWith('-wal'))).toEqual([])
  }, 60_000)

  it('never overwrites an earlier backup taken in the same second', async () => {
    station = openStation({ dataDir })
    const at = () => new Date('2026-11-29T10:00:00Z')
    const first = await backupDatabase(dataDir, at)
    const second = await backupDatabase(dataDir, at)
    expect(first.file).not.toBe(second.file)
    expect(existsSync(first.file) && existsSync(second.file)).toBe(true)
    expect(second.file.endsWith('station-2026-11-29T10-00-00Z-2.sqlite')).toBe(true)
  })

  it('loads the same better-sqlite3 build as the station (STATION_SQLITE_BINDING, the Electron copy under npm start)', async () => {
    station = openStation({ dataDir })
    const nodeBuild = join(dirname(betterSqlite), '../build/Release/better_sqlite3.node')
    process.env.STATION_SQLITE_BINDING = nodeBuild
    try {
      await expect(backupDatabase(dataDir)).resolves.toMatchObject({ bytes: expect.any(Number) })
      process.env.STATION_SQLITE_BINDING = join(dataDir, 'no-such-build.node')
      await expect(backupDatabase(dataDir)).rejects.toThrow()
    } finally {
      delete process.env.STATION_SQLITE_BINDING
    }
  })

  it('says so when the folder has no station database', async () => {
    await expect(backupDatabase(dataDir)).rejects.toThrow(/no station database/)
  })
})
