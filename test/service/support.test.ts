// The support calls through a real station runtime (browser host flavour, and with a desktop
// integration whose folder opener records what it was asked): preferences and the welcome, backup,
// data folder, diagnostics, the log file and its redaction, updates "not applicable".
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppInfo, StationEvent } from '../../electron/contract'
import { startSandbox, DEMO_CLIENT, type RunningSandbox } from '../../electron/sandbox'
import { startStationRuntime, type StationRuntime } from '../../electron/service/runtime'

let dataDir: string
let runtime: StationRuntime | null = null
let sandbox: RunningSandbox | null = null
const hostLines: string[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseid-support-'))
  hostLines.length = 0
})
afterEach(async () => {
  await runtime?.close()
  await sandbox?.stop()
  runtime = null
  sandbox = null
  rmSync(dataDir, { recursive: true, force: true })
})

async function start(desktop?: Parameters<typeof startStationRuntime>[0]['desktop']): Promise<StationRuntime> {
  runtime = await startStationRuntime({
    dataDir,
    host: desktop ? 'desktop' : 'browser',
    version: '9.8.7',
    log: (level, message, fields) => hostLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    ...(desktop ? { desktop } : {})
  })
  return runtime
}

async function call<T>(name: string, payload: unknown = {}): Promise<T> {
  const result = await runtime!.dispatch(name, payload)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

describe('first run and preferences', () => {
  it('shows the welcome on a fresh station until it is done, and says so in an info event', async () => {
    await start()
    expect((await call<AppInfo>('getAppInfo')).showWelcome).toBe(true)
    expect(await call('getAppPreferences')).toEqual({ welcomeDone: false, checkForUpdates: true })
    const events: StationEvent[] = []
    runtime!.subscribe((event) => events.push(event))
    expect(await call('setAppPreferences', { welcomeDone: true })).toEqual({ welcomeDone: true, checkForUpdates: true })
    expect((await call<AppInfo>('getAppInfo')).showWelcome).toBe(false)
    expect(events.some((event) => event.type === 'info' && event.info.showWelcome === false)).toBe(true)
    // The preference lives in the data folder: another host on the same folder sees it.
    await runtime!.close()
    runtime = null
    await start()
    expect((await call<AppInfo>('getAppInfo')).showWelcome).toBe(false)
  })

  it('never shows the welcome on a station already pointed at LucidRetail', async () => {
    sandbox = await startSandbox({ seed: 'demo' })
    await start()
    await call('setSettings', { apiUrl: sandbox.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret })
    expect((await call<AppInfo>('getAppInfo')).showWelcome).toBe(false)
    expect(await call('getAppPreferences')).toEqual({ welcomeDone: false, checkForUpdates: true })
  })

  it('refuses an unknown or mistyped preference and changes nothing', async () => {
    await start()
    const unknown = await runtime!.dispatch('setAppPreferences', { welcomeDone: true, telemetry: true })
    expect(unknown.ok).toBe(false)
    const mistyped = await runtime!.dispatch('setAppPreferences', { checkForUpdates: 'no' })
    expect(mistyped).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(await call('getAppPreferences')).toEqual({ welcomeDone: false, checkForUpdates: true })
  })
})

describe('demo data', () => {
  it('loads the built-in sandbox\'s demo manifest, whose packages the sandbox knows', async () => {
    await start()
    const loaded = await call<{ packages: number; rows: number; packageUids: string[] }>('loadDemoData')
    expect(loaded.packages).toBeGreaterThan(0)
    expect(loaded.packageUids).toHaveLength(loaded.packages)
    const manifest = await call<{ packages: { packageUid: string; onManifest: boolean }[] }>('listManifest')
    expect(manifest.packages.filter((p) => p.onManifest).map((p) => p.packageUid).sort()).toEqual([...loaded.packageUids].sort())
    const lookup = await call<{ error: string | null; cases: unknown[] }>('lookupPackage', { packageUid: loaded.packageUids[0], refresh: true })
    expect(lookup.error).toBeNull()
    expect(lookup.cases.length).toBeGreaterThan(0)
  })

  it('is refused on a station pointed at a real API', async () => {
    sandbox = await startSandbox({ seed: 'demo' })
    await start()
    await call('setSettings', { apiUrl: sandbox.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret })
    expect(await runtime!.dispatch('loadDemoData', {})).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/built-in sandbox/) } })
  })
})

