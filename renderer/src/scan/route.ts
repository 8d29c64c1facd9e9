// The one path every scan takes into the station, whatever read it (keyboard wedge or webcam):
// a repeat is said "already scanned"; anything else goes to the core through the store, with the
// dialog open if any (the core decides: a packaged product answers that question, other dialogs
// refuse the scan with a reason). A scan is never typed into a dialog's fields.
import { useStation, wasRefused } from '../state/store'
import { useReview } from '../review/state'

export type ScanSource = 'wedge' | 'camera'

export interface IncomingScan {
  text: string
  /** The same code again within the repeat window of its input: not submitted again. */
  duplicate: boolean
}

export function routeScan(scan: IncomingScan, source: ScanSource): void {
  // While the manager's review is open, a scan is searched for there, never received.
  if (useReview.getState().open) {
    useReview.getState().searchScan(scan.text)
    return
  }
  const state = useStation.getState()
  if (scan.duplicate && !wasRefused(scan.text)) {
    state.showFeedback({ message: `Already scanned: ${scan.text.slice(0, 80)}`, tone: 'duplicate' })
    return
  }
  // The code typed by hand is replaced by the one scanned.
  if (state.dialog?.kind === 'type-code') state.openDialog(null)
  void state.scan(scan.text, source)
}

/** What the status line says when keys that are not a scan were typed with no text field to take them. */
export const TYPING_HINT = 'Typing goes nowhere here: to type a code by hand, press F2.'

/** Keys typed with nothing to take them (not a scan): a hint to press F2, on the receiving screen. */
export function routeTyping(): void {
  if (useReview.getState().open) return
  const state = useStation.getState()
  if (state.dialog !== null || state.screen !== 'receiving' || state.feedback?.message === TYPING_HINT) return
  state.showFeedback({ message: TYPING_HINT, tone: 'info' })
}
