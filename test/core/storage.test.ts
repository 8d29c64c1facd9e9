// Storage faults on real SQLite files: a full disk and a read-only database refuse the scan (nothing
// half-written, nothing claimed as queued); a damaged file is kept aside and a new one started.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { envDbOptions, openDb } from '../../electron/core/store/db'
import { asStorageError } from '../../electron/core/store/errors'
import { DATABASE_FILE, openStation, StorageError, StoreVersionError, type Station } from '../../electron/core/station'
import { randomShortUuid, startBuiltinSandbox } from '../../electron/sandbox'
import { bodyOf, importInput, logsOf, requests, station, tempDir, worldOnSandbox } from './helpers'

const cleanups = cleanupsAfterEach()

const PKG = '1A4FF0100000022000000123'
const scan = () => ({ caseUuid: randomShortUuid(), packagedProductUuid: randomShortUuid(), packageUid: PKG, posProductId: 'P', posInventoryId: 'I' })

function open(dir: string, database: Parameters<typeof openStation>[0]['database'] = {}): Station {
  const st = openStation({ dataDir: dir, database })
  cleanups.push(() => st.close())
  return st
}

function rows(file: string): { outbox: number; queuedJournal: number; integrity: unknown } {
  const db = new Database(file, { readonly: true })
  try {
    return {
      outbox: (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
      queuedJournal: (db.prepare("SELECT count(*) AS n FROM journal WHERE event = 'queued'").get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true })
    }
  } finally {
    db.close()
  }
}

function pageCount(file: string): number {
  const db = new Database(file)
  try {
    db.pragma('wal_checkpoint(TRUNCATE)')
    return db.pragma('page_count', { simple: true }) as number
  } finally {
    db.close()
  }
}

/** Overwrites a page (1-based) with garbage: the file still opens, its b-tree there does not hold. */
function damagePage(file: string, page: number): void {
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * (page - 1))
  fs.closeSync(fd)
}

/** A page in the middle of the file (not the header page). */
function damageMiddlePage(file: string): void {
  damagePage(file, Math.floor(pageCount(file) / 2) + 1)
}

/** A station in `dir` that queued n scans (after `first`, such as its settings), closed again. */
async function closedWithScans(dir: string, n: number, first: (st: Station) => void = () => {}): Promise<void> {
  const st = openStation({ dataDir: dir })
  first(st)
  st.enqueueImports(Array.from({ length: n }, scan))
  await st.close()
}

describe('a full disk', () => {
  it('refuses the enqueue with a clear StorageError; every enqueue that returned is kept, the refused one left nothing', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    await openStation({ dataDir: dir }).close()
    const st = open(dir, { maxPageCount: pageCount(file) + 4 })
    const returned: number[] = []
    let refusal: unknown = null
    for (let i = 0; i < 5000 && refusal === null; i++) {
      try {
        returned.push(st.enqueueImport(scan()).id)
      } catch (err) {
        refusal = err
      }
    }
    expect(refusal).toBeInstanceOf(StorageError)
    expect(refusal).toMatchObject({ problem: 'disk_full', sqliteCode: 'SQLITE_FULL', message: 'The station cannot save scans: the disk is full. Free space, then scan again.' })
    expect(returned.length).toBeGreaterThan(0)
    // A batch is all or nothing too.
    expect(() => st.enqueueImports([scan(), scan(), scan()])).toThrow(StorageError)
    // A remove's row is smaller than an import's and may still fit in the last page: it is refused
    // the same way once it does not, and every remove that returned is kept.
    let removesKept = 0
    let removeRefusal: unknown = null
    for (let i = 0; i < 200 && removeRefusal === null; i++) {
      try {
        st.enqueueRemove({ caseUuid: randomShortUuid(), packageUid: PKG })
        removesKept++
      } catch (err) {
        removeRefusal = err
      }
    }
    expect(removeRefusal).toBeInstanceOf(StorageError)
    expect(removeRefusal).toMatchObject({ problem: 'disk_full' })
    // Reads go on: the queue still shows what was saved.
    const kept = returned.length + removesKept
    expect(st.queue().counts.pending).toBe(kept)
    await st.close()
    expect(rows(file)).toEqual({ outbox: kept, queuedJournal: kept, integrity: 'ok' })
    // Space again (no cap): scanning resumes.
    const again = open(dir)
    expect(again.enqueueImport(scan()).id).toBeGreaterThan(returned[returned.length - 1]!)
  })

  it('takes the cap from STATION_DB_MAX_PAGE_COUNT (for hosts started as child processes), and the Electron binding from STATION_SQLITE_BINDING', () => {
    expect(envDbOptions({ STATION_DB_MAX_PAGE_COUNT: '120' })).toEqual({ maxPageCount: 120 })
    expect(envDbOptions({ STATION_DB_MAX_PAGE_COUNT: 'lots' })).toEqual({})
    expect(envDbOptions({ STATION_SQLITE_BINDING: '/x/better_sqlite3.node' })).toEqual({ nativeBinding: '/x/better_sqlite3.node' })
    expect(envDbOptions({})).toEqual({})
  })
})

