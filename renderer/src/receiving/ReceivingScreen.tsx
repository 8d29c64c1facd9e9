// The receiving screen: the active package; camera and queue; the day's manifest (styles.css lays
// them out), and the function keys that act on it.
import { useStation } from '../state/store'
import { switchToSuggestedPackage } from '../scan/route'
import { useReceiving } from './state'
import { PackagePanel } from './PackagePanel'
import { QueuePanel } from './QueuePanel'
import { ManifestPanel } from './ManifestPanel'
import { CameraPanel } from './CameraPanel'

export function ReceivingScreen() {
  return (
    <main className="receiving">
      <div className="column package-column">
        <PackagePanel />
      </div>
      <div className="column queue-column">
        <CameraPanel />
        <QueuePanel />
      </div>
      <div className="column manifest-column">
        <ManifestPanel />
      </div>
    </main>
  )
}

/** Runs an action of the receiving screen, showing that screen first when another one is open. */
function onReceiving(action: () => void): () => void {
  return () => {
    if (useStation.getState().screen === 'receiving') return action()
    useStation.getState().showScreen('receiving')
    requestAnimationFrame(action)
  }
}

/** The receiving screen's function keys (a scanner never types one); each is shown next to its button. */
export const RECEIVING_SHORTCUTS: Record<string, () => void> = {
  F2: () => useStation.getState().openDialog({ kind: 'type-code' }),
  F3: onReceiving(() => document.getElementById('manifest-input')?.click()),
  F4: onReceiving(() => {
    const { activePackageUid, lookup } = useReceiving.getState()
    const { openDialog } = useStation.getState()
    const count = lookup?.cases.filter((c) => c.status === 'Not imported').length ?? 0
    if (activePackageUid && count > 0) openDialog({ kind: 'confirm-import-all', packageUid: activePackageUid, count })
  }),
  F5: () => void useReceiving.getState().syncNow(),
  'Shift+F5': () => void useReceiving.getState().retryFailed(),
  F6: () => void useReceiving.getState().prepareForDay(),
  F8: onReceiving(() => void useReceiving.getState().askUndoLastScan()),
  F12: () => void switchToSuggestedPackage()
}
