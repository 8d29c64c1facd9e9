import type { CaseStatusWord } from '../../../electron/contract'
import { useStation } from '../state/store'
import { useReceiving } from './state'
import { caseDetails, lookupAge } from '../components/words.std'

const STATUS_CLASS: Record<CaseStatusWord, string> = {
  'Not imported': 'status-not-imported',
  Queued: 'tone-duplicate',
  Sending: 'tone-duplicate',
  Imported: 'tone-accepted',
  'Imported elsewhere': 'tone-refused',
  Failed: 'tone-refused'
}

/** The active package: its manifest row and one row per CaseID with exactly one status word. */
export function PackagePanel() {
  const packageUid = useReceiving((s) => s.activePackageUid)
  const manifest = useReceiving((s) => s.activeManifest)
  const lookup = useReceiving((s) => s.lookup)
  const openDialog = useStation((s) => s.openDialog)
  if (!packageUid) {
    return (
      <section className="panel package-panel" aria-labelledby="package-title">
        <h2 id="package-title">Receiving</h2>
        <p className="ready">Scan a Package UID (the Metrc tag) to start, then scan each case's CaseID QR code.</p>
        <p className="hint">A damaged label? Type its code with F2.</p>
      </section>
    )
  }
  const notImported = lookup?.cases.filter((c) => c.status === 'Not imported').length ?? 0
  return (
    <section className="panel package-panel" aria-labelledby="package-title">
      <h2 id="package-title">
        Receiving <span className="mono" data-testid="active-package">{packageUid}</span>
      </h2>
      <dl className="manifest-row" data-testid="package-details">
        <dt>Product</dt>
        <dd>{manifest?.productName || '—'}</dd>
        <dt>SKU</dt>
        <dd>{manifest?.sku || '—'}</dd>
        <dt>POS product</dt>
        <dd className="mono">{manifest?.posProductId ?? 'not known'}</dd>
        <dt>POS inventory</dt>
        <dd className="mono">{manifest?.posInventoryId ?? 'not known'}</dd>
      </dl>
      <p className={`lookup-age ${lookup?.stale ? 'tone-duplicate' : 'hint'}`} data-testid="lookup-age">
        {manifest && !manifest.onManifest ? 'Entered by hand (not on the manifest). ' : ''}
        {lookupAge(lookup)}
      </p>
      <div className="cases-scroll">
        <table className="cases" aria-label={`CaseIDs of ${packageUid}`}>
          <thead>
            <tr>
              <th scope="col">CaseID</th>
              <th scope="col">Status</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {lookup?.cases.map((c) => (
              <tr key={c.caseUuid} data-case={c.caseUuid} data-status={c.status}>
                <td className="mono">{c.caseUuid}</td>
                <td className={`status ${STATUS_CLASS[c.status]}`}>{c.status}</td>
                <td className="details" title={caseDetails(c)}>{caseDetails(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {lookup && lookup.cases.length === 0 && <p className="hint">No CaseIDs known for this package yet: scan its cases.</p>}
      </div>
      <div className="actions">
        <button type="button" disabled={notImported === 0} onClick={() => openDialog({ kind: 'confirm-import-all', packageUid, count: notImported })}>
          Import all not imported ({notImported})<kbd>F4</kbd>
        </button>
      </div>
    </section>
  )
}
