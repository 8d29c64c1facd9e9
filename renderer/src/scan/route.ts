// The one path every scan takes into the station, whatever read it (keyboard wedge or webcam):
// a repeat is said "already scanned"; while the station asks which packaged product is in a case, a
// scan answers that question; anything else goes to the core's parser through the store.
import { useStation } from '../state/store'
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
  if (scan.duplicate) {
    state.showFeedback({ message: `Already scanned: ${scan.text.slice(0, 80)}`, tone: 'duplicate' })
    return
  }
  if (state.dialog?.kind === 'packaged-product') {
    const id = scan.text.trim().split('/').filter(Boolean).pop() ?? ''
    useStation.setState({ packagedProductDraft: state.packagedProductDraft ? `${state.packagedProductDraft}\n${id}` : id })
    return
  }
  void state.scan(scan.text, source)
}
