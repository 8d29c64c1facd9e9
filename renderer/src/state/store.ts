// The page's state: what the station last told it, the active package, and which dialog is open.
// Every change of the station's data comes from a bridge answer or a bridge event.
import { create } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import {
  DEFAULT_RECEIVING_PREFERENCES,
  type AppInfo,
  type CsvError,
  type LookupView,
  type ManifestPackage,
  type QueueView,
  type ReceivingPreferences,
  type OpenDialog as ScanDialog,
  type ScanOutcome,
  type StationNotice,
  type Tone
} from '../../../electron/contract'
import { BridgeError, station } from '../bridge/bridge'

export type Dialog =
  | { kind: 'pos-ids'; packageUid: string }
  | { kind: 'packaged-product'; caseUuid: string; packageUid: string }
  | { kind: 'type-code' }
  | { kind: 'operator' }
  | { kind: 'confirm-import-all'; packageUid: string; count: number }
  | { kind: 'confirm-discard'; id: number; caseUuid: string }
  | { kind: 'confirm-undo'; caseUuid: string; packageUid: string; productName: string; products: number }

/** The screens of the app; App.tsx lists them (other parts add theirs there). */
export type ScreenId = 'receiving' | 'settings' | (string & {})

export interface Feedback {
  message: string
  tone: Tone
  at: number
  /** Set for an unrecognised scan that could be a tag: the Package UID the operator may choose to use. */
  unrecognisedText?: string
  /** Set for a case refused as another package's: the package one key (F12) switches to. */
  switchTo?: { packageUid: string; productName: string }
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
  screen: ScreenId
  preferences: ReceivingPreferences
  /** The errors of the last manifest refused, by line and column; null when the last one loaded. */
  manifestErrors: CsvError[] | null
  /** "Prepare for the day" is running. */
  preparing: boolean
  /** What the station must tell the operator since it opened (a damaged database kept aside). */
  notices: StationNotice[]

  start(): () => void
  scan(text: string, source: 'wedge' | 'camera' | 'manual'): Promise<void>
  showFeedback(feedback: Omit<Feedback, 'at'>): void
  adoptAsPackageUid(text: string): Promise<void>
  refreshLookup(refresh: boolean): Promise<void>
  refreshManifest(): Promise<void>
  answerPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): Promise<void>
  /** F8: names the last scan of this operator on this screen and asks before undoing it. */
  askUndoLastScan(): Promise<void>
  undoLastScan(): Promise<void>
  /** F12: makes the package a refused case belongs to the active one. */
  switchToSuggestedPackage(): Promise<void>
  importAll(packageUid: string): Promise<void>
  openDialog(dialog: Dialog | null): void
  showScreen(screen: ScreenId): void
  prepareForDay(): Promise<void>
  retryFailed(): Promise<void>
  syncNow(): Promise<void>
  dismissNotice(id: string): Promise<void>
  run<T>(action: () => Promise<T>): Promise<T | undefined>
}

function messageOf(error: unknown): string {
  return error instanceof BridgeError || error instanceof Error ? error.message : String(error)
}

