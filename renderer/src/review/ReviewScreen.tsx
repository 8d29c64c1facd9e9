// The manager's screen: one day's imports and removes (default today, in the station's time zone),
// totals, imports per hour, discrepancies against the manifest, failures, undo, CSV and the report.
import { useEffect } from 'react'
import type { ReviewDay, ReviewRow, ReviewSort, ReviewStateGroup } from '../../../electron/contract'
import { station } from '../bridge/bridge'
import { useStation } from '../state/store'
import { asChoices, ChoiceSelect } from '../components/ChoiceSelect'
import { HourChart } from './HourChart'
import { ReconcileButton, ReconcilePanel } from './ReconcilePanel'
import { UndoDialog } from './UndoDialog'
import { MAX_ROW_LIMIT, useReview } from './state'
import { countOf } from '../../../electron/shared/counts.std'
import './review.css'

const STATES: { value: ReviewStateGroup; label: string }[] = [
  { value: 'imported', label: 'Imported' },
  { value: 'removed', label: 'Removed' },
  { value: 'queued', label: 'Queued' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled / discarded' }
]

const COLUMNS: { key: ReviewSort | null; label: string }[] = [
  { key: 'time', label: 'Time' },
  { key: 'operation', label: 'Operation' },
  { key: 'state', label: 'State' },
  { key: 'operator', label: 'Operator' },
  { key: 'package', label: 'Package UID' },
  { key: 'product', label: 'Product' },
  { key: 'case', label: 'CaseID' },
  { key: null, label: 'Packaged product' },
  { key: null, label: 'API' },
  { key: null, label: 'API words / reason' },
  { key: null, label: '' }
]

/** YYYY-MM-DD shifted by whole days (calendar arithmetic, no time zone involved). */
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** "14:05:09" from an ISO time written in the station's zone. */
const clock = (iso: string) => iso.slice(11, 19)

export function ReviewScreen() {
  const open = useReview((s) => s.open)
  if (!open) return null
  return <ReviewBody />
}

function ReviewBody() {
  const { day, filters, loading, error, notice, undoing } = useReview()
  const { setFilters, toggle, exportCsv, printReport } = useReview.getState()
  const host = useStation((s) => s.info?.host ?? 'browser')
  // The station's changes (imports confirmed, failures, an undo of an earlier day's import going
  // through) show up by themselves, at most a few times a second.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = station.onEvent((event) => {
      if (event.type !== 'item' || timer) return
      timer = setTimeout(() => {
        timer = null
        void useReview.getState().load()
      }, 700)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }, [])

  const date = day?.date ?? filters.date ?? ''
  return (
    <div className="review-screen" role="region" aria-label="Review of the day">
      <header className="review-header no-print">
        <h1>Review</h1>
        <div className="day-picker" role="group" aria-label="Day">
          <button type="button" onClick={() => date && setFilters({ date: shiftDate(date, -1) })} aria-label="Previous day">
            ◀
          </button>
          <input type="date" aria-label="Day shown" value={date} max={day?.today} onChange={(e) => e.target.value && setFilters({ date: e.target.value })} />
          <button type="button" onClick={() => date && setFilters({ date: shiftDate(date, 1) })} aria-label="Next day" disabled={!!day && date >= day.today}>
            ▶
          </button>
          <button type="button" onClick={() => day && setFilters({ date: shiftDate(day.today, -1) })}>Yesterday</button>
          <button type="button" onClick={() => setFilters({ date: null })} disabled={!!day && date === day.today}>
            Today
          </button>
        </div>
        <span className="spacer" />
        <ReconcileButton date={date} />
        <button type="button" className="primary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
        <button type="button" onClick={() => void printReport(host)}>
          {host === 'desktop' ? 'Save report as PDF' : 'Print report'}
        </button>
        <button type="button" onClick={() => toggle(false)}>
          Back to receiving<kbd>F7</kbd>
        </button>
      </header>
      <h2 className="report-title">
        CaseID Station · day report {date}
        {day && <span className="hint"> ({day.timeZone}, {day.hours} hours, from {clock(day.start)} {day.start.slice(-6)})</span>}
      </h2>
      {notice && (
        <p className={`review-notice tone-${notice.tone} no-print`} role="status">
          {notice.message}
        </p>
      )}
      {error && (
        <p className="tone-refused" role="alert">
          {error}
        </p>
      )}
      {day?.mixedApis && (
        <p className="review-mixed-apis tone-refused" data-testid="mixed-apis">
          {day.mixedApis}
        </p>
      )}
      {date && <ReconcilePanel date={date} />}
      {day && <DaySummary day={day} />}
      {day && <Rows day={day} loading={loading} />}
      {undoing && <UndoDialog row={undoing} />}
    </div>
  )
}

