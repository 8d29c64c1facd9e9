// A running station for one host (desktop app or browser host): the core opened on a data folder,
// the built-in sandbox when the settings ask for it, the worker, the bridge calls and the events.
import type { AppInfo, StationEvent } from '../contract'
import { prepareDataDir } from '../core/dataDir'
import { LogFile } from '../core/log/logFile'
import { redact, redactFields } from '../core/log/redact.std'
import { readAppPreferences } from '../core/preferences'
import { FileSecretStore } from '../core/settings/secretStore'
import { openWithSandbox } from '../core/openWithSandbox'
import { LastScans, type SecretStore, type Station } from '../core/station'
import { API_PRESETS } from '../core/settings/url.std'
import { startBuiltinSandbox } from '../sandbox'
import { createDispatch, type Dispatch } from './dispatch'
import { createHandlers } from './handlers'
import { queueView, StationEvents } from './events'
import { describePlatform } from './diagnostics'
import { createSupportHandlers } from './support'
import { UpdateChecker, type UpdaterPort } from './updates'

export interface StationRuntime {
  dispatch: Dispatch
  subscribe(listener: (event: StationEvent) => void): () => void
  info(): AppInfo
  /** The station's log: the rotating file in the data folder (redacted) and the host's output. */
  log: NonNullable<RuntimeOptions['log']>
  close(): Promise<void>
}

export interface RuntimeOptions {
  dataDir: string
  host: 'desktop' | 'browser'
  version: string
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
  /** What only the desktop app can do; absent in the browser host. */
  desktop?: DesktopIntegration
  /** Where the client secret is kept, given the station's log (the desktop app: the OS keyring); default the owner-only file. */
  secretStore?: (log: NonNullable<RuntimeOptions['log']>) => SecretStore
}

export interface DesktopIntegration {
  /** Opens a folder in the OS file manager; resolves to '' or an error message (shell.openPath). */
  openFolder(path: string): Promise<string>
  /** electron-updater behind the UpdaterPort, given the station's log; null when this copy cannot update itself. */
  updater: (log: NonNullable<RuntimeOptions['log']>) => UpdaterPort | null
  /** Saves the page as printed (the review's day report) to a PDF the user places (webContents.printToPDF). */
  savePagePdf?: (suggestedName: string) => Promise<{ saved: boolean; file: string | null }>
}

/** The client secret as stored now, for redaction only (it never leaves this process otherwise). */
function storedSecret(store: SecretStore | null): string | null {
  try {
    return store?.read() ?? null
  } catch {
    return null
  }
}

type BuiltinSandbox = Awaited<ReturnType<typeof startBuiltinSandbox>>

/** Which API the station points at, as the page names it. */
export function apiMode(apiUrl: string): AppInfo['api']['mode'] {
  if (apiUrl === 'builtin') return 'builtin'
  const normalised = apiUrl.replace(/\/+$/, '')
  if (normalised === API_PRESETS.test) return 'test'
  if (normalised === API_PRESETS.production) return 'production'
  return 'custom'
}

export async function startStationRuntime(options: RuntimeOptions): Promise<StationRuntime> {
  prepareDataDir(options.dataDir) // before the log: a folder that cannot be used is said in words
  // Set once the log exists: the desktop's store logs where it keeps the secret.
  let secretStore: SecretStore | null = null
  const secrets = (): (string | null)[] => [storedSecret(secretStore)]
  // Every entry goes to the rotating log file in the data folder (redacted there) and to the host's own output.
  const logFile = new LogFile({ dataDir: options.dataDir, secrets })
  const hostLog = options.log ?? ((level, message, fields) => process.stderr.write(`[${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`))
  const log: NonNullable<RuntimeOptions['log']> = (level, message, fields) => {
    const known = secrets() // read once per entry, for the file and the host's output
    logFile.write(level, message, fields, known)
    hostLog(level, redact(message, known), fields ? redactFields(fields, known) : undefined)
  }
  log('info', 'station starting', { version: options.version, host: options.host, dataDir: options.dataDir })
  const store = options.secretStore?.(log) ?? new FileSecretStore(options.dataDir)
  secretStore = store

  let sandbox: BuiltinSandbox | null = null
  let station: Station
  const events = new StationEvents(log)
  const updates = new UpdateChecker({
    port: options.desktop?.updater(log) ?? null,
    unsupportedMessage: options.desktop ? 'This copy runs from the project folder (npm start), not from an installer: it does not update itself.' : undefined,
    enabled: () => readAppPreferences(options.dataDir).checkForUpdates,
    log,
    onChange: () => events.emit({ type: 'info', info: info() })
  })
  const platform = describePlatform()
  // The pages' "undo last scan" memory outlives a reopen of the station (a switch to or from the built-in sandbox).
  const lastScans = new LastScans()

  async function open(): Promise<Station> {
    // The built-in sandbox runs only while the settings point at it.
    const opened = await openWithSandbox(
      { dataDir: options.dataDir, log, secretStore: store, lastScans },
      {
        wanted: (settings) => settings.apiUrl === 'builtin',
        start: async () => (sandbox ??= await startBuiltinSandbox(options.dataDir)),
        stop: async () => {
          await sandbox?.stop()
          sandbox = null
        }
      }
    )
    events.attach(opened, info)
    opened.startWorker()
    opened.startConnectionMonitor()
    return opened
  }

  function info(): AppInfo {
    const settings = station.getSettings()
    const mode = apiMode(settings.apiUrl)
    return {
      version: options.version,
      host: options.host,
      dataDir: options.dataDir,
      stationName: settings.stationName,
      operator: settings.operator,
      api: { mode, url: mode === 'builtin' ? (sandbox?.url ?? 'builtin') : settings.apiUrl },
      sandbox: mode === 'builtin',
      platform,
      // A station already pointed at LucidRetail never sees the welcome, even without the preference set.
      showWelcome: !readAppPreferences(options.dataDir).welcomeDone && mode === 'builtin' && settings.clientId === '',
      updates: updates.status()
    }
  }

  /** A change of API may start or stop the built-in sandbox: the station is reopened on the same folder. */
  async function reopen(): Promise<void> {
    events.detach()
    await station.close()
    station = await open()
    events.emit({ type: 'info', info: info() })
  }

  station = await open()
  const support = createSupportHandlers({
    dataDir: options.dataDir,
    station: () => station,
    info,
    queue: () => queueView(station),
    logFile,
    secrets,
    updates,
    openFolder: options.desktop?.openFolder.bind(options.desktop) ?? null,
    infoChanged: () => events.emit({ type: 'info', info: info() }),
    log
  })
  const handlers = createHandlers({ station: () => station, info, reopen, hasBuiltinSandbox: () => sandbox !== null, support, savePagePdf: options.desktop?.savePagePdf, emit: (event) => events.emit(event) })
  updates.start()
  const dispatch = createDispatch(handlers, (name, error) => log('error', `bridge call ${name} failed`, { error: error instanceof Error ? error.message : String(error) }))

  return {
    dispatch,
    subscribe: (listener) => events.subscribe(listener),
    info,
    log,
    async close() {
      updates.stop()
      events.detach()
      await station.close()
      if (sandbox) await sandbox.stop()
      sandbox = null
    }
  }
}
