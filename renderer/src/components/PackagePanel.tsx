import type { CaseStatusWord } from '../../../electron/contract'
import { useStation } from '../state/store'
import { formatClock } from './format'

const STATUS_CLASS: Record<CaseStatusWord, string> = {
  'Not imported': '',
  Queued: 'tone-duplicate',
  Sending: 'tone-duplicate',
  Imported: 'tone-accepted',
  'Imported elsewhere': 'tone-refused',
  Failed: 'tone-refused'
}

/** The active package: its manifest row and one row per CaseID with exactly one status word. */
export function PackagePanel() {
  const packageUid = useStation((s) => s.activePackageUid)
  const manifest = useStation((s) => s.activeManifest)
  const lookup = useStation((s) => s.lookup)
  const openDialog = useStation((s) => s.openDialog)
  if (!packageUid) {
    return (
      <section className="panel" aria-labelledby="package-title">
        <h2 id="package-title">Receiving</h2>
        <p className="hint">Scan a Package UID (the Metrc tag) to start. Then scan each case's CaseID QR code.</p>
      </section>
    )
  }
  const notImported = lookup?.cases.filter((c) => c.status === 'Not imported').length ?? 0
  return (
    <section className="panel" aria-labelledby="package-title">
      <h2 id="package-title">
        Receiving <span className="mono" data-testid="active-package">{packageUid}</span>
      </h2>
      {manifest ? (
        <dl className="manifest-row" data-testid="package-details">
          <dt>Product</dt>
          <dd>{manifest.productName || '—'}</dd>
          <dt>SKU</dt>
          <dd>{manifest.sku || '—'}</dd>
          <dt>POS product</dt>
          <dd className="mono">{manifest.posProductId}</dd>
          <dt>POS inventory</dt>
          <dd className="mono">{manifest.posInventoryId}</dd>
        </dl>
      ) : (
        <p className="hint">Not on the manifest.</p>
      )}
      <p className="hint" data-testid="lookup-age">
        {lookup === null
          ? 'Looking up its CaseIDs…'
          : lookup.stale
            ? `As of ${lookup.fetchedAt ? formatClock(lookup.fetchedAt) : 'never'}, offline${lookup.error ? `: ${lookup.error}` : ''}`
            : lookup.fetchedAt
              ? `Live answer at ${formatClock(lookup.fetchedAt)}`
              : ''}
      </p>
      <table className="cases">
        <thead>
          <tr>
            <th scope="col">CaseID</th>
            <th scope="col">Status</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {lookup?.cases.map((c) => (
            <tr key={c.caseUuid} data-case={c.caseUuid}>
              <td className="mono">{c.caseUuid}</td>
              <td className={`status ${STATUS_CLASS[c.status]}`}>{c.status}</td>
              <td>{c.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {lookup && lookup.cases.length === 0 && <p className="hint">No CaseIDs known for this package yet.</p>}
      <div className="actions">
        <button type="button" disabled={notImported === 0} onClick={() => openDialog({ kind: 'confirm-import-all', packageUid, count: notImported })}>
          Import all not imported ({notImported})<kbd>F4</kbd>
        </button>
      </div>
    </section>
  )
}
