import { useStation } from '../state/store'
import { connectionWords } from './words.std'
import { useReview } from '../review/state'

/** A screen's tab in the top bar: its label and the function key that opens it. */
export interface ScreenTab {
  id: string
  label: string
  shortcut: string
}

export function TopBar({ tabs }: { tabs: ScreenTab[] }) {
  const info = useStation((s) => s.info)
  const connection = useStation((s) => s.queue?.connection)
  const openDialog = useStation((s) => s.openDialog)
  const screen = useStation((s) => s.screen)
  const showScreen = useStation((s) => s.showScreen)
  const words = connectionWords(connection)
  return (
    <header className="topbar">
      <h1>CaseID Station</h1>
      <span className="station-name" title={info?.stationName}>{info?.stationName}</span>
      <span className={`connection ${words.tone}`} data-testid="connection" title={connection?.message}>
        {words.word}
        {words.detail && <span className="hint"> · {words.detail}</span>}
      </span>
      <button type="button" className="operator" onClick={() => openDialog({ kind: 'operator' })}>
        Operator: {info?.operator || '(none)'}
        <kbd>F10</kbd>
      </button>
      <nav aria-label="Screens" className="tabs">
        {tabs.map((tab) => (
          <button key={tab.id} type="button" aria-current={screen === tab.id ? 'page' : undefined} onClick={() => showScreen(tab.id)}>
            {tab.label}
            <kbd>{tab.shortcut}</kbd>
          </button>
        ))}
      </nav>
      <button type="button" onClick={() => useReview.getState().toggle(true)}>
        Review the day<kbd>F7</kbd>
      </button>
    </header>
  )
}
