// The one path every scan takes into the station, whatever read it (keyboard wedge, webcam, or a code
// typed by hand): a repeat is said "already scanned"; anything else is submitted here, one at a time
// and in order, through the bridge (`submitScan`), with the dialog open if any (the core decides: a
// packaged product answers that question, other dialogs refuse the scan with a reason). A scan is never
// typed into a dialog's fields. The outcome is then shown by the receiving screen (`applyOutcome`).
import type { OpenDialog as ScanDialog, ScanOutcome } from '../../../electron/contract'
import type { ScanSource } from '../../../electron/shared/scans.std'
import { messageOf, station } from '../bridge/bridge'
import { useReview } from '../review/state'
import { SCREEN_ID, useReceiving } from '../receiving/state'
import { saidOnStatusLine, useStation, type Dialog } from '../state/store'

export interface IncomingScan {
  text: string
  /** The same code again within the repeat window of its input: not submitted again. */
  duplicate: boolean
}

/** A scan read by a device (the wedge or the webcam). */
export function routeScan(scan: IncomingScan, source: Exclude<ScanSource, 'manual'>): void {
  // While the manager's review is open, a scan is searched for there, never received.
  if (useReview.getState().open) {
    useReview.getState().searchScan(scan.text)
    return
  }
  const page = useStation.getState()
  if (scan.duplicate && lastRefusedScan !== scan.text) {
    page.showFeedback({ message: `Already scanned: ${scan.text.slice(0, 80)}`, tone: 'duplicate' })
    return
  }
  // The code typed by hand is replaced by the one scanned.
  if (page.dialog?.kind === 'type-code') page.openDialog(null)
  void submitScan(scan.text, source)
}

/** How long a scan waits for the answer to the scan before it (a local call: normally a few ms). */
const SCAN_ANSWER_WAIT_MS = 5000
/** The scans submitted so far, chained: see `submitScan`. */
let scansInOrder: Promise<void> = Promise.resolve()
/** The text of the last scan read by a device, when it was refused (nothing taken): scanning that label again is a new try, not a repeat. */
let lastRefusedScan: string | null = null

/** Submits a scan to the station and shows its outcome; resolves once it is shown. */
export function submitScan(text: string, source: ScanSource): Promise<void> {
  // One scan at a time, in the order scanned: a case scanned right after its Package UID must see
  // that package active. Only the local answer is awaited here; the lookups follow on their own.
  const saidBefore = saidOnStatusLine()
  const done = scansInOrder.then(async () => {
    let outcome: ScanOutcome | undefined
    try {
      outcome = await station.submitScan({ text, source, activePackageUid: useReceiving.getState().activePackageUid, screen: SCREEN_ID, dialog: dialogOfScan(useStation.getState().dialog) })
    } catch (error) {
      useStation.getState().showFeedback({ message: messageOf(error), tone: 'refused' })
    }
    if (outcome) useReceiving.getState().applyOutcome(outcome, saidBefore)
    // A label that was not taken (refused) may be scanned again at once: not "already scanned".
    if (source !== 'manual') lastRefusedScan = outcome?.tone === 'refused' ? text : null
  })
  // An answer that never comes must not hold every later scan: after a few seconds the next goes on.
  scansInOrder = Promise.race([done.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, SCAN_ANSWER_WAIT_MS))])
  return done
}

/** F12: makes the package a refused case belongs to the active one (as if its Package UID were typed). */
export async function switchToSuggestedPackage(): Promise<void> {
  const target = useStation.getState().feedback?.switchTo
  if (target) await submitScan(target.packageUid, 'manual')
}

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

/** What the status line says when keys that are not a scan were typed with no text field to take them. */
export const TYPING_HINT = 'Typing goes nowhere here: to type a code by hand, press F2.'

/** Keys typed with nothing to take them (not a scan): a hint to press F2, on the receiving screen. */
export function routeTyping(): void {
  if (useReview.getState().open) return
  const state = useStation.getState()
  if (state.dialog !== null || state.screen !== 'receiving' || state.feedback?.message === TYPING_HINT) return
  state.showFeedback({ message: TYPING_HINT, tone: 'info' })
}
