import { useEffect, useState } from 'react'
import type { AppInfo } from '../../electron/contract'
import { station } from './bridge/bridge'

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    station.getAppInfo({}).then(setInfo, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
    return station.onEvent((event) => {
      if (event.type === 'info') setInfo(event.info)
    })
  }, [])

  return (
    <>
      {info?.sandbox && <div className="banner">Built-in sandbox API: demo data, nothing reaches LucidRetail.</div>}
      <header className="topbar">
        <h1>CaseID Station</h1>
        <span>{info?.stationName}</span>
        <span className="spacer" />
        <span>{info ? `Operator: ${info.operator || '(none)'}` : ''}</span>
      </header>
      {error && <p role="alert">{error}</p>}
      <main>
        <section className="panel" aria-labelledby="receiving-title">
          <h2 id="receiving-title">Receiving</h2>
          <p>Scan a Package UID to start.</p>
        </section>
      </main>
    </>
  )
}