describe('a disk that fills up while draining', () => {
  it('does not stop the worker for good or lose an item: after space comes back everything is imported exactly once', { timeout: 60_000 }, async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 30)
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    const setup = station(dir, sb.url)
    setup.enqueueImports(world.cases.map((c) => importInput(c)))
    await setup.close()
    // Room for a few attempts' journal rows, not for thirty.
    const full = station(dir, null, { database: { maxPageCount: pageCount(file) + 1 } })
    expect(await full.drain({ timeoutMs: 4000 })).toBe(false)
    await full.close()
    expect(logsOf(full).some((l) => l.includes('SQLITE_FULL') || l.includes('database or disk is full'))).toBe(true)
    const counts = rows(file)
    expect(counts).toMatchObject({ outbox: 30, integrity: 'ok' })
    const again = station(dir, null)
    cleanups.push(() => again.close())
    expect(await again.drain({ timeoutMs: 30_000 })).toBe(true)
    expect(again.queue().counts).toMatchObject({ done: 30, failed: 0 })
    const accepted = (await requests(sb.url)).filter((r) => r.path.endsWith('/caseids/import/') && r.status === 200)
    expect(new Set(accepted.map((r) => bodyOf(r).case_uuid)).size).toBe(30)
    expect(accepted).toHaveLength(30)
  })
})

describe('the native binding', () => {
  it('opens the database through the given better_sqlite3.node, and fails clearly when that file is missing', () => {
    const dir = tempDir()
    const binding = path.resolve(__dirname, '../../node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    const db = openDb(path.join(dir, 'a.sqlite'), { nativeBinding: binding })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
    expect(() => openDb(path.join(dir, 'b.sqlite'), { nativeBinding: path.join(dir, 'missing.node') })).toThrow()
  })

  it('the built-in sandbox loads the same binding from STATION_SQLITE_BINDING (it shares no code with the core)', async () => {
    const dir = tempDir()
    const before = process.env.STATION_SQLITE_BINDING
    try {
      process.env.STATION_SQLITE_BINDING = path.join(dir, 'missing.node')
      await expect(startBuiltinSandbox(dir)).rejects.toThrow()
      process.env.STATION_SQLITE_BINDING = path.resolve(__dirname, '../../node_modules/better-sqlite3/build/Release/better_sqlite3.node')
      const sb = await startBuiltinSandbox(dir)
      await sb.stop()
    } finally {
      if (before === undefined) delete process.env.STATION_SQLITE_BINDING
      else process.env.STATION_SQLITE_BINDING = before
    }
  })
})

/** Makes a file unwritable for this process: root ignores permissions, but not the immutable attribute. */
function makeReadOnly(file: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', file])
    return () => execFileSync('chattr', ['-i', file])
  }
  fs.chmodSync(file, 0o444)
  return () => fs.chmodSync(file, 0o644)
}

