// A scan as the screen submits it, through the station's own receiving (no service in between):
// every scan ends in the journal, the ones that queued nothing with their outcome.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openStation, type Station } from '../../../electron/core/station'
import { CASE_A, PP_1 } from '../../support/ids'

const PKG = '1A4FF0100000022000000777'

let dir: string
let station: Station

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'submit-scan-'))
  station = openStation({ dataDir: dir })
  station.setSettings({ operator: 'Dana', timeZone: 'UTC' })
  station.loadManifest([{ line: 2, packageUid: PKG, posProductId: 'PRD-1', posInventoryId: 'INV-1', sku: 'SKU-1', productName: 'Test Flower', caseUuid: CASE_A, packagedProductUuid: PP_1 }])
})
afterEach(async () => {
  await station.close()
  rmSync(dir, { recursive: true, force: true })
})

it('journals the scans that queued nothing (with source and outcome) and queues the case scan with its own rows', () => {
  const today = new Date().toISOString().slice(0, 10)
  expect(station.receiving.submitScan({ text: 'hello?', source: 'wedge', activePackageUid: null })).toMatchObject({ kind: 'unrecognised' })
  expect(station.receiving.submitScan({ text: PKG, source: 'camera', activePackageUid: null })).toMatchObject({ kind: 'package', packageUid: PKG })
  const queued = station.receiving.submitScan({ text: `https://qr.lcdg.io/case/${CASE_A}`, source: 'wedge', activePackageUid: PKG, screen: 's1' })
  expect(queued).toMatchObject({ kind: 'queued', caseUuid: CASE_A })
  // Into an open dialog: refused, and journalled as such; nothing queued.
  expect(station.receiving.submitScan({ text: PKG, source: 'wedge', activePackageUid: PKG, dialog: { kind: 'operator' } })).toMatchObject({ kind: 'refused' })

  const scans = station.journalForDay(today, 'UTC').filter((j) => j.event === 'scan')
  expect(scans.map((j) => [j.outcome, JSON.parse(j.detail ?? '{}').source, j.packageUid])).toEqual([
    ['unrecognised', 'wedge', null],
    ['package', 'camera', PKG],
    ['refused', 'wedge', PKG]
  ])
  expect(station.operationsOnCase(CASE_A)).toHaveLength(1)
  // "Undo last scan" knows the case scan, on its screen only.
  expect(station.receiving.lastScan({ screen: 's1' })).toMatchObject({ caseUuid: CASE_A, packageUid: PKG, products: 1 })
  expect(station.receiving.lastScan({ screen: 's2' })).toBeNull()
})
