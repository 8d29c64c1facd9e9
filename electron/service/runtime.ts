// A running station for one host (desktop app or browser host): the core opened on a data folder,
// the built-in sandbox when the settings ask for it, the worker, the bridge calls and the events.
import { mkdirSync } from 'node:fs'
import type { AppInfo, StationEvent } from '../contract'
import { openStation, type Station } from '../core/station'
import { startBuiltinSandbox } from '../sandbox'
import { createDispatch, type Dispatch } from './dispatch'
import { createHandlers } from './handlers'
import { StationEvents } from './events'

export interface StationRuntime {
  dispatch: Dispatch
  subscribe(listener: (event: StationEvent) => void): () => void
  info(): AppInfo
  close(): Promise<void>
}

export interface RuntimeOptions {
  dataDir: string
  host: 'desktop' | 'browser'
  version: string
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
}

type BuiltinSandbox = Awaited<ReturnType<typeof startBuiltinSandbox>>

export const LUCIDRETAIL_HOSTS = { test: 'https://retail-test.lucidgreen.io', production: 'https://retail.lucidgreen.io' } as const

export function apiMode(apiUrl: string): AppInfo['api']['mode'] {
  if (apiUrl === 'builtin') return 'builtin'
  const normalised = apiUrl.replace(/\/+$/, '')
  if (normalised === LUCIDRETAIL_HOSTS.test) return 'test'
  if (normalised === LUCIDRETAIL_HOSTS.production) return 'production'
  return 'custom'
}

export async function startStationRuntime(options: RuntimeOptions): Promise<StationRuntime> {
  const log = options.log ?? ((level, message, fields) => process.stderr.write(`[${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`))
  mkdirSync(options.dataDir, { recursive: true })

  let sandbox: BuiltinSandbox | null = null
  let station: Station
  const events = new StationEvents(log)

  async function open(): Promise<Station> {
    // The built-in sandbox runs only while the settings point at it.
    const probe = openStation({ dataDir: options.dataDir, log })
    const wantsSandbox = probe.getSettings().apiUrl === 'builtin'
    await probe.close()
    if (wantsSandbox && !sandbox) sandbox = await startBuiltinSandbox(options.dataDir)
    if (!wantsSandbox && sandbox) {
      await sandbox.stop()
      sandbox = null
    }
    const opened = openStation({
      dataDir: options.dataDir,
      log,
      ...(sandbox ? { builtinApi: { url: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret } } : {})
    })
    events.attach(opened, info)
    opened.startWorker()
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
      sandbox: mode === 'builtin'
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
  const handlers = createHandlers({ station: () => station, info, reopen, hasBuiltinSandbox: () => sandbox !== null })
  const dispatch = createDispatch(handlers, (name, error) => log('error', `bridge call ${name} failed`, { error: error instanceof Error ? error.message : String(error) }))

  return {
    dispatch,
    subscribe: (listener) => events.subscribe(listener),
    info,
    async close() {
      events.detach()
      await station.close()
      if (sandbox) await sandbox.stop()
      sandbox = null
    }
  }
}
