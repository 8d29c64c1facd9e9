import { useStation } from '../state/store'
import { formatClock } from './format'
import { useReview } from '../review/state'

export function TopBar() {
  const info = useStation((s) => s.info)
  const connection = useStation((s) => s.queue?.connection)
  const openDialog = useStation((s) => s.openDialog)
  const online = connection?.online
  return (
    <header className="topbar">
      <h1>CaseID Station</h1>
      <span>{info?.stationName}</span>
      <span className="spacer" />
      <span className={online === false ? 'tone-refused' : online ? 'tone-accepted' : ''} data-testid="connection">
        {online === false ? 'Offline' : online ? 'Online' : 'Not connected yet'}
        {connection?.lastAnswerAt ? ` · last answer ${formatClock(connection.lastAnswerAt)}` : ''}
        {connection?.paused ? ' · paused: credentials refused' : ''}
      </span>
      <button type="button" onClick={() => openDialog({ kind: 'operator' })}>
        Operator: {info?.operator || '(none)'}
      </button>
      <button type="button" onClick={() => useReview.getState().toggle(true)}>
        Review the day<kbd>F7</kbd>
      </button>
      <button type="button" onClick={() => openDialog({ kind: 'settings' })}>
        Settings<kbd>F9</kbd>
      </button>
    </header>
  )
}
