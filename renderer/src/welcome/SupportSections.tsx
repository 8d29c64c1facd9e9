// Settings sections for running the station day to day: its data folder (backup, open, diagnostics)
// and About with the update check. App.tsx adds SUPPORT_SETTINGS_SECTIONS to the Settings screen.
import { useEffect, useState } from 'react'
import { station } from '../bridge/bridge'
import { useStation } from '../state/store'

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The clipboard when the page may use it; otherwise the text is shown to copy by hand. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

export function DataSection() {
  const info = useStation((s) => s.info)
  const [note, setNote] = useState<string | null>(null)
  const [manualCopy, setManualCopy] = useState<string | null>(null)
  const run = useStation.getState().run
  if (!info) return null
  const desktop = info.host === 'desktop'

  const backup = () =>
    void run(async () => {
      setNote('Backing up…')
      const result = await station.backupNow({})
      setNote(`Backup written (${formatBytes(result.bytes)}): ${result.file}`)
    })
  const openFolder = () =>
    void run(async () => {
      const result = await station.openDataFolder({})
      if (result.opened) {
        setNote(null)
        return
      }
      const copied = await copyText(result.path)
      setNote(`${result.message}${copied ? ' The path is copied.' : ''}`)
    })
  const diagnostics = () =>
    void run(async () => {
      const { text } = await station.getDiagnostics({})
      if (await copyText(text)) {
        setManualCopy(null)
        setNote('Diagnostics copied: paste them into your message to support. Secrets are left out.')
      } else {
        setManualCopy(text)
        setNote('Copy the diagnostics below into your message to support. Secrets are left out.')
      }
    })

  return (
    <div className="support-section" data-testid="data-section">
      <p>
        Data folder: <span className="mono path" data-testid="data-folder">{info.dataDir}</span>
      </p>
      <p className="hint">
        The queue, the journal, the manifest and the settings live there, with the logs (logs/) and the backups (backups/). The client secret is in its own
        file there and never in a backup or a log.
      </p>
      <div className="row">
        <button className="primary" type="button" onClick={backup}>Back up now</button>
        <button type="button" onClick={openFolder}>{desktop ? 'Open data folder' : 'Show data folder'}</button>
        <button type="button" onClick={diagnostics}>Copy diagnostics</button>
      </div>
      {note && (
        <p aria-live="polite" data-testid="data-note">
          {note}
        </p>
      )}
      {manualCopy && <textarea readOnly value={manualCopy} aria-label="Diagnostics" data-testid="diagnostics-text" onFocus={(e) => e.currentTarget.select()} />}
    </div>
  )
}

export function AboutSection() {
  const info = useStation((s) => s.info)
  const [automatic, setAutomatic] = useState<boolean | null>(null)
  const run = useStation.getState().run
  useEffect(() => {
    let live = true
    void useStation.getState().run(async () => {
      const preferences = await station.getAppPreferences({})
      if (live) setAutomatic(preferences.checkForUpdates)
    })
    return () => {
      live = false
    }
  }, [])
  if (!info) return null
  const updates = info.updates
  const toggle = (value: boolean) =>
    void run(async () => {
      const saved = await station.setAppPreferences({ checkForUpdates: value })
      setAutomatic(saved.checkForUpdates)
      useStation.setState({ info: await station.getAppInfo({}) })
    })
  const checkNow = () =>
    void run(async () => {
      await station.checkForUpdates({})
      useStation.setState({ info: await station.getAppInfo({}) })
    })

  return (
    <div className="support-section" data-testid="about-section">
      <p>
        <strong>CaseID Station {info.version}</strong> · {info.host === 'desktop' ? 'desktop app' : 'in a browser'}
      </p>
      {info.platform && <p className="hint">{info.platform}</p>}
      <p data-testid="update-status">Updates: {updates?.message ?? 'not available'}</p>
      {updates?.supported && (
        <div className="row">
          <label className="inline">
            <input type="checkbox" checked={automatic ?? updates.enabled} onChange={(e) => toggle(e.target.checked)} /> Check for updates automatically
          </label>
          <button type="button" onClick={checkNow} disabled={updates.state === 'checking'}>Check now</button>
        </div>
      )}
      <p className="hint">Updates download in the background and are installed when the station is closed, never during a delivery.</p>
    </div>
  )
}

export const SUPPORT_SETTINGS_SECTIONS = [
  { id: 'data', title: 'Data, backups and support', render: () => <DataSection /> },
  { id: 'about', title: 'About and updates', render: () => <AboutSection /> }
]
