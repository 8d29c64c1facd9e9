// The receiving decisions over a real station (real SQLite file); nothing is sent: no worker runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Receiving } from '../../../electron/core/receiving/receiving'
import { openStation, StorageError, type Station } from '../../../electron/core/station'
import Database from 'better-sqlite3'

const PKG = '1A4FF0100000022000000777'
const CASE_A = 'UNDTMBovdue9tFWfhamnDM'
const CASE_B = 'Vf8g3r4TyWzKmNpQrStUvX'
const CASE_C = 'k7HjKmNpQrStUvWxYz2345'
const PP_1 = 'AbCdEfGhJkMnPqRsTuVwXy'
const PP_2 = 'ZyXwVuTsRqPnMkJhGfEdCb'

let dir: string
let station: Station
let receiving: Receiving

function ports(s: Station) {
  return {
    packageInfo: (uid: string) => s.manifestFor(uid),
    rememberedPackagedProducts: (c: string, p: string) => s.rememberedPackagedProducts(c, p),
    rememberPackagedProducts: (c: string, p: string, pps: string[]) => s.rememberPackagedProducts(c, p, pps),
    operationsOnCase: (c: string) => s.operationsOnCase(c),
    enqueueImport: (input: Parameters<Station['enqueueImport']>[0]) => s.enqueueImport(input),
    enqueueRemove: (input: Parameters<Station['enqueueRemove']>[0]) => s.enqueueRemove(input),
    operator: () => s.getSettings().operator
  }
}

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
  receiving = new Receiving(ports(station))
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

  it('a CaseID without an active package asks for the Package UID first and queues nothing', () => {
    const outcome = receiving.scan(`https://qr.lcdg.io/case/${CASE_A}`, 'wedge', null)
    expect(outcome).toMatchObject({ kind: 'no-active-package', caseUuid: CASE_A, tone: 'refused' })
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
    expect(receiving.answerPackagedProducts(CASE_C, PKG, [PP_2])).toMatchObject({ kind: 'queued' })
    expect(station.rememberedPackagedProducts(CASE_C, PKG)).toEqual([PP_2])
    // Undone and scanned again: the remembered answer is used, no question.
    receiving.undoLastScan()
    expect(receiving.scan(CASE_C, 'wedge', PKG)).toMatchObject({ kind: 'queued' })
  })

  it('undo of an unsent scan cancels both locally; the case can then be scanned again', () => {
    receiving.scan(CASE_B, 'wedge', PKG)
    const undone = receiving.undoLastScan()
    expect(undone).toMatchObject({ kind: 'undone', caseUuid: CASE_B })
    expect(undone.message).toContain('cancelled before it was sent')
    expect(station.operationsOnCase(CASE_B).every((i) => i.state === 'cancelled')).toBe(true)
    expect(station.queue().counts.pending).toBe(0)
    expect(receiving.undoLastScan()).toMatchObject({ kind: 'refused' })
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
    receiving = new Receiving(ports(station))
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
    expect(receiving.adoptPackageUid('PKG-001')).toMatchObject({ kind: 'package', packageUid: 'PKG-001', needsPosIds: true })
    expect(receiving.adoptPackageUid('  ')).toMatchObject({ kind: 'refused' })
  })
})
