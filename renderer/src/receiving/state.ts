// The receiving screen's state: the active package, what the station knows of it (lookup, manifest
// row), the day's manifest, and the screen's actions. `applyOutcome` shows what the station answered
// to a scan, once that scan is in (scans go in through scan/route.ts). The page-wide state (dialog,
// status line, queue) is state/store.ts.
import { create } from 'zustand'
import type { CsvError, LookupView, ManifestPackage, OutboxItem, ScanOutcome } from '../../../electron/contract'
import { station } from '../bridge/bridge'
import { saidOnStatusLine, useStation } from '../state/store'
import { countOf } from '../../../electron/shared/counts.std'

interface ReceivingState {
  /** The packages expected today (manifest, entered by hand), with their progress. */
  manifest: ManifestPackage[]
  activePackageUid: string | null
  activeManifest: ManifestPackage | null
  lookup: LookupView | null
  /** The errors of the last manifest refused, by line and column; null when the last one loaded. */
  manifestErrors: CsvError[] | null
  /** "Prepare for the day" is running. */
  preparing: boolean

  /**
   * Shows a scan's outcome at once; the lookups it calls for run without holding the next scan.
   * `saidBefore`: `saidOnStatusLine()` when the scan was made (see there).
   */
  applyOutcome(outcome: ScanOutcome, saidBefore?: number): void
  adoptAsPackageUid(text: string): Promise<void>
  refreshLookup(refresh: boolean): Promise<void>
  refreshManifest(): Promise<void>
  answerPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): Promise<void>
  /** F8: names the last scan of this operator on this screen and asks before undoing it. */
  askUndoLastScan(): Promise<void>
  undoLastScan(): Promise<void>
  importAll(packageUid: string): Promise<void>
  prepareForDay(): Promise<void>
  retryFailed(): Promise<void>
  syncNow(): Promise<void>
  /** The connection came back: the active package's answer shown may be old. */
  connectionBack(): void
  /** An outbox item changed (its state, or a new one). */
  itemChanged(item: OutboxItem): void
}