describe('a read-only database', () => {
  it('opens for reading, and refuses enqueues with a clear StorageError instead of claiming "queued"', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    const first = openStation({ dataDir: dir })
    const kept = first.enqueueImport(scan())
    await first.close()
    const undo = makeReadOnly(file)
    cleanups.push(undo)
    const st = open(dir)
    expect(st.item(kept.id)?.state).toBe('pending')
    let refusal: unknown = null
    try {
      st.enqueueImport(scan())
    } catch (err) {
      refusal = err
    }
    expect(refusal).toBeInstanceOf(StorageError)
    expect(refusal).toMatchObject({ problem: 'read_only', message: expect.stringMatching(/^The station cannot save scans: its database is read-only/) })
    expect(() => st.setSettings({ operator: 'Ann' })).toThrow(StorageError)
    await st.close()
    undo()
    cleanups.pop()
    expect(rows(file)).toMatchObject({ outbox: 1, integrity: 'ok' })
  })
})

describe('a damaged database file', () => {
  it('garbage in place of the database: kept aside, a new one started, and the operator told until dismissed', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    const garbage = Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 7919) % 251))
    fs.writeFileSync(file, garbage)
    const st = open(dir)
    const notices = st.startupNotices
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ kind: 'database_replaced', file: expect.stringMatching(/station\.sqlite\.corrupt-\d{4}-\d\d-\d\dT/) })
    expect(notices[0]!.message).toContain(notices[0]!.file)
    expect(fs.readFileSync(notices[0]!.file).equals(garbage)).toBe(true)
    // The new database works, and its journal says what happened.
    st.enqueueImport(scan())
    expect(st.queue().counts.pending).toBe(1)
    const day = new Date().toISOString().slice(0, 10)
    expect(st.journalForDay(day, 'UTC').map((j) => j.event)).toContain('database_replaced')
    await st.close()
    cleanups.pop()
    // Still told at the next start (the command line may have been first), until dismissed.
    const next = open(dir)
    expect(next.startupNotices.map((n) => n.id)).toEqual([notices[0]!.id])
    next.dismissNotice(notices[0]!.id)
    expect(next.startupNotices).toEqual([])
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([path.basename(notices[0]!.file)])
  })

  it('a valid file with a damaged page is found by the check at start and kept aside', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    await closedWithScans(dir, 400)
    expect(pageCount(file)).toBeGreaterThan(10)
    damageMiddlePage(file)
    // Told to skip the check (a process reopening a file it has just checked), it does not look.
    const unchecked = openStation({ dataDir: dir, database: { quickCheck: false } })
    expect(unchecked.startupNotices).toEqual([])
    await unchecked.close()
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([])
    const again = open(dir)
    expect(again.startupNotices).toHaveLength(1)
    // What could be read of the damaged file is in the new one, and the notice says how much.
    const pending = again.queue().counts.pending
    expect(pending).toBeGreaterThan(0)
    expect(again.startupNotices[0]!.message).toContain(`Kept from it: `)
    expect(again.startupNotices[0]!.message).toContain(`${pending} scans not yet sent (queued again)`)
  })

  it('a database that cannot be opened at all says so clearly, and nothing is moved', () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, DATABASE_FILE)) // a folder where the file should be
    expect(() => openStation({ dataDir: dir })).toThrow(StorageError)
    expect(() => openStation({ dataDir: dir })).toThrow(/cannot open its database file/)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(DATABASE_FILE))).toEqual([DATABASE_FILE, `${DATABASE_FILE}.owner-lock`])
  })

  it('a database of a newer version is refused and left where it is, never moved aside', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    await openStation({ dataDir: dir }).close()
    const db = new Database(file)
    db.pragma('user_version = 999')
    db.close()
    expect(() => openStation({ dataDir: dir })).toThrow(StoreVersionError)
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([])
  })
})

