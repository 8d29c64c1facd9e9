// The page-wide state: what the station last told the page (app info, queue, notices, preferences),
// which screen and which dialog are open, and the status line. The receiving screen's own state (the
// active package, its lookup, the manifest) is `receiving/state.ts`; `state/start.ts` loads both and
// feeds them the station's events. Every change of the station's data comes from a bridge answer or event.
import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import {
  DEFAULT_RECEIVING_PREFERENCES,
  type AppInfo,
  type QueueView,
  type ReceivingPreferences,
  type StationNotice,
  type Tone
} from '../../../electron/contract'
import { station, messageOf } from '../bridge/bridge'

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

/** What the status line says (components/StatusLine.tsx), on every screen. */
export interface Feedback {
  message: string
  tone: Tone
  at: number
  /** Set for an unrecognised scan that could be a tag: the Package UID the operator may choose to use. */
  unrecognisedText?: string
  /** Set for a case refused as another package's: the package one key (F12) switches to. */
  switchTo?: { packageUid: string; productName: string }
}

interface PageState {
  info: AppInfo | null
  queue: QueueView | null
  screen: ScreenId
  preferences: ReceivingPreferences
  /** What the station must tell the operator since it opened (a damaged database kept aside). */
  notices: StationNotice[]
  dialog: Dialog | null
  /** What the packaged-product dialog holds: typed, pasted or scanned. */
  packagedProductDraft: string
  feedback: Feedback | null

  /** Says something on the status line (not a scan's outcome: see `saidOnStatusLine`). */
  showFeedback(feedback: Omit<Feedback, 'at'>): void
  /** Runs a call to the station; a refusal or failure is said on the status line (then: undefined). */
  run<T>(action: () => Promise<T>): Promise<T | undefined>
  openDialog(dialog: Dialog | null): void
  showScreen(screen: ScreenId): void
  dismissNotice(id: string): Promise<void>
}

/** How many times `showFeedback` said something on the status line: see `saidOnStatusLine`. */
let feedbackShown = 0

/**
 * A count of what was said on the status line other than a scan's outcome. A scan takes it when it is
 * made; its outcome is shown only if the count is the same when the answer comes (newer news stays).
 */
export function saidOnStatusLine(): number {
  return feedbackShown
}

export const useStation = create<PageState>((set, get) => ({
  info: null,
  queue: null,
  screen: 'receiving',
  preferences: DEFAULT_RECEIVING_PREFERENCES,
  notices: [],
  dialog: null,
  packagedProductDraft: '',
  feedback: null,

  showFeedback(feedback) {
    feedbackShown++
    set({ feedback: { ...feedback, at: Date.now() } })
  },

  async run(action) {
    try {
      return await action()
    } catch (error) {
      get().showFeedback({ message: messageOf(error), tone: 'refused' })
      return undefined
    }
  },

  openDialog(dialog) {
    set({ dialog, packagedProductDraft: '' })
  },

  showScreen(screen) {
    set({ screen })
  },

  async dismissNotice(id) {
    const answer = await get().run(() => station.dismissNotice({ id }))
    if (answer) set({ notices: get().notices.filter((n) => n.id !== id) })
  }
}))

/** Several fields of a store at once; the component renders again only when one of them changes. */
export function useFields<S extends object, K extends keyof S>(store: UseBoundStore<StoreApi<S>>, ...keys: K[]): Pick<S, K> {
  return store(useShallow((s) => Object.fromEntries(keys.map((key) => [key, s[key]])) as Pick<S, K>))
}
