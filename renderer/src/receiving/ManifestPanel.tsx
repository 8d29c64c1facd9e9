import { station } from '../bridge/bridge'
import { useFields, useStation } from '../state/store'
import { useReceiving } from './state'
import { describeCsvError } from '../components/words.std'
import { manifestLoadedWords } from '../../../electron/shared/counts.std'

/** The file's bytes as base64: the station detects the encoding (Excel on Windows saves Windows-1252), not the page. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Loads a manifest CSV: every row is checked first; one bad row and nothing is loaded. */
export async function loadManifestFile(file: File): Promise<void> {
  const { run, showFeedback } = useStation.getState()
  const { refreshManifest } = useReceiving.getState()
  const answer = await run(async () => station.loadManifest({ bytes: await base64Of(file) }))
  if (!answer) return
  if (answer.ok) {
    useReceiving.setState({ manifestErrors: null })
    showFeedback({ message: `Manifest loaded: ${manifestLoadedWords(answer)}.`, tone: 'accepted' })
    await refreshManifest()
  } else {
    useReceiving.setState({ manifestErrors: answer.errors })
    const first = answer.errors[0]
    const where = first ? ` ${describeCsvError(first)}` : ''
    const more = answer.errors.length > 1 ? ` (${answer.errors.length} errors, listed under Expected today)` : ''
    showFeedback({ message: `Manifest not loaded, nothing changed.${where}${more}`, tone: 'refused' })
  }
}

/** The packages expected today, with their progress; loading a manifest; preparing for the day. */
export function ManifestPanel() {
  const { manifest: packages, activePackageUid: active, manifestErrors: errors, preparing, prepareForDay } = useFields(
    useReceiving,
    'manifest',
    'activePackageUid',
    'manifestErrors',
    'preparing',
    'prepareForDay'
  )
  return (
    <section className="panel manifest-panel" aria-labelledby="manifest-title">
      <h2 id="manifest-title">Expected today</h2>
      <div className="actions">
        <label className="file-button">
          Load manifest<kbd>F3</kbd>
          <input
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
        <button type="button" disabled={preparing} onClick={() => void prepareForDay()}>
          {preparing ? 'Preparing…' : 'Prepare for the day'}<kbd>F6</kbd>
        </button>
      </div>
      {errors && errors.length > 0 && (
        <div role="alert" className="manifest-errors">
          <strong>Manifest not loaded: fix these rows and load it again.</strong>
          <ul aria-label="Manifest errors">
            {errors.slice(0, 50).map((e, i) => (
              <li key={`${e.line}-${e.column}-${i}`}>{describeCsvError(e)}</li>
            ))}
            {errors.length > 50 && <li>… and {errors.length - 50} more</li>}
          </ul>
        </div>
      )}
      {packages.length === 0 ? (
        <p className="hint">No manifest loaded. Load the CSV from the back office, or drop it on the window.</p>
      ) : (
        <ul className="packages" aria-label="Expected packages">
          {packages.map((p) => {
            const done = p.expectedCases > 0 && p.importedCases >= p.expectedCases
            return (
              <li key={p.packageUid} className={p.packageUid === active ? 'active' : ''} aria-current={p.packageUid === active ? 'true' : undefined}>
                <span className="mono">{p.packageUid}</span>
                <span className="product">{p.productName || (p.onManifest ? '' : 'entered by hand')}</span>
                <span className={`progress ${done ? 'tone-accepted' : ''}`}>{p.progress}</span>
                <progress max={Math.max(1, p.expectedCases)} value={p.importedCases} aria-hidden="true" />
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