export const useStation = create<StationState>((set, get, api) => ({
  info: null,
  queue: null,
  manifest: [],
  activePackageUid: null,
  activeManifest: null,
  lookup: null,
  feedback: null,
  dialog: null,
  packagedProductDraft: '',
  screen: 'receiving',
  preferences: DEFAULT_RECEIVING_PREFERENCES,
  manifestErrors: null,
  preparing: false,
  notices: [],

  start() {
    void get().run(async () => {
      const [info, queue, preferences, notices] = await Promise.all([
        station.getAppInfo({}),
        station.getQueue({}),
        station.getReceivingPreferences({}),
        station.getNotices({})
      ])
      set({ info, queue, preferences, notices: notices.notices })
      await get().refreshManifest()
    })
    // Every operation records who is on shift: ask as soon as nothing else is asked (the first-run
    // welcome comes first, one thing at a time) and whenever the station is left without an operator.
    const askOperator = ({ info, dialog }: StationState) => {
      if (info && !info.operator && !info.showWelcome && !dialog) set({ dialog: { kind: 'operator' } })
    }
    const stopAsking = api.subscribe((state, before) => {
      if (state.info !== before.info || (before.dialog && !state.dialog)) askOperator(state)
    })
    let lookupTimer: ReturnType<typeof setTimeout> | null = null
    let liveTimer: ReturnType<typeof setTimeout> | null = null
    const stopEvents = station.onEvent((event) => {
      if (event.type === 'info') set({ info: event.info })
      if (event.type === 'queue') {
        const wasOnline = get().queue?.connection.online === true
        set({ queue: event.queue })
        // Back online: the active package's answer shown may be old; ask the API again.
        if (!wasOnline && event.queue.connection.online === true && get().lookup?.stale) void get().refreshLookup(true)
      }
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
        // Once the API has answered an operation, its own view of the package may say more (who
        // imported what): ask it again, at most every 1.5 s while a burst drains.
        if (event.item.state === 'done' && !liveTimer) {
          liveTimer = setTimeout(() => {
            liveTimer = null
            void get().refreshLookup(true)
          }, 1500)
        }
      }
    })
    return () => {
      stopAsking()
      stopEvents()
    }
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
    otherFeedback++
    set({ feedback: { ...feedback, at: Date.now() } })
  },

  scan(text, source) {
    // One scan at a time, in the order scanned: a case scanned right after its Package UID must see
    // that package active. Only the local answer is awaited here; the lookups follow on their own.
    const feedbackBefore = otherFeedback
    const done = scansInOrder.then(async () => {
      const outcome = await get().run(() =>
        station.submitScan({ text, source, activePackageUid: get().activePackageUid, screen: SCREEN, dialog: dialogOfScan(get().dialog) })
      )
      if (outcome) applyOutcome(outcome, feedbackBefore)
      // A label that was not taken (refused) may be scanned again at once: not "already scanned".
      if (source !== 'manual') lastRefusedScan = outcome?.tone === 'refused' ? text : null
    })
    // An answer that never comes must not hold every later scan: after a few seconds the next goes on.
    scansInOrder = Promise.race([done.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, SCAN_ANSWER_WAIT_MS))])
    return done
  },

  async adoptAsPackageUid(text) {
    const outcome = await get().run(() => station.adoptPackageUid({ text }))
    if (outcome) applyOutcome(outcome)
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
    // The dialog stays open (with what was typed) until the answer is taken.
    const outcome = await get().run(() => station.setPackagedProducts({ caseUuid, packageUid, packagedProductUuids, screen: SCREEN }))
    if (!outcome) return
    if (outcome.kind !== 'invalid-answer') set({ dialog: null })
    applyOutcome(outcome)
  },

  async askUndoLastScan() {
    const last = await get().run(() => station.lastScan({ screen: SCREEN }))
    if (last === undefined) return
    if (last === null) {
      get().showFeedback({ message: 'Nothing to undo: you have scanned no case on this screen since it opened.', tone: 'refused' })
      return
    }
    get().openDialog({ kind: 'confirm-undo', ...last })
  },

  async undoLastScan() {
    set({ dialog: null })
    const outcome = await get().run(() => station.undoLastScan({ screen: SCREEN }))
    if (outcome) applyOutcome(outcome)
  },

  async switchToSuggestedPackage() {
    const target = get().feedback?.switchTo
    if (target) await get().scan(target.packageUid, 'manual')
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
  },

  showScreen(screen) {
    set({ screen })
  },

  async prepareForDay() {
    if (get().preparing) return
    set({ preparing: true })
    get().showFeedback({ message: 'Preparing for the day: fetching the Package UIDs export…', tone: 'info' })
    try {
      const answer = await get().run(() => station.prepareForDay({}))
      if (!answer) return
      if (answer.ok) {
        const kept = answer.kept > 0 ? ` (${answer.kept} already looked up kept)` : ''
        get().showFeedback({ message: `Ready for the day: ${answer.cases} CaseIDs of ${answer.packages} packages available offline${kept}.`, tone: 'accepted' })
      } else {
        get().showFeedback({ message: `Could not prepare for the day: ${answer.message}`, tone: 'refused' })
      }
    } finally {
      set({ preparing: false })
    }
  },

  async retryFailed() {
    const answer = await get().run(() => station.retryFailed({}))
    if (answer) get().showFeedback({ message: answer.retried > 0 ? `${answer.retried} failed items queued again.` : 'No failed items to retry.', tone: 'info' })
  },

  async dismissNotice(id) {
    const answer = await get().run(() => station.dismissNotice({ id }))
    if (answer) set({ notices: get().notices.filter((n) => n.id !== id) })
  },

  async syncNow() {
    const answer = await get().run(() => station.syncNow({}))
    if (answer) get().showFeedback({ message: 'Sending the queue now.', tone: 'info' })
    await get().refreshLookup(true)
  }
}))

