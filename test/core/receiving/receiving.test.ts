// The receiving decisions over a real station (real SQLite file); nothing is sent: no worker runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Receiving } from '../../../electron/core/receiving/receiving'
import { ownDispensaryKey, rememberOwnDispensaries } from '../../../electron/core/lookup/ownDispensary'
import { openStation, StorageError, type Station } from '../../../electron/core/station'
import { encodeShortUuid } from '../../../electron/core/scan/shortuuid.std'
import Database from 'better-sqlite3'
import { CASE_A, CASE_B, CASE_C, PP_1, PP_2 } from '../../support/ids'

const PKG = '1A4FF0100000022000000777'

let dir: string
let station: Station
let receiving: Receiving

/** The receiving screen the scans are made on ("undo last scan" is per operator and screen). */
const HERE = { screen: 'screen-1' }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'receiving-'))
  station = openStation({ dataDir: dir })
  station.setSettings({ operator: 'Dana' })
  const row = { packageUid: PKG, posProductId: 'PRD-1', posInventoryId: 'INV-1', sku: 'SKU-1', productName: 'Test Flower' }
  station.loadManifest([
    { line: 2, ...row, caseUuid: CASE_A, packagedProductUuid: PP_1 },
    { line: 3, ...row, caseUuid: CASE_B, packagedProductUuid: PP_1 },
    { line: 4, ...row, caseUuid: CASE_B, packagedProductUuid: PP_2 }
  ])
  receiving = station.receiving
})
afterEach(async () => {
  await station.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('receiving scans', () => {
  it('a Package UID on the manifest becomes active; one not on it asks for POS ids', () => {
    expect(receiving.scan(PKG, 'wedge', null)).toMatchObject({ kind: 'package', packageUid: PKG, needsPosIds: false, tone: 'accepted' })
    expect(receiving.scan('1A4FF0100000022000000999', 'wedge', null)).toMatchObject({ kind: 'package', needsPosIds: true })
  })

  it('a CaseID without an active package asks for the Package UID first and queues nothing; one on the manifest names its package', () => {
    expect(receiving.scan(`https://qr.lcdg.io/case/${CASE_C}`, 'wedge', null)).toMatchObject({ kind: 'no-active-package', caseUuid: CASE_C, tone: 'refused' })
    const outcome = receiving.scan(`https://qr.lcdg.io/case/${CASE_A}`, 'wedge', null)
    expect(outcome).toMatchObject({ kind: 'wrong-package', caseUuid: CASE_A, packageUid: PKG, productName: 'Test Flower', tone: 'refused' })
    expect(outcome.message).toContain(`The manifest lists it under ${PKG} (Test Flower).`)
    expect(station.queue().counts.pending).toBe(0)
  })

  it('a CaseID is queued once per packaged product the manifest gives, with the POS ids and operator', () => {
    const outcome = receiving.scan(`]Q1https://qr.lcdg.io/case/${CASE_B}\r\n`, 'wedge', PKG)
    expect(outcome.kind).toBe('queued')
    const items = station.operationsOnCase(CASE_B)
    expect(items.map((i) => i.packagedProductUuid).sort()).toEqual([PP_1, PP_2].sort())
    for (const item of items) expect(item).toMatchObject({ operation: 'import', state: 'pending', packageUid: PKG, posProductId: 'PRD-1', posInventoryId: 'INV-1', sku: 'SKU-1', operator: 'Dana' })
    expect(outcome.message).toContain(CASE_B)
    expect(outcome.message).toContain(PKG)
  })

  it('scanning the same case again says already scanned and queues nothing more', () => {
    receiving.scan(CASE_A, 'wedge', PKG)
    expect(receiving.scan(CASE_A, 'wedge', PKG)).toMatchObject({ kind: 'already', tone: 'duplicate' })
    expect(station.operationsOnCase(CASE_A)).toHaveLength(1)
  })

  it('a case not on the manifest asks once which packaged product it holds, then remembers', () => {
    expect(receiving.scan(CASE_C, 'wedge', PKG)).toMatchObject({ kind: 'needs-packaged-product', caseUuid: CASE_C, packageUid: PKG })
    expect(receiving.answerPackagedProducts(CASE_C, PKG, [PP_2], HERE)).toMatchObject({ kind: 'queued' })
    expect(station.rememberedPackagedProducts(CASE_C, PKG)).toEqual([PP_2])
    // Undone and scanned again: the remembered answer is used, no question.
    receiving.undoLastScan(HERE)
    expect(receiving.scan(CASE_C, 'wedge', PKG)).toMatchObject({ kind: 'queued' })
  })

  it('undo of an unsent scan cancels both locally; the case can then be scanned again', () => {
    receiving.scan(CASE_B, 'wedge', PKG, HERE)
    const undone = receiving.undoLastScan(HERE)
    expect(undone).toMatchObject({ kind: 'undone', caseUuid: CASE_B })
    expect(undone.message).toContain('cancelled before it was sent')
    expect(station.operationsOnCase(CASE_B).every((i) => i.state === 'cancelled')).toBe(true)
    expect(station.queue().counts.pending).toBe(0)
    expect(receiving.undoLastScan(HERE)).toMatchObject({ kind: 'refused' })
    expect(receiving.scan(CASE_B, 'wedge', PKG)).toMatchObject({ kind: 'queued' })
  })

  it('a multi-batch case scanned again queues only the packaged product that is not queued or imported yet', () => {
    receiving.scan(CASE_B, 'wedge', PKG)
    // One of its two imports is taken back (cancelled locally, never sent).
    expect(station.enqueueRemove({ caseUuid: CASE_B, packageUid: PKG, packagedProductUuid: PP_2 })).toHaveProperty('cancelled')
    const again = receiving.scan(CASE_B, 'wedge', PKG)
    expect(again).toMatchObject({ kind: 'queued' })
    if (again.kind !== 'queued') throw new Error(again.message)
    expect(again.items.map((i) => i.packagedProductUuid)).toEqual([PP_2])
    expect(receiving.scan(CASE_B, 'wedge', PKG)).toMatchObject({ kind: 'already' })
  })

  it('a case for a package whose POS ids are not known is refused until they are entered', () => {
    const unknown = '1A4FF0100000022000000888'
    expect(receiving.scan(CASE_C, 'wedge', unknown)).toMatchObject({ kind: 'refused', tone: 'refused' })
    station.rememberPackage({ packageUid: unknown, posProductId: 'PRD-9', posInventoryId: 'INV-9' })
    expect(receiving.scan(unknown, 'wedge', null)).toMatchObject({ kind: 'package', needsPosIds: false })
    expect(receiving.answerPackagedProducts(CASE_C, unknown, [PP_1])).toMatchObject({ kind: 'queued' })
    expect(station.operationsOnCase(CASE_C)[0]).toMatchObject({ packageUid: unknown, posProductId: 'PRD-9', posInventoryId: 'INV-9', packagedProductUuid: PP_1 })
  })

  it('on a full disk a case scan throws the storage error (never a "queued" outcome) and keeps nothing of it', async () => {
    const cases = Array.from({ length: 200 }, (_, i) => `${'UNDTMBovdue9tFWfhamn'}${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'[Math.floor(i / 31)]}${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'[i % 31]}`)
    const row = { packageUid: PKG, posProductId: 'PRD-1', posInventoryId: 'INV-1', sku: 'SKU-1', productName: 'Test Flower' }
    station.loadManifest(cases.map((caseUuid, i) => ({ line: i + 2, ...row, caseUuid, packagedProductUuid: PP_1 })))
    await station.close()
    const file = new Database(join(dir, 'station.sqlite'))
    file.pragma('wal_checkpoint(TRUNCATE)')
    const pages = Number(file.pragma('page_count', { simple: true }))
    file.close()
    station = openStation({ dataDir: dir, database: { maxPageCount: pages + 1 } })
    receiving = station.receiving
    let refused: unknown = null
    let queuedBefore = 0
    for (const caseUuid of cases) {
      try {
        const outcome = receiving.scan(`https://qr.lcdg.io/case/${caseUuid}`, 'wedge', PKG)
        expect(outcome.kind).toBe('queued')
        queuedBefore++
      } catch (error) {
        refused = error
        expect(station.operationsOnCase(caseUuid)).toEqual([])
        break
      }
    }
    expect(refused, 'the capped database never filled').toBeInstanceOf(StorageError)
    expect((refused as Error).message).toContain('the disk is full')
    expect(queuedBefore).toBeGreaterThan(0)
    expect(station.queue().counts.pending).toBe(queuedBefore)
  })

  it('item labels and garbage are explained, never queued; an unrecognised code can be adopted as a Package UID', () => {
    expect(receiving.scan(`https://qr.lcdg.io/${CASE_A}`, 'camera', PKG)).toMatchObject({ kind: 'item', tone: 'refused' })
    const garbage = receiving.scan('<script>alert(1)</script>', 'wedge', PKG)
    expect(garbage).toMatchObject({ kind: 'unrecognised', tone: 'refused' })
    expect(station.queue().counts.pending).toBe(0)
    expect(garbage).toMatchObject({ tag: null })
    expect(receiving.adoptPackageUid('PKG-001')).toMatchObject({ kind: 'refused' })
    expect(receiving.adoptPackageUid('  ')).toMatchObject({ kind: 'refused' })
    // A tag with lower case, spaces or dashes can be adopted: normalised.
    const lower = receiving.scan('1a4ff-0100 0000 2200 0000 999', 'wedge', PKG)
    expect(lower).toMatchObject({ kind: 'unrecognised', tag: '1A4FF0100000022000000999' })
    expect(receiving.adoptPackageUid('1a4ff-0100 0000 2200 0000 999')).toMatchObject({ kind: 'package', packageUid: '1A4FF0100000022000000999', needsPosIds: true })
  })
})

const OTHER_PKG = '1A4FF0100000022000000778'
const SISTER = { uuid: 'SiSterDispensaryUuid22', name: 'Green Valley Uptown', state: 'CA' }

/** A lookup answer in the station's cache, as the API gave it for `packageUid`. */
function cacheAnswer(packageUid: string, cases: Record<string, object>, fetchedAt = Date.now()): void {
  const file = new Database(join(dir, 'station.sqlite'))
  try {
    file.prepare('INSERT OR REPLACE INTO lookup_cache (package_uid, body, fetched_at) VALUES (?, ?, ?)').run(packageUid, JSON.stringify({ package_uid: packageUid, case_ids: cases }), fetchedAt)
  } finally {
    file.close()
  }
}

describe('the manifest and the cached lookups decide where a case may go', () => {
  beforeEach(() => {
    station.setSettings({ timeZone: 'UTC' })
  })

  it('a case the manifest lists under another package is refused, naming that package and its product; nothing is queued', () => {
    const row = { packageUid: OTHER_PKG, posProductId: 'PRD-2', posInventoryId: 'INV-2', sku: '', productName: 'Sour Diesel' }
    station.loadManifest([{ line: 2, ...row, caseUuid: CASE_C, packagedProductUuid: PP_2 }])
    const outcome = receiving.scan(CASE_C, 'wedge', PKG, HERE)
    expect(outcome).toMatchObject({ kind: 'wrong-package', caseUuid: CASE_C, packageUid: OTHER_PKG, productName: 'Sour Diesel', tone: 'refused' })
    expect(outcome.message).toBe(`Wrong package: CaseID ${CASE_C} is not for ${PKG}: the manifest lists it under ${OTHER_PKG} (Sour Diesel). Nothing queued.`)
    // The operator's answer cannot force it in either.
    expect(receiving.answerPackagedProducts(CASE_C, PKG, [PP_2], HERE)).toMatchObject({ kind: 'wrong-package', packageUid: OTHER_PKG })
    expect(station.operationsOnCase(CASE_C)).toEqual([])
    expect(receiving.scan(CASE_C, 'wedge', OTHER_PKG)).toMatchObject({ kind: 'queued' })
  })

  it('a case the API says was imported into another package is refused with where, when and by whom', () => {
    cacheAnswer(OTHER_PKG, { [CASE_A]: { is_imported: true, imported_on: '2026-05-09T10:00:00Z', package_uid: OTHER_PKG, dispensary: SISTER } })
    const outcome = receiving.scan(CASE_A, 'wedge', PKG)
    expect(outcome).toMatchObject({ kind: 'wrong-package', packageUid: OTHER_PKG })
    expect(outcome.message).toContain(`it was imported into ${OTHER_PKG} on 2026-05-09 10:00 by Green Valley Uptown, CA`)
    expect(station.operationsOnCase(CASE_A)).toEqual([])
  })

  it('a case only another package\'s lookup lists (not on this manifest) is refused; one this package lists is not', () => {
    cacheAnswer(OTHER_PKG, { [CASE_C]: {} })
    expect(receiving.scan(CASE_C, 'wedge', PKG)).toMatchObject({ kind: 'wrong-package', packageUid: OTHER_PKG })
    cacheAnswer(PKG, { [CASE_C]: { is_imported: false } })
    expect(receiving.scan(CASE_C, 'wedge', PKG)).toMatchObject({ kind: 'needs-packaged-product' })
  })

  it('a case the lookup shows imported into this package by a sister dispensary is not queued: where and when said', () => {
    cacheAnswer(PKG, { [CASE_A]: { is_imported: true, imported_on: '2026-05-10T15:00:00Z', package_uid: PKG, dispensary: SISTER } })
    const outcome = receiving.scan(CASE_A, 'wedge', PKG)
    expect(outcome).toMatchObject({ kind: 'imported-already', caseUuid: CASE_A, tone: 'refused' })
    expect(outcome.message).toBe(`Imported elsewhere: CaseID ${CASE_A} was imported into this package by Green Valley Uptown, CA on 2026-05-10 15:00. Nothing queued.`)
    expect(station.operationsOnCase(CASE_A)).toEqual([])
    // By this station's own dispensary (another station of it): "already imported", the duplicate tone.
    const settings = station.getSettings()
    rememberOwnDispensaries(dir, ownDispensaryKey(settings.apiUrl, settings.clientId), new Set([SISTER.uuid]))
    expect(receiving.scan(CASE_A, 'wedge', PKG)).toMatchObject({ kind: 'imported-already', tone: 'duplicate' })
  })

  it('a case imported by another company is not queued; a multi-batch case imported here still queues what it misses', () => {
    cacheAnswer(PKG, {
      [CASE_A]: { is_imported: true, imported_on: '2026-05-08T17:45:00Z', package_uid: null, dispensary: null },
      [CASE_B]: { is_imported: true, imported_on: '2026-05-08T17:45:00Z', package_uid: PKG, dispensary: SISTER }
    })
    const taken = receiving.scan(CASE_A, 'wedge', PKG)
    expect(taken).toMatchObject({ kind: 'imported-already', tone: 'refused' })
    expect(taken.message).toContain("another company's dispensary on 2026-05-08 17:45")
    expect(receiving.scan(CASE_B, 'wedge', PKG)).toMatchObject({ kind: 'queued' })
  })

  it('with nothing known (no manifest row, no cached lookup) the case asks its packaged product and queues', () => {
    expect(receiving.scan(CASE_C, 'wedge', PKG)).toMatchObject({ kind: 'needs-packaged-product' })
    expect(receiving.answerPackagedProducts(CASE_C, PKG, [PP_1])).toMatchObject({ kind: 'queued' })
  })
})

describe('answers, dialogs and undo', () => {
  it('a wrong packaged product id is explained in words and nothing is remembered or queued', () => {
    const outcome = receiving.answerPackagedProducts(CASE_C, PKG, ['HELLO-WORLD-123'])
    expect(outcome).toMatchObject({ kind: 'invalid-answer', caseUuid: CASE_C, packageUid: PKG, tone: 'refused' })
    expect(outcome.message).toMatch(/^“HELLO-WORLD-123” is not a packaged product id: .+\. Correct it and press Import\.$/)
    expect(outcome.message).not.toContain('Invalid argument')
    expect(receiving.answerPackagedProducts(CASE_C, PKG, [PP_1, 'short'])).toMatchObject({ kind: 'invalid-answer', message: expect.stringContaining('Line 2') })
    expect(station.rememberedPackagedProducts(CASE_C, PKG)).toEqual([])
    expect(station.operationsOnCase(CASE_C)).toEqual([])
  })

  it('F4 counts cases as cases and their packaged products apart, and says why a case was not queued', () => {
    receiving.scan(CASE_A, 'wedge', PKG, HERE)
    const all = receiving.receiveAll([CASE_A, CASE_B], PKG)
    expect(all).toMatchObject({ queued: 2, cases: 1 })
    expect(all.message).toBe(`1 CaseID queued for import into ${PKG} (2 packaged products); 1 not queued (Already scanned: CaseID ${CASE_A} is already queued or imported into ${PKG}.).`)
    receiving.undoLastScan(HERE)
    const again = receiving.receiveAll([CASE_A], PKG)
    expect(again).toMatchObject({ queued: 1, cases: 1, skipped: [], message: `1 CaseID queued for import into ${PKG}.` })
  })

  it('a CaseID typed (F2) in the wrong letter case, when the package lists it as printed, is refused naming the one meant; a scan is taken as read', () => {
    const printed = 'DT85Hzva37c2XCYnQYB2VU'
    const typed = printed.toLowerCase() // also a valid ShortUUID: another case, as far as the API knows
    const other = '1A4FF0100000022000000888'
    station.loadManifest([{ line: 2, packageUid: other, posProductId: 'PRD-8', posInventoryId: 'INV-8', sku: '', productName: 'Mango', caseUuid: printed, packagedProductUuid: PP_1 }])
    const refused = receiving.scan(typed, 'manual', other, HERE)
    expect(refused).toMatchObject({ kind: 'refused', tone: 'refused' })
    expect(refused.message).toContain(`did you mean ${printed}`)
    expect(station.operationsOnCase(typed)).toEqual([])
    expect(receiving.scan(printed, 'manual', other, HERE)).toMatchObject({ kind: 'queued' })
  })

  it('an answer naming a packaged product twice queues it once (no second request for the same import)', () => {
    const outcome = receiving.answerPackagedProducts(CASE_C, PKG, [PP_1, ` ${PP_1} `, PP_2, PP_1])
    expect(outcome).toMatchObject({ kind: 'queued' })
    expect(outcome.message).toContain('(2 packaged products)')
    expect(station.operationsOnCase(CASE_C).map((op) => op.packagedProductUuid)).toEqual([PP_1, PP_2])
    expect(station.rememberedPackagedProducts(CASE_C, PKG)).toEqual([PP_1, PP_2])
  })

  it('an answer that is the CaseID itself, or names more packaged products than a case holds, is explained and queues nothing', () => {
    const itself = receiving.answerPackagedProducts(CASE_C, PKG, [CASE_C])
    expect(itself).toMatchObject({ kind: 'invalid-answer', tone: 'refused' })
    expect(itself.message).toContain('is the CaseID itself')
    const many = Array.from({ length: 51 }, (_, i) => encodeShortUuid(BigInt(i + 1) * 7919n ** 9n))
    const tooMany = receiving.answerPackagedProducts(CASE_C, PKG, many)
    expect(tooMany).toMatchObject({ kind: 'invalid-answer', tone: 'refused' })
    expect(tooMany.message).toContain('51 packaged products')
    expect(station.operationsOnCase(CASE_C)).toEqual([])
    expect(station.rememberedPackagedProducts(CASE_C, PKG)).toEqual([])
  })

  it('a scan during a dialog answers the packaged-product question or is refused with the reason', () => {
    const question = { kind: 'packaged-product' as const, caseUuid: CASE_C }
    expect(receiving.scanInDialog(PP_1, question)).toMatchObject({ kind: 'packaged-product-id', id: PP_1 })
    expect(receiving.scanInDialog(`https://qr.lcdg.io/${PP_2}`, question)).toMatchObject({ kind: 'packaged-product-id', id: PP_2 })
    expect(receiving.scanInDialog(PKG, question)).toMatchObject({ kind: 'refused', message: expect.stringContaining('a Package UID is not a packaged product id') })
    expect(receiving.scanInDialog('HELLO-WORLD-123', question)).toMatchObject({ kind: 'refused', tone: 'refused' })
    expect(receiving.scanInDialog(`https://qr.lcdg.io/case/${CASE_A}`, question)).toMatchObject({ kind: 'refused', message: expect.stringContaining('a CaseID label') })
    expect(receiving.scanInDialog(CASE_C, question)).toMatchObject({ kind: 'refused', message: expect.stringContaining('the CaseID itself') })
    expect(receiving.scanInDialog(CASE_A, { kind: 'pos-ids', packageUid: PKG })).toMatchObject({ kind: 'refused', message: expect.stringContaining(`the POS ids of package ${PKG} are asked`) })
    expect(receiving.scanInDialog(CASE_A, { kind: 'question' })).toMatchObject({ kind: 'refused' })
    expect(station.queue().counts.pending).toBe(0)
  })

  it('undo names the last scan of the operator on shift on this screen only; a bulk import is not a scan', () => {
    receiving.scan(CASE_A, 'wedge', PKG, HERE)
    receiving.scan(CASE_B, 'wedge', PKG, { screen: 'another-screen' })
    // Bulk (F4): no screen, never undone by "undo last scan".
    station.rememberPackagedProducts(CASE_C, PKG, [PP_1])
    expect(receiving.receiveCase(CASE_C, PKG, 'manual', null)).toMatchObject({ kind: 'queued' })
    expect(receiving.lastScan(HERE)).toEqual({ caseUuid: CASE_A, packageUid: PKG, productName: 'Test Flower', products: 1 })
    station.setSettings({ operator: 'Sam' })
    expect(receiving.lastScan(HERE)).toBeNull()
    expect(receiving.undoLastScan(HERE)).toMatchObject({ kind: 'refused' })
    station.setSettings({ operator: 'Dana' })
    expect(receiving.undoLastScan(HERE)).toMatchObject({ kind: 'undone', caseUuid: CASE_A })
    expect(station.operationsOnCase(CASE_C).map((o) => o.state)).toEqual(['pending'])
    expect(station.operationsOnCase(CASE_B).every((o) => o.state === 'pending')).toBe(true)
  })
})

describe('counts', () => {
  it('"Imported today" counts cases: a multi-batch case confirmed for both its packaged products counts once', () => {
    receiving.scan(CASE_A, 'wedge', PKG)
    receiving.scan(CASE_B, 'wedge', PKG) // two packaged products
    const file = new Database(join(dir, 'station.sqlite'))
    try {
      file.prepare("UPDATE outbox SET state = 'done', outcome = 'imported', done_at = ? WHERE operation = 'import'").run(Date.now())
    } finally {
      file.close()
    }
    expect(station.operationsOnCase(CASE_B).filter((o) => o.state === 'done')).toHaveLength(2)
    expect(station.importedToday()).toBe(2)
  })
})