function DaySummary({ day }: { day: ReviewDay }) {
  const setFilters = useReview((s) => s.setFilters)
  const t = day.totals
  const totals: { label: string; value: number; state: ReviewStateGroup | null }[] = [
    { label: 'Imported', value: t.imported, state: 'imported' },
    { label: 'Removed', value: t.removed, state: 'removed' },
    { label: 'Queued', value: t.queued, state: 'queued' },
    { label: 'Failed', value: t.failed, state: 'failed' },
    { label: 'Cancelled', value: t.cancelled, state: 'cancelled' },
    { label: 'All operations', value: t.operations, state: null }
  ]
  const d = day.discrepancies
  return (
    <>
      <section className="panel" aria-label="Totals">
        <dl className="review-totals">
          {totals.map((x) => (
            <div key={x.label} className={x.state === 'failed' && x.value > 0 ? 'has-failed' : ''}>
              <dt>{x.label}</dt>
              <dd>
                <button type="button" className="total-button" data-testid={`total-${x.label.toLowerCase().replace(/ /g, '-')}`} onClick={() => setFilters({ state: x.state })} title={`Show ${x.label.toLowerCase()}`}>
                  {x.value}
                </button>
              </dd>
            </div>
          ))}
        </dl>
        <HourChart hours={day.hourly} />
      </section>

      <section className="panel" aria-labelledby="failures-title">
        <h2 id="failures-title">Failures ({day.failures.length})</h2>
        {day.failures.length === 0 ? (
          <p className="hint">Nothing failed this day.</p>
        ) : (
          <table className="review-table compact" aria-label="Failures">
            <thead>
              <tr><th>Time</th><th>Operation</th><th>CaseID</th><th>Package UID</th><th>Operator</th><th>What the API said</th></tr>
            </thead>
            <tbody>
              {day.failures.map((r) => (
                <tr key={r.id}>
                  <td>{clock(r.time)}</td><td>{r.operation}</td><td className="mono">{r.caseUuid}</td><td className="mono">{r.packageUid}</td><td>{r.operator ?? ''}</td>
                  <td className="tone-refused">{r.apiMessage ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="discrepancies-title">
        <h2 id="discrepancies-title">Against the manifest</h2>
        <p className="hint">
          {d.packages === 0 ? 'No manifest package was loaded or scanned this day.' : `${countOf(d.packages, 'manifest package')} loaded or scanned this day.`}
        </p>
        <div className="discrepancies">
          <div>
            <h3>Expected, not received ({d.expectedNotReceived.length})</h3>
            <ul aria-label="Expected, not received">
              {d.expectedNotReceived.map((e) => (
                <li key={`${e.packageUid}|${e.caseUuid}|${e.packagedProductUuid ?? ''}`}>
                  <span className="mono">{e.caseUuid}</span>
                  {e.packagedProductUuid && <span className="hint mono" title="Packaged product"> / {e.packagedProductUuid}</span>} in{' '}
                  <span className="mono">{e.packageUid}</span> {e.productName && `(${e.productName})`} · <strong>{e.status}</strong>
                  {e.detail && <span className="hint"> · {e.detail}</span>}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Received, not on the manifest ({d.receivedNotOnManifest.length})</h3>
            <ul aria-label="Received, not on the manifest">
              {d.receivedNotOnManifest.map((e) => (
                <li key={`${e.packageUid}|${e.caseUuid}|${e.packagedProductUuid ?? ''}`}>
                  <span className="mono">{e.caseUuid}</span> into <span className="mono">{e.packageUid}</span> · {e.why}
                  <span className="hint"> · {clock(e.time)} {e.operator ?? ''}</span>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Imported elsewhere, says the API ({d.importedElsewhere.length})</h3>
            <ul aria-label="Imported elsewhere">
              {d.importedElsewhere.map((e) => (
                <li key={e.caseUuid}>
                  <span className="mono">{e.caseUuid}</span> (for <span className="mono">{e.packageUid}</span>) ·{' '}
                  {e.importedInto ? <>in <span className="mono">{e.importedInto}</span></> : 'by another company'}
                  {e.dispensary && ` at ${e.dispensary}`}
                  {e.apiMessage && <span className="hint"> · “{e.apiMessage}”</span>}
                </li>
              ))}
            </ul>
          </div>
        </div>
      </section>
    </>
  )
}

function Rows({ day, loading }: { day: ReviewDay; loading: boolean }) {
  const filters = useReview((s) => s.filters)
  const { setFilters, typeSearch, sortBy, askUndo } = useReview.getState()
  const filtered = filters.operator !== null || filters.state !== null || filters.packageUid !== null || filters.search.trim() !== ''
  return (
    <section className="panel review-rows" aria-labelledby="rows-title">
      <h2 id="rows-title">Every import and remove</h2>
      <p className="hint no-print">Listed by the time they were scanned; the state is where each one stands now.</p>
      <div className="review-filters no-print" role="search">
        <label>
          Search
          <input type="search" placeholder="CaseID, Package UID, SKU… or part of one" value={filters.search} onChange={(e) => typeSearch(e.target.value)} maxLength={100} />
        </label>
        <ChoiceSelect label="Operator" any="All operators" value={filters.operator} choices={asChoices(day.operators)} onChange={(operator) => setFilters({ operator })} />
        <ChoiceSelect label="State" any="All states" value={filters.state} choices={STATES} onChange={(state) => setFilters({ state })} />
        <ChoiceSelect label="Package" any="All packages" value={filters.packageUid} choices={asChoices(day.packages)} onChange={(packageUid) => setFilters({ packageUid })} />
        {filtered && (
          <button type="button" onClick={() => setFilters({ operator: null, state: null, packageUid: null, search: '' })}>
            Clear filters
          </button>
        )}
      </div>
      <p className="hint" data-testid="row-count" aria-live="polite">
        {loading ? 'Loading… ' : ''}
        {day.matched === day.totals.operations ? `${countOf(day.matched, 'operation')}` : `${day.matched} of ${countOf(day.totals.operations, 'operation')} match`}
        {day.rows.length < day.matched ? `; the first ${day.rows.length} are shown (the CSV has them all)` : ''}
        {day.rows.length < day.matched && filters.limit < MAX_ROW_LIMIT && (
          <button type="button" className="no-print" onClick={() => setFilters({ limit: MAX_ROW_LIMIT })}>
            Show up to {MAX_ROW_LIMIT.toLocaleString()}
          </button>
        )}
      </p>
      <table className="review-table" aria-label="Operations of the day">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.label || 'actions'} aria-sort={c.key && filters.sort === c.key ? (filters.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key ? (
                  <button type="button" className="sort" onClick={() => sortBy(c.key!)}>
                    {c.label}
                    {filters.sort === c.key ? (filters.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {day.rows.map((r) => <Row key={r.id} r={r} onUndo={() => askUndo(r)} />)}
        </tbody>
      </table>
      {day.rows.length === 0 && <p className="hint">{filtered ? 'Nothing matches these filters.' : 'Nothing was imported or removed this day.'}</p>}
    </section>
  )
}

function Row({ r, onUndo }: { r: ReviewRow; onUndo: () => void }) {
  return (
    <tr className={`state-${r.group}`} data-row-id={r.id}>
      <td title={r.time} className="nowrap">{clock(r.time)}</td>
      <td className="nowrap">{r.operation}</td>
      <td className="state nowrap">
        {r.stateWord}
        {r.attempts > 1 && <div className="hint">{r.attempts} attempts</div>}
      </td>
      <td className="nowrap">{r.operator ?? ''}</td>
      <td className="mono">{r.packageUid}</td>
      <td>
        {r.productName ?? ''}
        {r.sku && <span className="hint"> {r.sku}</span>}
      </td>
      <td className="mono">{r.caseUuid}</td>
      <td className="mono">{r.packagedProductUuid ?? ''}</td>
      <td className="api">{r.apiName}</td>
      <td className="message">
        {r.apiMessage && <div className={r.group === 'failed' ? 'tone-refused' : ''}>{r.apiMessage}</div>}
        {r.reason && <div>Reason: {r.reason}</div>}
        {r.undoneBy && (
          <div className="undone">
            Undone ({r.undoneBy.stateWord}) at {clock(r.undoneBy.time)} by {r.undoneBy.operator ?? 'unknown'}: {r.undoneBy.reason ?? 'no reason'}
          </div>
        )}
      </td>
      <td className="no-print">
        {r.canUndo && (
          <button type="button" onClick={onUndo} aria-label={`Undo import of ${r.caseUuid}`}>
            Undo
          </button>
        )}
      </td>
    </tr>
  )
}