describe('data folder', () => {
  it('backs up the station database into backups/', async () => {
    await start()
    const backup = await call<{ file: string; bytes: number }>('backupNow')
    expect(backup.file.startsWith(join(dataDir, 'backups', 'station-'))).toBe(true)
    expect(existsSync(backup.file)).toBe(true)
    expect(backup.bytes).toBeGreaterThan(0)
  })

  it('browser host: answers with the path to show instead of opening anything', async () => {
    await start()
    expect(await call('openDataFolder')).toEqual({ opened: false, path: dataDir, message: expect.stringMatching(/browser/) })
  })

  it('desktop: asks the OS to open the folder, and reports a failure in words', async () => {
    const asked: string[] = []
    let answer = ''
    await start({ openFolder: async (path) => (asked.push(path), answer), updater: () => null })
    expect(await call('openDataFolder')).toMatchObject({ opened: true, path: dataDir })
    answer = 'Failed to open path'
    expect(await call('openDataFolder')).toMatchObject({ opened: false, message: expect.stringContaining('Failed to open path') })
    expect(asked).toEqual([dataDir, dataDir])
  })
})

describe('log file, redaction and diagnostics', () => {
  const SECRET = 'station-secret-7Hq2xK8mPw'
  const TOKEN = 'tok_4b1c9e2d7a6f5e3c8b0a'

  it('logs to <dataDir>/logs/station.log and never writes the client secret or a bearer token there', async () => {
    sandbox = await startSandbox({ seed: 'demo' })
    await start()
    await call('setSettings', { apiUrl: sandbox.url, clientId: DEMO_CLIENT.clientId, clientSecret: SECRET })
    runtime!.log('warn', `request refused: Authorization: Bearer ${TOKEN}`, { body: `grant_type=client_credentials&client_secret=${SECRET}`, echoed: SECRET })
    const file = readFileSync(join(dataDir, 'logs/station.log'), 'utf8')
    expect(file).toContain('request refused')
    expect(file).toContain('station starting')
    expect(file).not.toContain(SECRET)
    expect(file).not.toContain(TOKEN)
    // The host's own output gets the redacted entry too.
    const host = hostLines.join('\n')
    expect(host).toContain('request refused')
    expect(host).not.toContain(SECRET)
    expect(host).not.toContain(TOKEN)
  })

  it('copies diagnostics support can use: version, system, folder, queue, last log lines, nothing secret', async () => {
    sandbox = await startSandbox({ seed: 'demo' })
    await start()
    await call('setSettings', { apiUrl: sandbox.url, clientId: DEMO_CLIENT.clientId, clientSecret: SECRET })
    runtime!.log('info', `note for support with ${SECRET} and Bearer ${TOKEN}`)
    const { text } = await call<{ text: string }>('getDiagnostics')
    expect(text).toMatch(/^CaseID Station diagnostics/)
    expect(text).toContain('version: 9.8.7 (browser host)')
    expect(text).toContain(`data folder: ${dataDir}`)
    expect(text).toMatch(/system: \S+ .*Node \d+/)
    expect(text).toMatch(/queue: \d+ pending, \d+ sending, \d+ failed, \d+ imported today/)
    expect(text).toContain('client secret set')
    expect(text).toContain('note for support with [redacted] and Bearer [redacted]')
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(TOKEN)
  })
})

describe('updates', () => {
  it('browser host: not applicable, and a check says the same without failing', async () => {
    await start()
    const info = await call<AppInfo>('getAppInfo')
    expect(info.updates).toMatchObject({ supported: false, state: 'not-applicable' })
    expect(await call('checkForUpdates')).toMatchObject({ supported: false, state: 'not-applicable', message: expect.stringMatching(/browser/) })
  })

  it('desktop run from the project: says it does not update itself', async () => {
    await start({ openFolder: async () => '', updater: () => null })
    expect(await call('checkForUpdates')).toMatchObject({ supported: false, message: expect.stringMatching(/npm start/) })
  })
})