/** Several fields of the page's state at once; the component renders again only when one of them changes. */
export function useStationFields<K extends keyof StationState>(...keys: K[]): Pick<StationState, K> {
  return useStation(useShallow((s) => Object.fromEntries(keys.map((key) => [key, s[key]])) as Pick<StationState, K>))
}

/** This page load's receiving screen, so that "undo last scan" undoes only what was scanned here. */
const SCREEN = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`

/** What the core must know of the open dialog to handle a scan (null: none open). */
function dialogOfScan(dialog: Dialog | null): ScanDialog | null {
  if (!dialog || dialog.kind === 'type-code') return null
  switch (dialog.kind) {
    case 'packaged-product':
      return { kind: 'packaged-product', caseUuid: dialog.caseUuid }
    case 'pos-ids':
      return { kind: 'pos-ids', packageUid: dialog.packageUid }
    case 'operator':
      return { kind: 'operator' }
    default:
      return { kind: 'question' }
  }
}

/** The text of the last scan, when it was refused (nothing taken); see `wasRefused`. */
let lastRefusedScan: string | null = null

/** Whether the last scan was this text and was refused: the same label again is a new try, not a repeat. */
export function wasRefused(text: string): boolean {
  return lastRefusedScan === text
}

/** How long a scan waits for the answer to the scan before it (a local call: normally a few ms). */
const SCAN_ANSWER_WAIT_MS = 5000
/** The scans submitted so far, chained: see `scan`. */
let scansInOrder: Promise<void> = Promise.resolve()
/** How many times something other than a scan's outcome was said on the status line. */
let otherFeedback = 0

/** Shows a scan's outcome at once; the lookups it calls for run without holding the next scan. */
function applyOutcome(outcome: ScanOutcome, feedbackBefore = otherFeedback): void {
  const { refreshLookup, refreshManifest } = useStation.getState()
  // Something said since the scan was made (a repeat "already scanned", a refusal from the queue) is
  // newer news and stays; the outcomes of earlier scans in the chain do not count as such.
  if (otherFeedback === feedbackBefore) {
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
      useStation.setState({
        activePackageUid: outcome.packageUid,
        activeManifest: outcome.manifest,
        lookup: null,
        dialog: outcome.needsPosIds ? { kind: 'pos-ids', packageUid: outcome.packageUid } : null
      })
      void refreshLookup(true)
      break
    case 'needs-packaged-product':
      // A new question starts empty: never an answer given for an earlier case.
      useStation.setState({ dialog: { kind: 'packaged-product', caseUuid: outcome.caseUuid, packageUid: outcome.packageUid }, packagedProductDraft: '' })
      break
    case 'packaged-product-id': {
      const draft = useStation.getState().packagedProductDraft.trim()
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
}
