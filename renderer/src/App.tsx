import { useEffect, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { attachWedge } from './scan/attachWedge'
import { routeScan, routeTyping } from './scan/route'
import { useStation } from './state/store'
import { startPage } from './state/start'
import { TopBar, type ScreenTab } from './components/TopBar'
import { StatusLine } from './components/StatusLine'
import { RECEIVING_SHORTCUTS, ReceivingScreen } from './receiving/ReceivingScreen'
import { loadManifestFile } from './receiving/ManifestPanel'
import { Dialogs } from './receiving/Dialogs'
import { ApiSettings, DisplaySettings, ScannerSettings, SettingsScreen, StationSettings, type SettingsSection } from './components/SettingsScreen'
import { ShortcutBar } from './components/ShortcutBar'
import { NoticeBar } from './components/NoticeBar'
import { ReviewScreen } from './review/ReviewScreen'
import { useReview } from './review/state'
import { ScanFlash } from './feedback/ScanFlash'
import { SUPPORT_SETTINGS_SECTIONS } from './welcome/SupportSections'
import { SupportLayer } from './welcome/SupportLayer'
import { Welcome } from './welcome/Welcome'

/** The sections of the Settings screen, in order. To add one: an entry here (id, title, what it shows). */
const SETTINGS_SECTIONS: SettingsSection[] = [
  { id: 'api', title: 'LucidRetail API', render: () => <ApiSettings /> },
  { id: 'station', title: 'Station and operator', render: () => <StationSettings /> },
  { id: 'scanner', title: 'Scanner', render: () => <ScannerSettings /> },
  { id: 'display', title: 'Sounds and display', render: () => <DisplaySettings /> },
  ...SUPPORT_SETTINGS_SECTIONS
]

/** The screens, one tab each in the top bar. To add one: an entry here (id, label, key, what it shows). */
const SCREENS: (ScreenTab & { render: () => ReactNode })[] = [
  { id: 'receiving', label: 'Receiving', shortcut: 'F1', render: () => <ReceivingScreen /> },
  { id: 'settings', label: 'Settings', shortcut: 'F9', render: () => <SettingsScreen sections={SETTINGS_SECTIONS} /> }
]

/** Function keys never collide with what a scanner types. Each is shown next to its button. */
const SHORTCUTS: Record<string, () => void> = {
  ...Object.fromEntries(SCREENS.map((screen) => [screen.shortcut, () => useStation.getState().showScreen(screen.id)])),
  ...RECEIVING_SHORTCUTS,
  F7: () => useReview.getState().toggle(),
  F10: () => useStation.getState().openDialog({ kind: 'operator' })
}

export function App() {
  const sandbox = useStation((s) => s.info?.sandbox)
  const screen = useStation((s) => s.screen)
  const welcome = useStation((s) => s.info?.showWelcome === true)
  const theme = useStation((s) => s.preferences.theme)
  // Shallow: a new preferences object (a theme change) must not re-attach the wedge and drop a burst.
  const scanner = useStation(useShallow((s) => s.preferences.scanner))

  useEffect(() => startPage(), [])

  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [theme])

  useEffect(
    () =>
      attachWedge(window, (scan) => routeScan({ text: scan.text, duplicate: 'duplicate' in scan }, 'wedge'), scanner, routeTyping),
    [scanner]
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = SHORTCUTS[`${event.shiftKey ? 'Shift+' : ''}${event.key}`]
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

  const current = SCREENS.find((s) => s.id === screen) ?? SCREENS[0]!
  return (
    <div className="app">
      {sandbox && (
        <div className="banner" role="note">
          Built-in sandbox API: demo data, nothing reaches LucidRetail. Choose LucidRetail in Settings (F9).
        </div>
      )}
      <NoticeBar />
      <SupportLayer />
      <TopBar tabs={SCREENS} />
      <StatusLine />
      {/* The first-run welcome is a screen of its own in place of receiving: one thing at a time, and
          the receiving screen is never shrunk by it. */}
      {welcome && current.id === 'receiving' ? <Welcome onConnect={() => useStation.getState().showScreen('settings')} /> : current.render()}
      <ShortcutBar />
      <Dialogs />
      <ReviewScreen />
      <ScanFlash />
    </div>
  )
}
