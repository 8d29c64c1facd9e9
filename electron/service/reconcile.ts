// The reconcile calls over the core: one reconcile at a time per station, its progress pushed to the
// page as 'reconcile' events, cancellable; the reconciled CSV from the last answers.
import type { StationEvent } from '../contract'
import type { Station } from '../core/station'
import { RefusedError, type CallHandlers } from './dispatch'

type ReconcileCalls = Pick<CallHandlers, 'reconcileDay' | 'cancelReconcile' | 'exportReconciledCsv'>

/** A date that does not exist is a refusal with the core's words. */
function refusingDates<T>(action: () => T): T {
  try {
    return action()
  } catch (error) {
    if (error instanceof Error && /^not a date/.test(error.message)) throw new RefusedError(error.message)
    throw error
  }
}

export function createReconcileHandlers(station: () => Station, emit: (event: StationEvent) => void): ReconcileCalls {
  let running: AbortController | null = null
  return {
    async reconcileDay({ date }) {
      if (running) throw new RefusedError('A reconcile is already running: wait for it or cancel it.')
      const cancel = new AbortController()
      running = cancel
      try {
        return await refusingDates(() => station().reconcileDay(date, { signal: cancel.signal, onProgress: (progress) => emit({ type: 'reconcile', date, progress }) }))
      } finally {
        running = null
      }
    },
    cancelReconcile() {
      running?.abort()
      return { ok: true as const }
    },
    exportReconciledCsv({ date }) {
      const { csv, rows } = refusingDates(() => station().exportReconciledCsv(date))
      return { date, fileName: `caseid-station-${date}-reconciled.csv`, rows, csv }
    }
  }
}
