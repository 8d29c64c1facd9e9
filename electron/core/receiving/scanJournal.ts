// The journal row of a scan that queued nothing (a package, a duplicate, an unrecognised code...):
// with the operations' own rows, the journal holds every scan, who made it and what came of it.
import type { Settings } from '../settings/settings'
import type { Store } from '../store/store'
import type { WriteGuard } from '../store/writeGuard'

export interface ScanRecord {
  outcome: string
  message: string
  source?: string | null
  packageUid?: string | null
  caseUuid?: string | null
}

/** Best effort: a scan's answer to the operator never depends on this row. */
export function journalScan(deps: { store: Store; settings: Settings; writes: WriteGuard; now: () => number }, scan: ScanRecord): void {
  const s = deps.settings.get()
  const clip = (v: string | null | undefined, max: number) => (v ? v.slice(0, max) : null)
  deps.writes.bestEffort('journal a scan', () =>
    deps.store.journal({
      at: deps.now(),
      event: 'scan',
      outcome: clip(scan.outcome, 40),
      operator: s.operator || null,
      station: s.stationName,
      package_uid: clip(scan.packageUid, 64),
      case_uuid: clip(scan.caseUuid, 64),
      detail: JSON.stringify({ source: clip(scan.source, 32), message: clip(scan.message, 500) })
    })
  )
}
