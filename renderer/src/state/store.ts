// The page's state: what the station last told it, the active package, and which dialog is open.
// Every change of the station's data comes from a bridge answer or a bridge event.
import { create } from 'zustand'
import type { AppInfo, LookupView, ManifestPackage, QueueView, ScanOutcome, Tone } from '../../../electron/contract'
import { BridgeError, station } from '../bridge/bridge'

export type Dialog =
  | { kind: 'pos-ids'; packageUid: string }
  | { kind: 'packaged-product'; caseUuid: string; packageUid: string }
  | { kind: 'type-code' }
  | { kind: 'operator' }
  | { kind: 'settings' }
  | { kind: 'confirm-import-all'; packageUid: string; count: number }
  | { kind: 'confirm-discard'; id: number; caseUuid: string }

export interface Feedback {
  message: string
  tone: Tone
  at: number
  /** Set for an unrecognised scan: the text the operator may choose to use as a Package UID. */
  unrecognisedText?: string
}

interface StationState {
  info: AppInfo | null
  queue: QueueView | null
  manifest: ManifestPackage[]
  activePackageUid: string | null
  activeManifest: ManifestPackage | null
  lookup: LookupView | null
  feedback: Feedback | null
  dialog: Dialog | null
  /** What the packaged-product dialog holds: typed, pasted or scanned. */
  packagedProductDraft: string

  start(): () => void
  scan(text: string, source: 'wedge' | 'camera' | 'manual'): Promise<void>
  showFeedback(feedback: Omit<Feedback, 'at'>): void
  adoptAsPackageUid(text: string): Promise<void>
  refreshLookup(refresh: boolean): Promise<void>
  refreshManifest(): Promise<void>
  answerPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): Promise<void>
  undoLastScan(): Promise<void>
  importAll(packageUid: string): Promise<void>
  openDialog(dialog: Dialog | null): void
  run<T>(action: () => Promise<T>): Promise<T | undefined>
}

function messageOf(error: unknown): string {
  return error instanceof BridgeError || error instanceof Error ? error.message : String(error)
}

export const useStation = create<StationState>((set, get) => ({
  info: null,
  queue: null,
  manifest: [],
  activePackageUid: null,
  activeManifest: null,
  lookup: null,
  feedback: null,
  dialog: null,
  packagedProductDraft: '',

  start() {
    void get().run(async () => {
      const [info, queue] = await Promise.all([station.getAppInfo({}), station.getQueue({})])
      set({ info, queue })
      if (!info.operator) set({ dialog: { kind: 'operator' } })
      await get().refreshManifest()
    })
    let lookupTimer: ReturnType<typeof setTimeout> | null = null
    return station.onEvent((event) => {
      if (event.type === 'info') set({ info: event.info })
      if (event.type === 'queue') set({ queue: event.queue })
      if (event.type === 'item' && event.item.state === 'failed') {
        const verb = event.item.operation === 'import' ? 'Import' : 'Remove'
        get().showFeedback({ message: `${verb} of CaseID ${event.item.caseUuid} refused: ${event.item.message ?? 'no reason given'}`, tone: 'refused' })
      }
      if (event.type === 'item' && event.item.packageUid === get().activePackageUid) {
        // Coalesce a burst of item changes into one local (no network) refresh of the panel.
        if (lookupTimer) clearTimeout(lookupTimer)
        lookupTimer = setTimeout(() => {
          void get().refreshLookup(false)
          void get().refreshManifest()
        }, 150)
      }
    })
  },

  async run(action) {
    try {
      return await action()
    } catch (error) {
      get().showFeedback({ message: messageOf(error), tone: 'refused' })
      return undefined
    }
  },

  showFeedback(feedback) {
    set({ feedback: { ...feedback, at: Date.now() } })
  },

  async scan(text, source) {
    const outcome = await get().run(() => station.submitScan({ text, source, activePackageUid: get().activePackageUid }))
    if (outcome) await applyOutcome(outcome, text)
  },

  async adoptAsPackageUid(text) {
    const outcome = await get().run(() => station.adoptPackageUid({ text }))
    if (outcome) await applyOutcome(outcome, text)
  },

  async refreshLookup(refresh) {
    const packageUid = get().activePackageUid
    if (!packageUid) return
    const lookup = await get().run(() => station.lookupPackage({ packageUid, refresh }))
    if (lookup && lookup.packageUid === get().activePackageUid) set({ lookup })
  },

  async refreshManifest() {
    const answer = await get().run(() => station.listManifest({}))
    if (!answer) return
    const active = get().activePackageUid
    set({ manifest: answer.packages, activeManifest: answer.packages.find((p) => p.packageUid === active) ?? get().activeManifest })
  },

  async answerPackagedProducts(caseUuid, packageUid, packagedProductUuids) {
    set({ dialog: null })
    const outcome = await get().run(() => station.setPackagedProducts({ caseUuid, packageUid, packagedProductUuids }))
    if (outcome) await applyOutcome(outcome, caseUuid)
  },

  async undoLastScan() {
    const outcome = await get().run(() => station.undoLastScan({}))
    if (outcome) await applyOutcome(outcome, '')
  },

  async importAll(packageUid) {
    set({ dialog: null })
    const answer = await get().run(() => station.importAllNotImported({ packageUid }))
    if (!answer) return
    const skipped = answer.skipped.length > 0 ? `; ${answer.skipped.length} skipped (${answer.skipped[0]?.reason ?? ''})` : ''
    get().showFeedback({ message: `${answer.queued} CaseID imports queued for ${packageUid}${skipped}.`, tone: answer.queued > 0 ? 'accepted' : 'info' })
    await get().refreshLookup(false)
  },

  openDialog(dialog) {
    set({ dialog, packagedProductDraft: '' })
  }
}))

async function applyOutcome(outcome: ScanOutcome, scannedText: string): Promise<void> {
  const { showFeedback, refreshLookup, refreshManifest } = useStation.getState()
  showFeedback({
    message: outcome.message,
    tone: outcome.tone,
    ...(outcome.kind === 'unrecognised' ? { unrecognisedText: scannedText } : {})
  })
  switch (outcome.kind) {
    case 'package':
      useStation.setState({
        activePackageUid: outcome.packageUid,
        activeManifest: outcome.manifest,
        lookup: null,
        dialog: outcome.needsPosIds ? { kind: 'pos-ids', packageUid: outcome.packageUid } : null
      })
      await refreshLookup(true)
      break
    case 'needs-packaged-product':
      useStation.setState({ dialog: { kind: 'packaged-product', caseUuid: outcome.caseUuid, packageUid: outcome.packageUid } })
      break
    case 'queued':
      await refreshLookup(false)
      await refreshManifest()
      break
    default:
      break
  }
}
