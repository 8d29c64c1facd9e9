import { useRef } from 'react'
import { station } from '../bridge/bridge'
import { useStation } from '../state/store'

export async function loadManifestFile(file: File): Promise<void> {
  const { run, showFeedback, refreshManifest } = useStation.getState()
  const answer = await run(async () => station.loadManifest({ csv: await file.text() }))
  if (!answer) return
  if (answer.ok) {
    showFeedback({ message: `Manifest loaded: ${answer.packages} packages, ${answer.rows} rows.`, tone: 'accepted' })
    await refreshManifest()
  } else {
    const first = answer.errors.slice(0, 3).map((e) => `line ${e.line}, ${e.column}: ${e.message}`).join('; ')
    const more = answer.errors.length > 3 ? ` (and ${answer.errors.length - 3} more)` : ''
    showFeedback({ message: `Manifest not loaded, nothing changed. ${first}${more}`, tone: 'refused' })
  }
}

export function ManifestPanel() {
  const packages = useStation((s) => s.manifest)
  const active = useStation((s) => s.activePackageUid)
  const input = useRef<HTMLInputElement>(null)
  return (
    <section className="panel" aria-labelledby="manifest-title">
      <h2 id="manifest-title">Expected today</h2>
      <label className="file-button">
        Load manifest<kbd>F3</kbd>
        <input
          ref={input}
          id="manifest-input"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.target.files?.[0]
            if (file) void loadManifestFile(file)
            event.target.value = ''
          }}
        />
      </label>
      {packages.length === 0 ? (
        <p className="hint">No manifest loaded. Load the CSV from the back office, or drop it on the window.</p>
      ) : (
        <ul className="packages" aria-label="Expected packages">
          {packages.map((p) => (
            <li key={p.packageUid} className={p.packageUid === active ? 'active' : ''}>
              <span className="mono">{p.packageUid}</span> <span>{p.productName}</span>{' '}
              <span className={p.importedCases >= p.expectedCases && p.expectedCases > 0 ? 'tone-accepted' : ''}>
                {p.importedCases} / {p.expectedCases} cases
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
