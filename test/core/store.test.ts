// The store on real SQLite files: migrations, enqueue durability, FIFO per case, leases, the limiter.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDb, StoreVersionError, schemaVersion } from '../../electron/core/store/db'
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/store/migrations'
import { Store, apiColumns, type EnqueueValues } from '../../electron/core/store/store'
import { randomShortUuid } from '../../electron/sandbox'
import { tempDir } from './helpers'

/** The API every item of these tests is for (the API binding rules have their own tests). */
const API = { url: 'builtin', clientId: '' }
/** The migration that binds operations to their API. */
const API_BINDING_MIGRATION = MIGRATIONS.find((m) => m.sql.includes('ADD COLUMN api_url'))!.version

function fresh(): { file: string; store: Store } {
  const file = path.join(tempDir(), 'station.sqlite')
  return { file, store: new Store(openDb(file)) }
}

function imp(caseUuid: string, extra: Partial<EnqueueValues> = {}): EnqueueValues {
  return {
    operation: 'import',
    case_uuid: caseUuid,
    packaged_product_uuid: 'PP' + caseUuid.slice(2),
    package_uid: 'PKG1',
    pos_product_id: 'P',
    pos_inventory_id: 'I',
    sku: null,
    reason: null,
    operator: 'op',
    station: 'st',
    source: null,
    ...apiColumns(API),
    ...extra
  }
}

