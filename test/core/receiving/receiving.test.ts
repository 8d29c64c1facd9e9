// The receiving decisions over a real station (real SQLite file); nothing is sent: no worker runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Receiving } from '../../../electron/core/receiving/receiving'
import { openStation, type Station } from '../../../electron/core/station'

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

  it('item labels and garbage are explained, never queued; an unrecognised code can be adopted as a Package UID', () => {
    expect(receiving.scan(`https://qr.lcdg.io/${CASE_A}`, 'camera', PKG)).toMatchObject({ kind: 'item', tone: 'refused' })
    const garbage = receiving.scan('<script>alert(1)</script>', 'wedge', PKG)
    expect(garbage).toMatchObject({ kind: 'unrecognised', tone: 'refused' })
    expect(station.queue().counts.pending).toBe(0)
    expect(receiving.adoptPackageUid('PKG-001')).toMatchObject({ kind: 'package', packageUid: 'PKG-001', needsPosIds: true })
    expect(receiving.adoptPackageUid('  ')).toMatchObject({ kind: 'refused' })
  })
})