describe('one owner of a damaged database (issue 14)', () => {
  it('damage found while another station has the file open: nothing is moved, the opener is told why, the owner goes on in the same file', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    await closedWithScans(dir, 400)
    const owner = open(dir)
    damageMiddlePage(file)
    expect(() => openStation({ dataDir: dir })).toThrow(/damaged .*another station process has it open .*nothing was moved/s)
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([])
    // The owner goes on in the same file: a scan either queues, or (when its write meets the damaged
    // page, which depends on where the random ids put the rows) is refused in words, never lost.
    const queued: number[] = []
    for (let i = 0; i < 5; i++) {
      try {
        queued.push(owner.enqueueImport(scan()).id)
      } catch (err) {
        expect(err).toBeInstanceOf(StorageError)
        expect((err as Error).message).toMatch(/database file is damaged\. Restart the station/)
      }
    }
    await owner.close()
    cleanups.pop()
    // Alone now (kept aside if still damaged): every scan the owner queued after the damage is in the file this start opened.
    const next = open(dir)
    const kept = next.queue().items.map((i) => i.id)
    for (const id of queued) expect(kept).toContain(id)
  })

  it('a file replaced under a running station: scans are refused with a clear message, never "queued"', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    const st = open(dir)
    st.enqueueImport(scan())
    fs.renameSync(file, `${file}.moved`)
    fs.copyFileSync(`${file}.moved`, file)
    expect(() => st.enqueueImport(scan())).toThrow(/stopped accepting scans: its database file was moved or replaced/)
    expect(() => st.setSettings({ operator: 'Ann' })).toThrow(StorageError)
  })

  it('a station or operator name with a direction mark is refused in words and the old one kept', () => {
    const st = open(tempDir())
    st.setSettings({ operator: 'Sam', stationName: 'Dock 2' })
    expect(() => st.setSettings({ operator: 'Sam \u202Eyelsa' })).toThrow(/operator: must not contain direction marks/)
    expect(() => st.setSettings({ stationName: 'Dock \u20662' })).toThrow(/stationName: must not contain direction marks/)
    expect(st.getSettings()).toMatchObject({ operator: 'Sam', stationName: 'Dock 2' })
  })

  it('settings survive a damaged database, and the notice names what was kept and what was not', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    await closedWithScans(dir, 400, (st) => st.setSettings({ apiUrl: 'https://retail.example.test', clientId: 'client-7', operator: 'Sam', stationName: 'Dock 2' }))
    damageMiddlePage(file)
    const next = open(dir)
    expect(next.getSettings()).toMatchObject({ apiUrl: 'https://retail.example.test', clientId: 'client-7', operator: 'Sam', stationName: 'Dock 2' })
    const message = next.startupNotices[0]!.message
    expect(message).toMatch(/Kept from it: the settings \(.*api_url.*client_id.*\)/)
    expect(message).toMatch(/Not kept: .*the journal/)
  })
})

describe('the copy of the settings beside the database (issue 14)', () => {
  function settingsRootPage(file: string): number {
    const db = new Database(file, { readonly: true })
    try {
      return db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'settings'").pluck().get() as number
    } finally {
      db.close()
    }
  }

  it('follows every change, owner-only, without notices or the runtime state; a damaged settings page is restored from it and the notice says so', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    const copyFile = `${file}.settings-copy`
    await closedWithScans(dir, 200, (st) => {
      st.setSettings({ apiUrl: 'https://retail.example.test', clientId: 'client-7', operator: 'Sam' })
      st.setSettings({ operator: 'Ann' })
    })
    expect(fs.statSync(copyFile).mode & 0o777).toBe(0o600)
    const copy = JSON.parse(fs.readFileSync(copyFile, 'utf8')) as { settings: Record<string, string> }
    expect(copy.settings).toMatchObject({ api_url: 'https://retail.example.test', client_id: 'client-7', operator: 'Ann' })
    expect(Object.keys(copy.settings).filter((k) => /^(notice|runtime)\./.test(k))).toEqual([])

    const page = settingsRootPage(file)
    pageCount(file) // checkpointed, so the page is in the main file
    damagePage(file, page)
    const next = open(dir)
    expect(next.getSettings()).toMatchObject({ apiUrl: 'https://retail.example.test', clientId: 'client-7', operator: 'Ann' })
    const message = next.startupNotices[0]!.message
    expect(message).toMatch(/Kept from it: the settings the damaged file could not give, from the copy kept beside it \(.*operator.*\) as saved at /)
    expect(message).not.toMatch(/back to their defaults/)
    expect(next.queue().counts.pending).toBe(200)
  })
})

