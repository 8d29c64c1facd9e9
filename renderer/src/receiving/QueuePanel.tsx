import { useFields, useStation } from '../state/store'
import { useReceiving } from './state'
import { station } from '../bridge/bridge'
import { formatClock } from '../components/format.std'
import { connectionWords } from '../components/words.std'

export function QueuePanel() {
  const { queue, openDialog, run } = useFields(useStation, 'queue', 'openDialog', 'run')
  const { syncNow, retryFailed } = useFields(useReceiving, 'syncNow', 'retryFailed')
  const counts = queue?.counts
  const connection = connectionWords(queue?.connection)
  return (
    <section className="panel queue-panel" aria-labelledby="queue-title">
      <h2 id="queue-title">
        Queue{' '}
        <span className={`connection ${connection.tone}`} data-testid="queue-connection">
          {connection.word}
          {connection.detail && <span className="hint"> · {connection.detail}</span>}
        </span>
      </h2>
      <dl className="counts">
        <div><dt>Pending</dt><dd data-testid="count-pending">{counts?.pending ?? 0}</dd></div>
        <div><dt>Sending</dt><dd data-testid="count-sending">{counts?.sending ?? 0}</dd></div>
        <div><dt>Failed</dt><dd data-testid="count-failed" className={counts && counts.failed > 0 ? 'tone-refused' : ''}>{counts?.failed ?? 0}</dd></div>
        <div><dt>Imported today</dt><dd data-testid="count-imported">{counts?.importedToday ?? 0}</dd></div>
      </dl>
      {queue && queue.waiting.length > 0 && (
        <ul className="waiting" aria-label="Waiting for another API" data-testid="queue-waiting">
          {queue.waiting.map((w) => (
            <li key={w.api}>
              {w.count} waiting for {w.api}
            </li>
          ))}
        </ul>
      )}
      {queue && queue.held.length > 0 && (
        <ul className="held" aria-label="Waiting items" data-testid="queue-held">
          {queue.held.map((item) => (
            <li key={item.id}>
              <strong>{item.operation === 'import' ? 'Import' : 'Remove'}</strong> <span className="mono">{item.caseUuid}</span>:{' '}
              <span className="reason">{item.waiting}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={() => void syncNow()}>
          Sync now<kbd>F5</kbd>
        </button>
        <button type="button" disabled={!counts || counts.failed === 0} onClick={() => void retryFailed()}>
          Retry all failed<kbd>Shift+F5</kbd>
        </button>
      </div>
      {queue && queue.failed.length > 0 && (
        <ul className="failed" aria-label="Failed items">
          {queue.failed.map((item) => (
            <li key={item.id}>
              <div>
                <strong>{item.operation === 'import' ? 'Import' : 'Remove'}</strong> <span className="mono">{item.caseUuid}</span> →{' '}
                <span className="mono">{item.packageUid}</span>
              </div>
              <div className="tone-refused reason">{item.message ?? 'no reason given'}</div>
              <div className="hint">
                {item.operator ? `by ${item.operator}, ` : ''}
                {formatClock(item.queuedAt)}, {item.attempts} {item.attempts === 1 ? 'attempt' : 'attempts'}
              </div>
              <button type="button" onClick={() => void run(() => station.retryItem({ id: item.id }))}>
                Retry
              </button>
              <button type="button" onClick={() => openDialog({ kind: 'confirm-discard', id: item.id, caseUuid: item.caseUuid })}>
                Discard…
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
