// The first-run welcome: what the station does in three lines, a start on the built-in sandbox's
// demo data, and the way to the LucidRetail credentials when the manager is ready. Shown only while
// the station says so (AppInfo.showWelcome: a fresh station on the built-in sandbox whose welcome is
// not done), as a screen of its own in place of receiving (App), one thing at a time: the demo asks
// who is on shift first (the demo's scans record the operator), and "who is on shift" is asked at
// start only once the welcome is done (state/start.ts). A package scanned meanwhile ends the welcome
// and shows the receiving screen with it.
import { useEffect, useState } from 'react'
import { station } from '../bridge/bridge'
import { useStation } from '../state/store'
import { useReceiving } from '../receiving/state'
import './welcome.css'

type Step = { kind: 'intro' } | { kind: 'demo'; packageUids: string[]; packages: number } | { kind: 'connect' }

/** Loads the demo manifest and says which packages to try. */
async function loadDemo(): Promise<Step> {
  const loaded = await station.loadDemoData({})
  await useReceiving.getState().refreshManifest()
  return { kind: 'demo', packageUids: loaded.packageUids, packages: loaded.packages }
}

/** Resolves once someone is on shift, asking "who is on shift" when nobody is. */
function operatorOnShift(): Promise<void> {
  return new Promise((resolve) => {
    if (useStation.getState().info?.operator) return resolve()
    useStation.getState().openDialog({ kind: 'operator' })
    const stop = useStation.subscribe((state) => {
      if (!state.info?.operator) return
      stop()
      resolve()
    })
  })
}

async function finish(): Promise<void> {
  await station.setAppPreferences({ welcomeDone: true })
  useStation.setState({ info: await station.getAppInfo({}) })
}

export function Welcome({ onConnect }: { onConnect: () => void }) {
  const activePackageUid = useReceiving((s) => s.activePackageUid)
  const [step, setStep] = useState<Step>({ kind: 'intro' })
  const run = useStation.getState().run
  const close = () => void run(finish)
  const tryDemo = () =>
    void run(async () => {
      await operatorOnShift()
      setStep(await loadDemo())
    })

  // A package scanned during the welcome: the work comes first, so the receiving screen shows it.
  useEffect(() => {
    if (activePackageUid) void useStation.getState().run(finish)
  }, [activePackageUid])

  const connect = () =>
    void run(async () => {
      await finish()
      onConnect()
    })

  return (
    <main className="welcome-screen">
      <section className="welcome panel" aria-labelledby="welcome-title" data-testid="welcome">
        {step.kind === 'intro' && (
          <>
            <h2 id="welcome-title">Welcome</h2>
            <p>This is what the station does:</p>
            <ol className="welcome-lines">
              <li>Scan a package&apos;s Metrc tag, then the CaseID QR code on each of its cases: the station imports every case into that package in your LucidRetail inventory.</li>
              <li>Each scan is saved on this computer before the screen says &ldquo;queued&rdquo;, so receiving goes on when the network does not: the station sends it as soon as it can.</li>
              <li>At the end of the day the review (F7) shows what was imported, by whom, what failed and why, and gives a CSV for the back office.</li>
            </ol>
            <p className="hint">
              For now the station talks to its built-in sandbox: a practice LucidRetail with demo packages. Nothing you do here reaches your real inventory.
            </p>
            <div className="actions">
              <button className="primary" type="button" onClick={tryDemo}>Try it with demo data</button>
              <button type="button" onClick={() => setStep({ kind: 'connect' })}>Connect to LucidRetail</button>
              <button type="button" onClick={close}>Not now</button>
            </div>
          </>
        )}
        {step.kind === 'demo' && (
          <>
            <h2 id="welcome-title">Demo data loaded</h2>
            <p>
              The day&apos;s manifest now lists {step.packages} demo packages. Scan one of these Package UIDs (or press <kbd>F2</kbd> and type it), then scan or
              import its cases:
            </p>
            <ul className="welcome-uids">
              {step.packageUids.slice(0, 4).map((uid) => (
                <li key={uid} className="mono">{uid}</li>
              ))}
            </ul>
            <p className="hint">When you are ready for real deliveries, connect the station to LucidRetail (Settings, F9).</p>
            <div className="actions">
              <button className="primary" type="button" onClick={close}>Start receiving</button>
              <button type="button" onClick={() => setStep({ kind: 'connect' })}>Connect to LucidRetail</button>
            </div>
          </>
        )}
        {step.kind === 'connect' && (
          <>
            <h2 id="welcome-title">Connect to LucidRetail</h2>
            <ol className="welcome-lines">
              <li>Ask LucidRetail for your dispensary&apos;s API client id and client secret (the CaseIDs API).</li>
              <li>In Settings, under API, choose &ldquo;LucidRetail test&rdquo; to try it first, or &ldquo;LucidRetail production&rdquo; for real deliveries.</li>
              <li>Enter the client id and secret and save: the banner disappears and the top bar says &ldquo;Online&rdquo; once LucidRetail answers.</li>
            </ol>
            <p className="hint">The secret stays on this computer; the station never shows it again.</p>
            <div className="actions">
              <button className="primary" type="button" onClick={connect}>Open the API settings</button>
              <button type="button" onClick={() => setStep({ kind: 'intro' })}>Back</button>
            </div>
          </>
        )}
      </section>
    </main>
  )
}
