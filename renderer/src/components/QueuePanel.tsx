import { useStation } from '../state/store'
import { station } from '../bridge/bridge'

export function QueuePanel() {
  const queue = useStation((s) => s.queue)
  const openDialog = useStation((s) => s.openDialog)
  const run = useStation((s) => s.run)
  const counts = queue?.counts
  return (
    <section className="panel" aria-labelledby="queue-title">
      <h2 id="queue-title">Queue</h2>
      <dl className="counts">
        <div><dt>Pending</dt><dd data-testid="count-pending">{counts?.pending ?? 0}</dd></div>
        <div><dt>Sending</dt><dd data-testid="count-sending">{counts?.sending ?? 0}</dd></div>
        <div><dt>Failed</dt><dd data-testid="count-failed">{counts?.failed ?? 0}</dd></div>
        <div><dt>Imported today</dt><dd data-testid="count-imported">{counts?.importedToday ?? 0}</dd></div>
      </dl>
      <p className="hint">{queue?.connection.message}</p>
      <div className="actions">
        <button type="button" onClick={() => void run(() => station.syncNow({}))}>
          Sync now<kbd>F5</kbd>
        </button>
      </div>
      {queue && queue.failed.length > 0 && (
        <ul className="failed" aria-label="Failed items">
          {queue.failed.map((item) => (
            <li key={item.id}>
              <div>
                <strong>{item.operation === 'import' ? 'Import' : 'Remove'}</strong> <span className="mono">{item.caseUuid}</span> → <span className="mono">{item.packageUid}</span>
              </div>
              <div className="tone-refused">{item.message}</div>
              <button type="button" onClick={() => void run(() => station.retryItem({ id: item.id }))}>Retry</button>
              <button type="button" onClick={() => openDialog({ kind: 'confirm-discard', id: item.id, caseUuid: item.caseUuid })}>Discard</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
