import { useEffect } from 'react'
import { station } from './bridge/bridge'
import { attachWedge } from './scan/attachWedge'
import { routeScan } from './scan/route'
import { useStation } from './state/store'
import { TopBar } from './components/TopBar'
import { StatusLine } from './components/StatusLine'
import { PackagePanel } from './components/PackagePanel'
import { QueuePanel } from './components/QueuePanel'
import { loadManifestFile, ManifestPanel } from './components/ManifestPanel'
import { Dialogs } from './components/Dialogs'
import { CameraPanel } from './components/CameraPanel'
import { ScanFlash } from './feedback/ScanFlash'
import { ReviewScreen } from './review/ReviewScreen'
import { useReview } from './review/state'

/** Function keys never collide with what a scanner types. */
const SHORTCUTS: Record<string, () => void> = {
  F2: () => useStation.getState().openDialog({ kind: 'type-code' }),
  F3: () => document.getElementById('manifest-input')?.click(),
  F4: () => {
    const { activePackageUid, lookup, openDialog } = useStation.getState()
    const count = lookup?.cases.filter((c) => c.status === 'Not imported').length ?? 0
    if (activePackageUid && count > 0) openDialog({ kind: 'confirm-import-all', packageUid: activePackageUid, count })
  },
  F5: () => void useStation.getState().run(() => station.syncNow({})),
  F8: () => void useStation.getState().undoLastScan(),
  F7: () => useReview.getState().toggle(),
  F9: () => useStation.getState().openDialog({ kind: 'settings' })
}

export function App() {
  const sandbox = useStation((s) => s.info?.sandbox)

  useEffect(() => useStation.getState().start(), [])

  useEffect(
    () =>
      attachWedge(window, (scan) => routeScan({ text: scan.text, duplicate: 'duplicate' in scan }, 'wedge')),
    []
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = SHORTCUTS[event.key]
      if (action && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault()
        action()
      }
    }
    const onDragOver = (event: DragEvent) => event.preventDefault()
    const onDrop = (event: DragEvent) => {
      event.preventDefault()
      const file = event.dataTransfer?.files[0]
      if (file) void loadManifestFile(file)
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [])

  return (
    <>
      {sandbox && <div className="banner">Built-in sandbox API: demo data, nothing reaches LucidRetail.</div>}
      <TopBar />
      <StatusLine />
      <main>
        <div className="column">
          <PackagePanel />
        </div>
        <div className="column">
          <CameraPanel />
          <QueuePanel />
          <ManifestPanel />
          <section className="panel shortcuts" aria-label="Keyboard shortcuts">
            <span>Type a code<kbd>F2</kbd></span>
            <span>Undo last scan<kbd>F8</kbd></span>
          </section>
        </div>
      </main>
      <Dialogs />
      <ScanFlash />
      <ReviewScreen />
    </>
  )
}
