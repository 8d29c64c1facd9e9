// The review screen's state: which day and filters, the station's answer, the undo being asked.
// Every value comes from the bridge (getReviewDay); the page filters nothing itself.
import { create } from 'zustand'
import type { ReviewDay, ReviewRow, ReviewSort, ReviewStateGroup } from '../../../electron/contract'
import { station, messageOf } from '../bridge/bridge'
import { downloadText } from './download'
import { countOf } from '../../../electron/shared/counts.std'

export interface ReviewFilters {
  /** null: today in the station's time zone. */
  date: string | null
  operator: string | null
  state: ReviewStateGroup | null
  packageUid: string | null
  search: string
  sort: ReviewSort
  direction: 'asc' | 'desc'
  /** Rows asked for at most (the station's answer says how many matched). */
  limit: number
}

interface ReviewState {
  open: boolean
  filters: ReviewFilters
  day: ReviewDay | null
  loading: boolean
  error: string | null
  notice: { message: string; tone: 'accepted' | 'refused' | 'info' } | null
  undoing: ReviewRow | null

  toggle(open?: boolean): void
  setFilters(patch: Partial<ReviewFilters>): void
  /** Typed search: the list follows after a short pause, not on every key. */
  typeSearch(text: string): void
  /** A code scanned while the review is open: searched for (the CaseID or tag out of a label's URL). */
  searchScan(text: string): void
  sortBy(sort: ReviewSort): void
  load(): Promise<void>
  askUndo(row: ReviewRow | null): void
  undo(reason: string): Promise<boolean>
  exportCsv(): Promise<void>
  printReport(host: 'desktop' | 'browser'): Promise<void>
}

export const ROW_LIMIT = 1000
export const MAX_ROW_LIMIT = 5000
export const EMPTY_FILTERS: ReviewFilters = { date: null, operator: null, state: null, packageUid: null, search: '', sort: 'time', direction: 'asc', limit: ROW_LIMIT }

let loadSeq = 0
let searchTimer: ReturnType<typeof setTimeout> | null = null

let scanSeq = 0

export const useReview = create<ReviewState>((set, get) => ({
  open: false,
  filters: EMPTY_FILTERS,
  day: null,
  loading: false,
  error: null,
  notice: null,
  undoing: null,

  toggle(open) {
    const next = open ?? !get().open
    set({ open: next, notice: null })
    if (next) void get().load()
  },

  setFilters(patch) {
    if (searchTimer) clearTimeout(searchTimer)
    searchTimer = null
    set({ filters: { ...get().filters, ...patch } })
    void get().load()
  },

  typeSearch(text) {
    set({ filters: { ...get().filters, search: text } })
    if (searchTimer) clearTimeout(searchTimer)
    searchTimer = setTimeout(() => {
      searchTimer = null
      void get().load()
    }, 200)
  },

  searchScan(text) {
    // The core reads the scan (a label's URL gives its id), as it does for receiving.
    const seq = ++scanSeq
    station.idOfScan({ text: text.slice(0, 4096) }).then(
      ({ id }) => {
        if (seq !== scanSeq) return // a newer scan came meanwhile
        const search = id.slice(0, 100)
        get().setFilters({ search })
        set({ notice: { message: `Scanned ${search}: searching for it here (close the review to receive).`, tone: 'info' } })
      },
      (error: unknown) => {
        if (seq === scanSeq) set({ notice: { message: messageOf(error), tone: 'refused' } })
      }
    )
  },

  sortBy(sort) {
    const f = get().filters
    get().setFilters({ sort, direction: f.sort === sort && f.direction === 'asc' ? 'desc' : 'asc' })
  },

  async load() {
    const seq = ++loadSeq
    const f = get().filters
    set({ loading: true })
    try {
      const day = await station.getReviewDay({
        date: f.date,
        operator: f.operator,
        state: f.state,
        packageUid: f.packageUid,
        search: f.search.trim() === '' ? null : f.search.trim(),
        sort: f.sort,
        direction: f.direction,
        limit: f.limit
      })
      // An older answer arriving after a newer one (fast typing) is dropped.
      if (seq === loadSeq) set({ day, loading: false, error: null })
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error: messageOf(error) })
    }
  },

  askUndo(row) {
    set({ undoing: row })
  },

  async undo(reason) {
    const row = get().undoing
    if (!row) return false
    try {
      const done = await station.undoImport({ id: row.id, reason })
      set({ undoing: null, notice: { message: done.message, tone: 'accepted' } })
      await get().load()
      return true
    } catch (error) {
      set({ notice: { message: messageOf(error), tone: 'refused' } })
      return false
    }
  },

  async exportCsv() {
    const date = get().day?.date ?? get().filters.date
    if (!date) return
    try {
      const file = await station.exportDayCsv({ date })
      downloadText(file.fileName, file.csv, 'text/csv;charset=utf-8')
      set({ notice: { message: `Exported ${countOf(file.rows, 'row')} of ${file.date} to ${file.fileName}.`, tone: 'info' } })
    } catch (error) {
      set({ notice: { message: messageOf(error), tone: 'refused' } })
    }
  },

  async printReport(host) {
    const date = get().day?.date
    if (!date) return
    if (host === 'browser') {
      window.print()
      return
    }
    try {
      const saved = await station.saveDayReportPdf({ date })
      if (saved.saved) set({ notice: { message: `Report saved to ${saved.file ?? 'the chosen file'}.`, tone: 'info' } })
    } catch (error) {
      set({ notice: { message: messageOf(error), tone: 'refused' } })
    }
  }
}))