describe('a damaged list of tables (issue 14)', () => {
  function schemaLeafPages(file: string): number[] {
    const db = new Database(file, { readonly: true })
    try {
      return db.prepare("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema' AND pagetype = 'leaf'").pluck().all() as number[]
    } finally {
      db.close()
    }
  }

  it('a crash image (the file and its WAL, copied while the station runs) with a damaged schema page: the WAL\'s scans are read too', async () => {
    const dir = tempDir()
    const st = open(dir)
    st.setSettings({ operator: 'Ann' })
    const queued = st.enqueueImports(Array.from({ length: 150 }, scan)).map((r) => r.id)
    const image = tempDir()
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) fs.copyFileSync(path.join(dir, f), path.join(image, f))
    const file = path.join(image, DATABASE_FILE)
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0)
    const leaf = schemaLeafPages(path.join(dir, DATABASE_FILE))[0]!
    damagePage(file, leaf)
    const next = open(image)
    expect(next.queue().items.map((i) => i.id).sort((a, b) => a - b)).toEqual(queued)
    expect(next.getSettings().operator).toBe('Ann')
  })

  for (const which of ['a page of the schema', 'the first page (header and schema)'] as const) {
    it(`${which} damaged: the unsent scans, manifest and settings are still read from where each table starts`, async () => {
      const dir = tempDir()
      const file = path.join(dir, DATABASE_FILE)
      const st = openStation({ dataDir: dir })
      st.setSettings({ operator: 'Ann' })
      const queued = st.enqueueImports(Array.from({ length: 300 }, scan)).map((r) => r.id)
      await st.close()
      pageCount(file)
      const leaves = schemaLeafPages(file)
      expect(leaves.length).toBeGreaterThan(0) // the schema outgrew its first page
      const page = which === 'a page of the schema' ? leaves[0]! : 1
      damagePage(file, page)
      const next = open(dir)
      expect(next.queue().counts.pending).toBe(300)
      expect(next.queue().items.map((i) => i.id).sort((a, b) => a - b)).toEqual(queued)
      expect(next.getSettings().operator).toBe('Ann')
      expect(next.startupNotices[0]!.message).toMatch(/300 scans not yet sent \(queued again\).*list of tables could not be read/)
    })
  }
})

describe('unsent scans on a damaged page (issue 14)', () => {
  it('are rebuilt from the journal with their package\'s POS ids; the notice says so and does not call them lost', async () => {
    const dir = tempDir()
    const file = path.join(dir, DATABASE_FILE)
    const st = openStation({ dataDir: dir })
    st.loadManifest([{ line: 2, packageUid: PKG, posProductId: 'P', posInventoryId: 'I', sku: 'S', productName: 'Rebuilt', caseUuid: null, packagedProductUuid: null }])
    const queued = st.enqueueImports(Array.from({ length: 300 }, scan)).map((r) => r.id)
    await st.close()
    pageCount(file)
    const db = new Database(file, { readonly: true })
    const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[]
    db.close()
    expect(leaves.length).toBeGreaterThan(2)
    damagePage(file, leaves[1]!)
    const next = open(dir)
    const items = next.queue().items
    expect(items.map((i) => i.id).sort((a, b) => a - b)).toEqual(queued)
    expect(items.every((i) => i.state === 'pending' && i.posProductId === 'P' && i.posInventoryId === 'I')).toBe(true)
    const message = next.startupNotices[0]!.message
    expect(message).toMatch(/scans not yet sent whose rows were damaged, rebuilt from the journal/)
    expect(message).not.toMatch(/unsent scans on damaged pages/)
  })
})

describe('a read that meets a damaged file', () => {
  it('is said in the station\'s words (what every face shows), not SQLite\'s; other errors are left as they are', () => {
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })
    expect((asStorageError(corrupt) as Error).message).toMatch(/^The station cannot save scans: its database file is damaged\. Restart the station/)
    const bug = new TypeError('x is undefined')
    expect(asStorageError(bug)).toBe(bug)
  })
})