/** This page load's receiving screen, so that "undo last scan" undoes only what was scanned here. */
export const SCREEN_ID = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`

const page = () => useStation.getState()

let lookupTimer: ReturnType<typeof setTimeout> | null = null
let liveTimer: ReturnType<typeof setTimeout> | null = null

export const useReceiving = create<ReceivingState>((set, get) => ({
  manifest: [],
  activePackageUid: null,
  activeManifest: null,
  lookup: null,
  manifestErrors: null,
  preparing: false,

  applyOutcome(outcome, saidBefore = saidOnStatusLine()) {
    const { refreshLookup, refreshManifest } = get()
    // Something said since the scan was made (a repeat "already scanned", a refusal from the queue) is
    // newer news and stays; the outcomes of earlier scans in the chain do not count as such.
    if (saidOnStatusLine() === saidBefore) {
      useStation.setState({
        feedback: {
          message: outcome.message,
          tone: outcome.tone,
          at: Date.now(),
          ...(outcome.kind === 'unrecognised' && outcome.tag !== null ? { unrecognisedText: outcome.tag } : {}),
          ...(outcome.kind === 'wrong-package' ? { switchTo: { packageUid: outcome.packageUid, productName: outcome.productName } } : {})
        }
      })
    }
    switch (outcome.kind) {
      case 'package':
        set({ activePackageUid: outcome.packageUid, activeManifest: outcome.manifest, lookup: null })
        useStation.setState({ dialog: outcome.needsPosIds ? { kind: 'pos-ids', packageUid: outcome.packageUid } : null })
        void refreshLookup(true)
        break
      case 'needs-packaged-product':
        // A new question starts empty: never an answer given for an earlier case.
        useStation.setState({ dialog: { kind: 'packaged-product', caseUuid: outcome.caseUuid, packageUid: outcome.packageUid }, packagedProductDraft: '' })
        break
      case 'packaged-product-id': {
        const draft = page().packagedProductDraft.trim()
        useStation.setState({ packagedProductDraft: draft ? `${draft}\n${outcome.id}` : outcome.id })
        break
      }
      case 'queued':
      case 'undone':
        void refreshLookup(false)
        void refreshManifest()
        break
      default:
        break
    }
  },

  async adoptAsPackageUid(text) {
    const outcome = await page().run(() => station.adoptPackageUid({ text }))
    if (outcome) get().applyOutcome(outcome)
  },

  async refreshLookup(refresh) {
    const packageUid = get().activePackageUid
    if (!packageUid) return
    const lookup = await page().run(() => station.lookupPackage({ packageUid, refresh }))
    if (lookup && lookup.packageUid === get().activePackageUid) set({ lookup })
  },

  async refreshManifest() {
    const answer = await page().run(() => station.listManifest({}))
    if (!answer) return
    const active = get().activePackageUid
    set({ manifest: answer.packages, activeManifest: answer.packages.find((p) => p.packageUid === active) ?? get().activeManifest })
  },

  async answerPackagedProducts(caseUuid, packageUid, packagedProductUuids) {
    // The dialog stays open (with what was typed) until the answer is taken.
    const outcome = await page().run(() => station.setPackagedProducts({ caseUuid, packageUid, packagedProductUuids, screen: SCREEN_ID }))
    if (!outcome) return
    if (outcome.kind !== 'invalid-answer') useStation.setState({ dialog: null })
    get().applyOutcome(outcome)
  },

  async askUndoLastScan() {
    const last = await page().run(() => station.lastScan({ screen: SCREEN_ID }))
    if (last === undefined) return
    if (last === null) {
      page().showFeedback({ message: 'Nothing to undo: you have scanned no case on this screen since it opened.', tone: 'refused' })
      return
    }
    page().openDialog({ kind: 'confirm-undo', ...last })
  },

  async undoLastScan() {
    useStation.setState({ dialog: null })
    const outcome = await page().run(() => station.undoLastScan({ screen: SCREEN_ID }))
    if (outcome) get().applyOutcome(outcome)
  },

  async importAll(packageUid) {
    useStation.setState({ dialog: null })
    const answer = await page().run(() => station.importAllNotImported({ packageUid }))
    if (!answer) return
    page().showFeedback({ message: answer.message, tone: answer.queued > 0 ? 'accepted' : 'info' })
    await get().refreshLookup(false)
  },

  async prepareForDay() {
    if (get().preparing) return
    set({ preparing: true })
    page().showFeedback({ message: 'Preparing for the day: fetching the Package UIDs export…', tone: 'info' })
    try {
      const answer = await page().run(() => station.prepareForDay({}))
      if (!answer) return
      if (answer.ok) {
        const kept = answer.kept > 0 ? ` (${answer.kept} already looked up kept)` : ''
        page().showFeedback({ message: `Ready for the day: ${countOf(answer.cases, 'CaseID')} of ${countOf(answer.packages, 'package')} available offline${kept}.`, tone: 'accepted' })
      } else {
        page().showFeedback({ message: `Could not prepare for the day: ${answer.message}`, tone: 'refused' })
      }
    } finally {
      set({ preparing: false })
    }
  },

  async retryFailed() {
    const answer = await page().run(() => station.retryFailed({}))
    if (answer) page().showFeedback({ message: answer.retried > 0 ? `${answer.retried} failed items queued again.` : 'No failed items to retry.', tone: 'info' })
  },

  async syncNow() {
    const answer = await page().run(() => station.syncNow({}))
    if (answer) page().showFeedback({ message: 'Sending the queue now.', tone: 'info' })
    await get().refreshLookup(true)
  },

  connectionBack() {
    // Back online: the active package's answer shown may be old; ask the API again.
    if (get().lookup?.stale) void get().refreshLookup(true)
  },

  itemChanged(item) {
    if (item.packageUid !== get().activePackageUid) return
    // Coalesce a burst of item changes into one local (no network) refresh of the panel.
    if (lookupTimer) clearTimeout(lookupTimer)
    lookupTimer = setTimeout(() => {
      void get().refreshLookup(false)
      void get().refreshManifest()
    }, 150)
    // Once the API has answered an operation, its own view of the package may say more (who
    // imported what): ask it again, at most every 1.5 s while a burst drains.
    if (item.state === 'done' && !liveTimer) {
      liveTimer = setTimeout(() => {
        liveTimer = null
        void get().refreshLookup(true)
      }, 1500)
    }
  }
}))
