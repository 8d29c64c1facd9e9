// The store's day from LucidRetail beside this station's journal: the actionable lists first, totals per
// package and for the day, the age of each answer and what could not be checked.
import { useEffect } from 'react'
import type { ReconcileFinding, ReconciledDay } from '../../../electron/contract'
import { useReconcile } from './reconcileState'
import { countOf } from '../../../electron/shared/counts.std'

function age(ms: number | null): string {
  if (ms === null) return 'no answer'
  const s = Math.round(ms / 1000)
  return s < 120 ? `${s} s old` : s < 7200 ? `${Math.round(s / 60)} min old` : `${Math.round(s / 3600)} h old`
}

/** The button in the review's header. */
export function ReconcileButton({ date }: { date: string }) {
  const running = useReconcile((s) => s.running)
  const start = useReconcile((s) => s.start)
  return (
    <button type="button" onClick={() => date && void start(date)} disabled={running || !date}>
      Reconcile with LucidRetail
    </button>
  )
}

export function ReconcilePanel({ date }: { date: string }) {
  const { running, progress, result, error, notice } = useReconcile()
  const { cancel, exportCsv, forget } = useReconcile.getState()
  useEffect(() => forget(date), [date, forget])
  if (!running && !result && !error) return null
  return (
    <section className="panel reconcile" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">LucidRetail&apos;s day, every station</h2>
      {running && (
        <div className="reconcile-progress no-print" role="status">
          <progress aria-label="Reconcile progress" max={progress?.total || 1} value={progress?.done ?? 0} />
          <span>
            {progress ? `${progress.done} of ${countOf(progress.total, 'package')} (${progress.asked} asked, ${progress.fresh} answered less than a minute ago${progress.failed ? `, ${progress.failed} failed` : ''})` : 'Starting…'}
          </span>
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="tone-refused" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="hint" role="status">{notice}</p>}
      {result && result.date === date && <ReconciledView day={result} onExport={() => void exportCsv(date)} />}
    </section>
  )
}

function ReconciledView({ day, onExport }: { day: ReconciledDay; onExport: () => void }) {
  const unchecked = day.packages.filter((p) => p.problem !== null)
  const shown = day.findings.filter((f) => day.totals[f.finding] > 0)
  return (
    <>
      <p className="hint">
        As of {day.at.slice(11, 16)}
        {day.cancelled && <strong> · cancelled: the packages not asked are shown from their last answers</strong>}
        {' · '}this dispensary: {day.ownDispensaries.join('; ') || 'not learnt yet (no import of this station confirmed by LucidRetail)'}
        <button type="button" className="no-print" onClick={onExport}>
          Export reconciled CSV
        </button>
      </p>
      <dl className="reconcile-totals" aria-label="Reconciled totals">
        <div>
          <dt>Cases</dt>
          <dd data-testid="reconcile-total-cases">{day.totals.cases}</dd>
        </div>
        {day.findings.map((f) => (
          <div key={f.finding} className={`finding-${f.finding}`}>
            <dt>{f.words}</dt>
            <dd data-testid={`reconcile-total-${f.finding}`}>{day.totals[f.finding]}</dd>
          </div>
        ))}
      </dl>
      {unchecked.length > 0 && (
        <div role="alert" className="reconcile-unchecked">
          <h3>Not checked just now ({unchecked.length})</h3>
          <ul aria-label="Not checked">
            {unchecked.map((p) => (
              <li key={p.packageUid}>
                <span className="mono">{p.packageUid}</span> · {p.problem} · {p.answerAt ? `last answer ${age(p.answerAgeMs)}` : 'no answer at all'}
              </li>
            ))}
          </ul>
        </div>
      )}
      {shown.map((f) => (
        <FindingList key={f.finding} day={day} finding={f.finding} title={f.words} />
      ))}
      {day.cases.length === 0 && <p className="hint">No package was on the manifest loaded this day or scanned here.</p>}
      <h3>Per package</h3>
      <div className="reconcile-scroll">
        <table className="review-table compact" aria-label="Reconciled packages">
          <thead>
            <tr>
              <th>Package UID</th>
              <th>Product</th>
              <th>Expected</th>
              {shown.map((f) => <th key={f.finding} title={f.words}>{f.words}</th>)}
              <th>Answer</th>
            </tr>
          </thead>
          <tbody>
            {day.packages.map((p) => (
              <tr key={p.packageUid}>
                <td className="mono">{p.packageUid}</td>
                <td>{p.productName ?? '(not on the manifest)'}</td>
                <td>{p.expected}</td>
                {shown.map((f) => <td key={f.finding}>{p.counts[f.finding] || ''}</td>)}
                <td className="nowrap">{age(p.answerAgeMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

function FindingList({ day, finding, title }: { day: ReconciledDay; finding: ReconcileFinding; title: string }) {
  const cases = day.cases.filter((c) => c.finding === finding)
  return (
    <div className={`reconcile-finding finding-${finding}`}>
      <h3>
        {title} ({cases.length})
      </h3>
      <table className="review-table compact" aria-label={title}>
        <thead>
          <tr>
            <th>Package UID</th>
            <th>Product</th>
            <th>CaseID</th>
            <th>LucidRetail and this station</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={`${c.packageUid}|${c.caseUuid}`}>
              <td className="mono">{c.packageUid}</td>
              <td>{c.productName ?? ''}{!c.expected && <span className="hint"> (not on the manifest)</span>}</td>
              <td className="mono">{c.caseUuid}</td>
              <td className="message">{c.words}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
