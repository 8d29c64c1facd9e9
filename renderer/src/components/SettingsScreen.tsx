// The Settings screen: one section per subject, each saved on its own. App.tsx lists the sections
// (SETTINGS_SECTIONS), so another part adds one there without touching this file.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react'
import { API_NAMES, API_PRESETS, BUILTIN_API, type PublicSettings, type ScannerOptions, type SettingsPatch, type Theme } from '../../../electron/contract'
import { SCANNER_OPTION_WORDS } from '../../../electron/shared/preferences.std'
import { station } from '../bridge/bridge'
import { setSoundsMuted, soundsMuted } from '../feedback/sounds'
import { useStation } from '../state/store'
import { ApiSwitchQuestion, type PendingApiSwitch } from './ApiSwitchQuestion'
import { ChoiceSelect } from './ChoiceSelect'

export interface SettingsSection {
  id: string
  title: string
  render: () => ReactNode
}

export function SettingsScreen({ sections }: { sections: SettingsSection[] }) {
  const showScreen = useStation((s) => s.showScreen)
  return (
    <main className="settings-screen" aria-labelledby="settings-title">
      <div className="settings-head">
        <h2 id="settings-title">Settings</h2>
        <button type="button" onClick={() => showScreen('receiving')}>
          Back to receiving<kbd>F1</kbd>
        </button>
      </div>
      <div className="settings-sections">
        {sections.map((section) => (
          <SectionFrame key={section.id} id={section.id} title={section.title}>
            {section.render()}
          </SectionFrame>
        ))}
      </div>
    </main>
  )
}

function SectionFrame(props: { id: string; title: string; children: ReactNode }) {
  const titleId = useId()
  return (
    <section className="panel settings-section" aria-labelledby={titleId} data-section={props.id}>
      <h3 id={titleId}>{props.title}</h3>
      {props.children}
    </section>
  )
}

function onSubmit(handler: () => void) {
  return (event: FormEvent) => {
    event.preventDefault()
    handler()
  }
}

/**
 * The settings as the station keeps them, loaded when a section opens, and a version that changes
 * on every save: the section's form is keyed by it, so a save gives fresh fields (and an empty secret).
 */
function useSettings(): [PublicSettings | null, (s: PublicSettings) => void, number] {
  const [settings, setLoaded] = useState<PublicSettings | null>(null)
  const [version, setVersion] = useState(0)
  const setSettings = (next: PublicSettings) => {
    setLoaded(next)
    setVersion((v) => v + 1)
  }
  useEffect(() => {
    let live = true
    void useStation.getState().run(async () => {
      const loaded = await station.getSettings({})
      if (live) setLoaded(loaded)
    })
    return () => {
      live = false
    }
  }, [])
  return [settings, setSettings, version]
}

async function saved(message: string): Promise<void> {
  useStation.setState({ info: await station.getAppInfo({}) })
  useStation.getState().showFeedback({ message, tone: 'info' })
}

export const API_CHOICES = [
  { value: BUILTIN_API, label: `${API_NAMES.builtin} (demo data)` },
  { value: API_PRESETS.test, label: API_NAMES.test },
  { value: API_PRESETS.production, label: API_NAMES.production },
  { value: 'custom', label: 'Custom URL' }
] as const

export function ApiSettings() {
  const [settings, setSettings, version] = useSettings()
  if (!settings) return <p className="hint">Loading…</p>
  return <ApiForm key={version} settings={settings} onSaved={setSettings} />
}

