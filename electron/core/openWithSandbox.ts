// Opening a station on its data folder with the built-in sandbox running exactly when its settings
// point at it: the one sequence of the hosts (service/runtime.ts) and the command line (cli/context.ts).
// The core shares no code with the sandbox, so the caller says how to start and stop it.
import type { PublicSettings } from './types'
import { openStation, type Station, type StationOptions } from './station'

/** What the station needs of the running built-in sandbox. */
export interface BuiltinApi {
  url: string
  clientId: string
  clientSecret: string
}

export interface BuiltinSandboxControl {
  /** Whether this opening runs the sandbox, given the settings (the command line: only for commands that use the network). */
  wanted(settings: PublicSettings): boolean
  /** Starts it, or gives the one running. */
  start(): Promise<BuiltinApi>
  /** Stops it if it runs. */
  stop(): Promise<void>
}

/**
 * Opens the station to read its settings (this open checks the database file). Sandbox wanted: closes
 * it, starts the sandbox and opens again pointed at it, without a second check. Else stops a running
 * sandbox and gives the station as first opened.
 */
export async function openWithSandbox(options: StationOptions, sandbox: BuiltinSandboxControl): Promise<Station> {
  const probe = openStation(options)
  if (!sandbox.wanted(probe.getSettings())) {
    await sandbox.stop()
    return probe
  }
  await probe.close()
  const running = await sandbox.start()
  const builtinApi = { url: running.url, clientId: running.clientId, clientSecret: running.clientSecret }
  return openStation({ ...options, builtinApi, database: { ...options.database, quickCheck: false } })
}