describe('store', () => {
  it('migrates a new file to the current schema with WAL, foreign keys and synchronous FULL', () => {
    const { file, store } = fresh()
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION)
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2)
    store.db.close()
    // Opening again is a no-op.
    const again = openDb(file)
    expect(schemaVersion(again)).toBe(SCHEMA_VERSION)
    again.close()
  })

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const { file, store } = fresh()
    store.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    store.db.close()
    const before = fs.readFileSync(file)
    expect(() => openDb(file)).toThrow(StoreVersionError)
    expect(() => openDb(file)).toThrow(/newer version of CaseID Station/)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('commits the outbox row and its journal row together, visible to another connection at once', () => {
    const { file, store } = fresh()
    const row = store.enqueue(imp(randomShortUuid()), 1000)
    const other = new Database(file, { readonly: true })
    expect(other.prepare('SELECT state FROM outbox WHERE id = ?').get(row.id)).toEqual({ state: 'pending' })
    expect(other.prepare('SELECT event FROM journal WHERE outbox_id = ?').all(row.id)).toEqual([{ event: 'queued' }])
    other.close()
  })

  it('refuses an import without its POS ids (CHECK) and a journal row for an unknown item (foreign key)', () => {
    const { store } = fresh()
    expect(() => store.enqueue(imp(randomShortUuid(), { pos_product_id: null }), 1)).toThrow()
    expect(() => store.journal({ at: 1, event: 'x', outbox_id: 999 })).toThrow(/FOREIGN KEY/)
  })

  it('sends the items of one CaseID first-in first-out, other CaseIDs in parallel', () => {
    const { store } = fresh()
    const a = randomShortUuid()
    const b = randomShortUuid()
    const a1 = store.enqueue(imp(a), 1)
    const a2 = store.enqueue({ ...imp(a), operation: 'remove', pos_product_id: null, pos_inventory_id: null }, 2)
    const b1 = store.enqueue(imp(b), 3)
    const c1 = store.claimNext('w1', 10, 8000, 100, API)
    const c2 = store.claimNext('w1', 10, 8000, 100, API)
    const c3 = store.claimNext('w1', 10, 8000, 100, API)
    expect(c1.kind === 'claimed' && c1.row.id).toBe(a1.id)
    expect(c2.kind === 'claimed' && c2.row.id).toBe(b1.id) // a2 waits behind a1
    expect(c3.kind).toBe('none')
    // a1 fails for good: a2 stays blocked until a person acts.
    store.finish(a1.id, 'w1', { state: 'failed', outcome: 'refused', apiMessage: 'no', lastError: null, event: 'refused' }, 20)
    expect(store.claimNext('w1', 21, 8000, 100, API).kind).toBe('none')
    expect(store.drainState(API)).toMatchObject({ pending: 1, blocked: 1 })
    store.discard(a1.id, 22, 'boss', 'wrong label')
    const c4 = store.claimNext('w1', 23, 8000, 100, API)
    expect(c4.kind === 'claimed' && c4.row.id).toBe(a2.id)
  })

  it('never lets two workers hold one item; takes over a dead worker\'s claim once its lease runs out', () => {
    const { file, store } = fresh()
    const other = new Store(openDb(file))
    const it1 = store.enqueue(imp(randomShortUuid()), 0)
    const c = store.claimNext('alive', 1000, 8000, 100, API)
    expect(c.kind).toBe('claimed')
    expect(other.claimNext('second', 5000, 8000, 100, API).kind).toBe('none')
    // The heartbeat keeps it.
    store.heartbeat('alive', 7000, 8000)
    expect(other.claimNext('second', 12_000, 8000, 100, API).kind).toBe('none')
    // No heartbeat after 7000: taken over at 15001, attempts counted.
    const t = other.claimNext('second', 15_001, 8000, 100, API)
    expect(t.kind === 'claimed' && t.row).toMatchObject({ id: it1.id, claimed_by: 'second', attempts: 2 })
    // The first worker's late answer is not recorded.
    expect(store.finish(it1.id, 'alive', { state: 'done', outcome: 'imported', apiMessage: null, lastError: null, event: 'imported' }, 15_100)).toBeNull()
    expect(store.heartbeat('alive', 15_200, 8000).has(it1.id)).toBe(false)
    const events = store.db.prepare('SELECT event FROM journal WHERE outbox_id = ? ORDER BY id').all(it1.id)
    expect(events).toEqual([{ event: 'queued' }, { event: 'sending' }, { event: 'taken_over' }])
  })

  it('limits requests over a sliding minute, and the window survives a restart', () => {
    const { file, store } = fresh()
    for (let i = 0; i < 10; i++) store.enqueue(imp(randomShortUuid()), 0)
    const t0 = 100_000
    for (let i = 0; i < 5; i++) expect(store.claimNext('w', t0 + i * 1000, 8000, 5, API).kind).toBe('claimed')
    const r = store.claimNext('w', t0 + 10_000, 8000, 5, API)
    expect(r).toEqual({ kind: 'rate_limited', until: t0 + 61_001 }) // 60 s + 1 s allowance for transit
    store.db.close()
    // A new process on the same file: still limited, no burst.
    const again = new Store(openDb(file))
    expect(again.claimNext('w2', t0 + 30_000, 8000, 5, API).kind).toBe('rate_limited')
    expect(again.claimNext('w2', t0 + 60_500, 8000, 5, API).kind).toBe('rate_limited')
    expect(again.claimNext('w2', t0 + 61_001, 8000, 5, API).kind).toBe('claimed')
    expect(again.claimNext('w2', t0 + 61_002, 8000, 5, API).kind).toBe('rate_limited')
  })

  it('cancels an unsent import and its remove locally; a sent one gets a real remove', () => {
    const { store } = fresh()
    const a = randomShortUuid()
    const i1 = store.enqueue(imp(a), 1)
    const r = store.enqueueRemove({ case_uuid: a, packaged_product_uuid: 'PP' + a.slice(2), package_uid: 'PKG1', reason: 'oops', operator: 'op', station: 'st', source: null, ...apiColumns(API) }, 2)
    expect('cancelled' in r && r.cancelled.map((x) => [x.operation, x.state, x.outcome])).toEqual([
      ['import', 'cancelled', 'cancelled'],
      ['remove', 'cancelled', 'cancelled']
    ])
    expect(store.item(i1.id)!.cancelled_with).not.toBeNull()
    // Now an import that has been attempted: the remove is queued for real.
    const i2 = store.enqueue(imp(a), 3)
    expect(store.claimNext('w', 4, 8000, 100, API).kind).toBe('claimed')
    store.finish(i2.id, 'w', { state: 'pending', outcome: null, apiMessage: null, lastError: 'timeout', nextAttemptAt: 5, event: 'retry_scheduled' }, 5)
    const r2 = store.enqueueRemove({ case_uuid: a, packaged_product_uuid: null, package_uid: 'PKG1', reason: null, operator: null, station: null, source: null, ...apiColumns(API) }, 6)
    expect('queued' in r2).toBe(true)
    expect(store.counts()).toMatchObject({ pending: 2, cancelled: 2 })

    // Multi-batch: undoing one packaged product cancels only its own unsent import.
    const b = randomShortUuid()
    const p1 = store.enqueue(imp(b, { packaged_product_uuid: 'P1' }), 10)
    const p2 = store.enqueue(imp(b, { packaged_product_uuid: 'P2' }), 11)
    const r3 = store.enqueueRemove({ case_uuid: b, packaged_product_uuid: 'P1', package_uid: 'PKG1', reason: null, operator: null, station: null, source: null, ...apiColumns(API) }, 12)
    expect('cancelled' in r3 && r3.cancelled.map((x) => x.id)).toContain(p1.id)
    expect(store.item(p2.id)!.state).toBe('pending')
    // A whole-case remove after it cannot be undone by a later packaged-product remove.
    store.enqueueRemove({ case_uuid: b, packaged_product_uuid: null, package_uid: 'PKG1', reason: null, operator: null, station: null, source: null, ...apiColumns(API) }, 13)
    expect(store.item(p2.id)!.state).toBe('cancelled')
  })

  it('keeps attempts and the first-queued time across restarts; retry keeps them too', () => {
    const { file, store } = fresh()
    const i = store.enqueue(imp(randomShortUuid()), 42)
    store.claimNext('w', 50, 8000, 100, API)
    store.finish(i.id, 'w', { state: 'failed', outcome: 'refused', apiMessage: 'bad', lastError: null, event: 'refused' }, 60)
    store.db.close()
    const again = new Store(openDb(file))
    expect(again.item(i.id)).toMatchObject({ attempts: 1, created_at: 42, state: 'failed' })
    again.retry(i.id, 70, 'boss')
    expect(again.item(i.id)).toMatchObject({ attempts: 1, created_at: 42, state: 'pending' })
  })
})

