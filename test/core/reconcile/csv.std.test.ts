// The reconciled CSV as a spreadsheet reads it: every time in one zone, the station's, with its offset.
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { emptyCounts, type ReconciledCase, type ReconciledPackage } from '../../../electron/core/reconcile/classify.std'
import { reconciledCsv } from '../../../electron/core/reconcile/csv.std'
import { isoInZone } from '../../../electron/core/review/time.std'

const ZONE = 'America/Los_Angeles'
const PKG = '1A4FF0100000022000000101'

function pkg(answerAt: string | null): ReconciledPackage {
  return { packageUid: PKG, productName: 'Blue Dream', onManifest: true, expected: 2, answerAt, answerAgeMs: answerAt ? 39_000 : null, problem: null, counts: emptyCounts() }
}

function imported(caseUuid: string, importedOn: string | null, stationAt: number | null): ReconciledCase {
  return {
    packageUid: PKG,
    productName: 'Blue Dream',
    caseUuid,
    expected: true,
    finding: stationAt === null ? 'other_dispensary' : 'this_station',
    words: 'imported',
    api: { isImported: true, importedOn, importedInto: PKG, dispensary: null },
    station: stationAt === null ? null : { state: 'imported', at: stationAt, operator: 'Ana', message: null }
  }
}

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true }) as Record<string, string>[]
}

describe('reconciled CSV times', () => {
  it('writes the API times (imported_on, answer_at) in the station zone with its offset, as station_time is', () => {
    const at = Date.parse('2026-12-06T20:53:59.938Z')
    const csv = reconciledCsv(
      { cases: [imported('2TNRMhkwBGUMEwRRJYKB6T', '2026-12-06T20:53:59.919Z', at), imported('9fFSZGpxL7xzKysUHJzCPm', '2026-05-11T09:30:00Z', null)], packages: [pkg('2026-12-06T20:54:25.332Z')] },
      (ms) => isoInZone(ms, ZONE)
    )
    const [mine, sister] = rows(csv)
    expect(mine!.station_time).toBe('2026-12-06T12:53:59.938-08:00')
    expect(mine!.imported_on).toBe('2026-12-06T12:53:59.919-08:00')
    expect(mine!.answer_at).toBe('2026-12-06T12:54:25.332-08:00')
    expect(sister!.imported_on).toBe('2026-05-11T02:30:00.000-07:00')
  })

  it('keeps an API time it cannot read as the API wrote it, and leaves missing times empty', () => {
    const csv = reconciledCsv({ cases: [imported('2TNRMhkwBGUMEwRRJYKB6T', 'last Tuesday', null), imported('9fFSZGpxL7xzKysUHJzCPm', null, null)], packages: [pkg(null)] }, (ms) => isoInZone(ms, ZONE))
    const [odd, none] = rows(csv)
    expect(odd!.imported_on).toBe('last Tuesday')
    expect(none!.imported_on).toBe('')
    expect(none!.answer_at).toBe('')
  })
})