function ApiForm({ settings, onSaved: setSettings }: { settings: PublicSettings; onSaved: (s: PublicSettings) => void }) {
  const known = API_CHOICES.some((c) => c.value === settings.apiUrl)
  const [form, setForm] = useState({ api: known ? settings.apiUrl : 'custom', customUrl: known ? '' : settings.apiUrl, clientId: settings.clientId, clientSecret: '' })
  // A change of API that would leave operations unsent: asked before anything is saved.
  const [question, setQuestion] = useState<(PendingApiSwitch & { patch: SettingsPatch }) | null>(null)
  const commit = (patch: SettingsPatch, unsent?: { keep: true } | { discard: string; shown: number }) =>
    void useStation.getState().run(async () => {
      const next = await station.setSettings({ ...patch, ...(unsent ? { unsent } : {}) }).catch(async (error: unknown) => {
        // Refused (e.g. a scan queued another operation while the question was shown): the question shows the count now.
        const { apiSwitch } = await station.checkApiSwitch(patch)
        setQuestion(apiSwitch && apiSwitch.unsent > 0 ? { ...apiSwitch, patch } : null)
        throw error
      })
      setQuestion(null)
      await saved(`Settings saved: API, now ${next.apiName}.`)
      setSettings(next) // a new form: the secret field is cleared, the page keeps it no longer than needed
    })
  const save = () =>
    void useStation.getState().run(async () => {
      const apiUrl = form.api === 'custom' ? form.customUrl.trim() : form.api
      const patch: SettingsPatch = {
        apiUrl,
        ...(form.api !== 'builtin' ? { clientId: form.clientId.trim() } : {}),
        ...(form.api !== 'builtin' && form.clientSecret !== '' ? { clientSecret: form.clientSecret } : {})
      }
      const { apiSwitch } = await station.checkApiSwitch(patch)
      if (apiSwitch && apiSwitch.unsent > 0) setQuestion({ ...apiSwitch, patch })
      else commit(patch)
    })
  if (question)
    return (
      <ApiSwitchQuestion
        change={question}
        onKeep={() => commit(question.patch, { keep: true })}
        onDiscard={(reason) => commit(question.patch, { discard: reason, shown: question.unsent })}
        onCancel={() => setQuestion(null)}
      />
    )
  return (
    <form onSubmit={onSubmit(save)} className="settings-form">
      <ChoiceSelect<string> label="LucidRetail API" value={form.api} choices={API_CHOICES} onChange={(api) => setForm({ ...form, api: api ?? form.api })} />
      {form.api === 'custom' && (
        <label>
          API URL (https, or http on this computer)
          <input value={form.customUrl} onChange={(e) => setForm({ ...form, customUrl: e.target.value })} required placeholder="https://…" />
        </label>
      )}
      {form.api === 'builtin' ? (
        <p className="hint">The built-in sandbox needs no credentials. Nothing reaches LucidRetail.</p>
      ) : (
        <>
          <label>
            Client id
            <input value={form.clientId} onChange={(e) => setForm({ ...form, clientId: e.target.value })} autoComplete="off" spellCheck={false} />
          </label>
          <label>
            Client secret
            <input
              type="password"
              value={form.clientSecret}
              placeholder={settings.hasClientSecret ? 'Saved (type to replace)' : 'Not set'}
              onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
              autoComplete="new-password"
            />
          </label>
          <p className="hint">The secret is kept by the station, never shown again.</p>
        </>
      )}
      <button className="primary" type="submit">
        Save API settings
      </button>
      <ConnectionTest />
    </form>
  )
}

/** "Test connection": the station checks the API now (token + one cheap call); the answer shows in its own words. */
function ConnectionTest() {
  const connection = useStation((s) => s.queue?.connection)
  const [testing, setTesting] = useState(false)
  const test = () => {
    setTesting(true)
    void useStation
      .getState()
      .run(() => station.testConnection({}))
      .finally(() => setTesting(false))
  }
  return (
    <div className="connection-test">
      <button type="button" onClick={test} disabled={testing}>
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      <p className="hint" aria-live="polite" data-testid="connection-detail">
        {connection?.message ?? 'Starting…'}
      </p>
    </div>
  )
}

export function StationSettings() {
  const [settings, setSettings, version] = useSettings()
  if (!settings) return <p className="hint">Loading…</p>
  return <StationForm key={version} settings={settings} onSaved={setSettings} />
}

function StationForm({ settings, onSaved }: { settings: PublicSettings; onSaved: (s: PublicSettings) => void }) {
  const [form, setForm] = useState({ stationName: settings.stationName, operator: settings.operator })
  const save = () =>
    void useStation.getState().run(async () => {
      const next = await station.setSettings({ stationName: form.stationName.trim(), operator: form.operator.trim() })
      await saved('Settings saved: station and operator.')
      onSaved(next)
    })
  return (
    <form onSubmit={onSubmit(save)} className="settings-form">
      <label>
        Station name
        <input value={form.stationName} onChange={(e) => setForm({ ...form, stationName: e.target.value })} maxLength={100} />
      </label>
      <label>
        Operator on shift
        <input value={form.operator} onChange={(e) => setForm({ ...form, operator: e.target.value })} maxLength={100} required />
      </label>
      <p className="hint">Recorded on every import and remove. Change it at a shift change with F10.</p>
      <button className="primary" type="submit">
        Save station
      </button>
    </form>
  )
}