describe('store: operations bound to their API', () => {
  const OTHER = { url: 'https://retail.lucidgreen.io', clientId: 'prod-client' }

  /** A database file at the schema version before operations were bound to an API, open for writing. */
  function databaseBeforeBinding(): { file: string; old: Database.Database } {
    const file = path.join(tempDir(), 'station.sqlite')
    const old = new Database(file)
    const before = MIGRATIONS.filter((m) => m.version < API_BINDING_MIGRATION)
    for (const m of before) old.exec(m.sql)
    old.pragma(`user_version = ${before[before.length - 1]!.version}`)
    return { file, old }
  }

  it('gives operations queued before the binding existed the API configured when the database is migrated', () => {
    const { file, old } = databaseBeforeBinding()
    old.prepare(`INSERT INTO settings (key, value) VALUES ('api_url', ?), ('client_id', ?)`).run(OTHER.url, OTHER.clientId)
    old.prepare(`INSERT INTO outbox (operation, case_uuid, package_uid, state, created_at, updated_at) VALUES ('remove', 'C', 'P', 'pending', 1, 1)`).run()
    old.prepare(`INSERT INTO journal (at, event, outbox_id) VALUES (1, 'queued', 1), (1, 'manifest_loaded', NULL)`).run()
    old.close()

    const store = new Store(openDb(file))
    expect(store.item(1)).toMatchObject({ api_url: OTHER.url, api_client_id: OTHER.clientId })
    expect(store.journalSince(0).map((j) => [j.event, j.api_url, j.api_client_id])).toEqual([
      ['queued', OTHER.url, OTHER.clientId],
      ['manifest_loaded', null, null]
    ])
    // Sent only to that API.
    expect(store.claimNext('w', 10, 8000, 100, API).kind).toBe('none')
    expect(store.claimNext('w', 10, 8000, 100, OTHER).kind).toBe('claimed')
  })

  it('the built-in sandbox is bound without a client id at migration time, whatever client id is set', () => {
    const { file, old } = databaseBeforeBinding()
    old.prepare(`INSERT INTO settings (key, value) VALUES ('client_id', 'left-over')`).run()
    old.prepare(`INSERT INTO outbox (operation, case_uuid, package_uid, state, created_at, updated_at) VALUES ('remove', 'C', 'P', 'pending', 1, 1)`).run()
    old.close()
    expect(new Store(openDb(file)).item(1)).toMatchObject({ api_url: 'builtin', api_client_id: '' })
  })

  it('claims only the items of the API given; FIFO per CaseID holds within an API, not across APIs', () => {
    const { store } = fresh()
    const a = randomShortUuid()
    const onOther = store.enqueue(imp(a, apiColumns(OTHER)), 1)
    const onCurrent = store.enqueue(imp(a), 2)
    // The earlier item of the same case waits for its own API; it does not hold back this API's item.
    const c = store.claimNext('w', 10, 8000, 100, API)
    expect(c.kind === 'claimed' && c.row.id).toBe(onCurrent.id)
    expect(store.claimNext('w', 11, 8000, 100, API).kind).toBe('none')
    expect(store.nextWake('w', API)).toBeNull()
    expect(store.drainState(API)).toMatchObject({ pending: 0, in_flight: 1, other_api: 1 })
    expect(store.unsentCount(OTHER)).toBe(1)
    // An expired lease of another API's item is not taken over by this API's worker.
    const o = store.claimNext('w2', 12, 10, 100, OTHER)
    expect(o.kind === 'claimed' && o.row.id).toBe(onOther.id)
    expect(store.claimNext('w', 100, 8000, 100, API).kind).toBe('none')
  })

  it('an unsent import is cancelled locally only by a remove for its own API', () => {
    const { store } = fresh()
    const a = randomShortUuid()
    const i1 = store.enqueue(imp(a), 1)
    const remove = { case_uuid: a, packaged_product_uuid: 'PP' + a.slice(2), package_uid: 'PKG1', reason: null, operator: null, station: null, source: null }
    const r = store.enqueueRemove({ ...remove, ...apiColumns(OTHER) }, 2)
    expect('queued' in r && r.queued.api_url).toBe(OTHER.url)
    expect(store.item(i1.id)!.state).toBe('pending')
    const r2 = store.enqueueRemove({ ...remove, ...apiColumns(API) }, 3)
    expect('cancelled' in r2).toBe(true)
    expect(store.latestImportApi(a, 'PKG1', null)).toBeNull() // the import was cancelled
  })

  it('discards the unsent operations of one API with a reason, in one transaction, leaving the others', () => {
    const { store } = fresh()
    const mine = [store.enqueue(imp(randomShortUuid()), 1), store.enqueue(imp(randomShortUuid()), 2)]
    const theirs = store.enqueue(imp(randomShortUuid(), apiColumns(OTHER)), 3)
    const failed = store.claimNext('w', 4, 8000, 100, API)
    expect(failed.kind).toBe('claimed')
    store.finish(mine[0]!.id, 'w', { state: 'failed', outcome: 'refused', apiMessage: 'no', lastError: null, event: 'refused' }, 5)
    const out = store.discardUnsent(API, 'wrong API', 'Sam', 6)
    expect(out.map((r) => [r.id, r.state, r.outcome, r.reason])).toEqual(mine.map((m) => [m.id, 'cancelled', 'discarded', 'wrong API']))
    expect(store.item(theirs.id)!.state).toBe('pending')
    const rows = store.journalSince(0).filter((j) => j.event === 'discarded')
    expect(rows.map((j) => [j.operator, j.api_url])).toEqual([
      ['Sam', 'builtin'],
      ['Sam', 'builtin']
    ])
  })
})
