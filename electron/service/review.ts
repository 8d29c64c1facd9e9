// The review calls over the core: the manager's day, undo with a reason, the day's CSV, the PDF report.
import { StationError, type Station } from '../core/station'
import { idOfScan } from '../core/scan/parse.std'
import { RefusedError, type CallHandlers } from './dispatch'

type ReviewCalls = Pick<CallHandlers, 'getReviewDay' | 'idOfScan' | 'undoImport' | 'exportDayCsv' | 'saveDayReportPdf'>

/** Bad input from the page (a date that does not exist, an import already undone) is a refusal with the core's words. */
function refusing<T>(action: () => T): T {
  try {
    return action()
  } catch (error) {
    if (error instanceof StationError || (error instanceof Error && /^not a date/.test(error.message))) throw new RefusedError(error.message)
    throw error
  }
}

export function createReviewHandlers(station: () => Station, savePagePdf?: (suggestedName: string) => Promise<{ saved: boolean; file: string | null }>): ReviewCalls {
  return {
    getReviewDay: (q) =>
      refusing(() =>
        station().reviewDay({
          date: q.date,
          operator: q.operator,
          state: q.state,
          packageUid: q.packageUid,
          search: q.search,
          sort: q.sort,
          direction: q.direction,
          limit: q.limit
        })
      ),
    idOfScan: ({ text }) => ({ id: idOfScan(text) }),
    undoImport({ id, reason }) {
      const target = station().item(id)
      const done = refusing(() => station().undoImport(id, reason))
      const caseUuid = target?.caseUuid ?? String(id)
      if ('cancelled' in done) return { kind: 'cancelled' as const, message: `The import of CaseID ${caseUuid} was never sent: it and its undo were cancelled here.` }
      // An undo goes to the import's own API: when that is not the current one, it waits for it.
      const waiting = done.waitingFor ? ` It goes to ${done.waitingFor}, the API of the import, when the station points at it again.` : ''
      return { kind: 'queued' as const, message: `Remove of CaseID ${caseUuid} queued, reason: ${reason}.${waiting}` }
    },
    exportDayCsv({ date }) {
      const { csv, rows } = refusing(() => station().exportDayCsv(date))
      return { date, fileName: `caseid-station-${date}.csv`, rows, csv }
    },
    async saveDayReportPdf({ date }) {
      if (!savePagePdf) throw new RefusedError('A PDF is made by the desktop app. In a browser, use Print (Ctrl+P) and choose "Save as PDF".')
      return savePagePdf(`caseid-station-report-${date}.pdf`)
    }
  }
}