const SCANNER_FIELDS: { key: Exclude<keyof ScannerOptions, 'prefixCode'>; label: string; hint: string }[] = [
  { key: 'maxInterKeyMs', label: `${SCANNER_OPTION_WORDS['scanner.maxInterKeyMs']} (ms)`, hint: 'Scanners type a key every 1-50 ms; Bluetooth scanners send in packets up to 100 ms apart. A slow burst is a scan only when it ends with Enter or Tab.' },
  { key: 'pauseEndsScanMs', label: `${SCANNER_OPTION_WORDS['scanner.pauseEndsScanMs']} (ms)`, hint: 'For scanners set to send no Enter or Tab after the code.' },
  { key: 'repeatIgnoreMs', label: `${SCANNER_OPTION_WORDS['scanner.repeatIgnoreMs']} (ms)`, hint: 'A double read of one label is not sent twice.' }
]

export function ScannerSettings() {
  const scanner = useStation((s) => s.preferences.scanner)
  return <ScannerForm key={JSON.stringify(scanner)} scanner={scanner} />
}

function ScannerForm({ scanner }: { scanner: ScannerOptions }) {
  const [form, setForm] = useState(() => toScannerForm(scanner))
  const save = () =>
    void useStation.getState().run(async () => {
      const next = await station.setReceivingPreferences({
        scanner: {
          maxInterKeyMs: Number(form.maxInterKeyMs),
          pauseEndsScanMs: Number(form.pauseEndsScanMs),
          repeatIgnoreMs: Number(form.repeatIgnoreMs),
          prefixCode: form.prefixCode.trim() === '' ? null : form.prefixCode.trim()
        }
      })
      useStation.setState({ preferences: next })
      useStation.getState().showFeedback({ message: 'Settings saved: scanner.', tone: 'info' })
    })
  return (
    <form onSubmit={onSubmit(save)} className="settings-form">
      {SCANNER_FIELDS.map((field) => (
        <label key={field.key}>
          {field.label}
          <input type="number" inputMode="numeric" value={form[field.key]} onChange={(e) => setForm({ ...form, [field.key]: e.target.value })} required />
          <span className="hint">{field.hint}</span>
        </label>
      ))}
      <label>
        {SCANNER_OPTION_WORDS['scanner.prefixCode']} the scanner sends first (key code, e.g. F13; empty for none)
        <input value={form.prefixCode} onChange={(e) => setForm({ ...form, prefixCode: e.target.value })} spellCheck={false} maxLength={32} />
      </label>
      <button className="primary" type="submit">
        Save scanner settings
      </button>
    </form>
  )
}

function toScannerForm(options: ScannerOptions) {
  return {
    maxInterKeyMs: String(options.maxInterKeyMs),
    pauseEndsScanMs: String(options.pauseEndsScanMs),
    repeatIgnoreMs: String(options.repeatIgnoreMs),
    prefixCode: options.prefixCode ?? ''
  }
}

const THEMES: { value: Theme; label: string }[] = [
  { value: 'system', label: 'As the computer (light or dark)' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

export function DisplaySettings() {
  const themeValue = useStation((s) => s.preferences.theme)
  const [muted, setMuted] = useState(soundsMuted)
  const setTheme = (theme: Theme) =>
    void useStation.getState().run(async () => {
      useStation.setState({ preferences: await station.setReceivingPreferences({ theme }) })
    })
  return (
    <div className="settings-form">
      <ChoiceSelect label="Theme" value={themeValue} choices={THEMES} onChange={(theme) => {
          if (theme) setTheme(theme)
        }} />
      <label className="check">
        <input
          type="checkbox"
          checked={muted}
          onChange={(e) => {
            setSoundsMuted(e.target.checked)
            setMuted(e.target.checked)
          }}
        />
        Mute the scan sounds on this computer
      </label>
    </div>
  )
}
