// "Reconcile with LucidRetail" on the review screen: the run (progress from the station's 'reconcile'
// events, cancellable), its result for the day shown, and the reconciled CSV. What each case comes to is
// the station's answer (core/reconcile/classify.std.ts): the page only shows it.
import { create } from 'zustand'
import type { ReconcileProgress, ReconciledDay } from '../../../electron/contract'
import { station, messageOf } from '../bridge/bridge'
import { downloadText } from './download'
import { countOf } from '../../../electron/shared/counts.std'

interface ReconcileState {
  running: boolean
  progress: ReconcileProgress | null
  result: ReconciledDay | null
  error: string | null
  notice: string | null
  start(date: string): Promise<void>
  cancel(): Promise<void>
  exportCsv(date: string): Promise<void>
  /** Another day is shown: the result of the last one goes. */
  forget(date: string | null): void
}

export const useReconcile = create<ReconcileState>((set, get) => ({
  running: false,
  progress: null,
  result: null,
  error: null,
  notice: null,

  async start(date) {
    if (get().running) return
    set({ running: true, progress: null, error: null, notice: null })
    const off = station.onEvent((event) => {
      if (event.type === 'reconcile' && event.date === date) set({ progress: event.progress })
    })
    try {
      const result = await station.reconcileDay({ date })
      set({ result, progress: result.progress })
    } catch (error) {
      set({ error: messageOf(error) })
    } finally {
      off()
      set({ running: false })
    }
  },

  async cancel() {
    try {
      await station.cancelReconcile({})
    } catch (error) {
      set({ error: messageOf(error) })
    }
  },

  async exportCsv(date) {
    try {
      const file = await station.exportReconciledCsv({ date })
      downloadText(file.fileName, file.csv, 'text/csv;charset=utf-8')
      set({ notice: `Exported ${countOf(file.rows, 'case')} of ${file.date} to ${file.fileName}.` })
    } catch (error) {
      set({ error: messageOf(error) })
    }
  },

  forget(date) {
    const r = get().result
    if (r && r.date !== date) set({ result: null, progress: null, error: null, notice: null })
  }
}))
