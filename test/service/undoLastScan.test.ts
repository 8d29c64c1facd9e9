// "Undo last scan" (F8) through a real station runtime: a switch to another API and back to the
// built-in sandbox reopens the station, and the screen's last scan is still the one F8 names and
// undoes; it still refuses what it refused before (another operator, another screen, a second undo).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppInfo, LookupView, ScanOutcome } from '../../electron/contract'
import { DEMO_CLIENT, startSandbox, type RunningSandbox } from '../../electron/sandbox'
import { startStationRuntime, type StationRuntime } from '../../electron/service/runtime'

const SCREEN = { screen: 'receiving-1' }

let dataDir: string
let runtime: StationRuntime
let sandbox: RunningSandbox

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseid-undo-'))
  sandbox = await startSandbox({ seed: 'demo' })
  runtime = await startStationRuntime({ dataDir, host: 'browser', version: '0.0.0', log: () => {} })
})
afterEach(async () => {
  await runtime.close()
  await sandbox.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

async function call<T>(name: string, payload: unknown = {}): Promise<T> {
  const result = await runtime.dispatch(name, payload)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

/** Scans a case of the demo manifest that no one imported yet, as the operator on shift, on SCREEN. */
async function scanACase(): Promise<{ caseUuid: string; packageUid: string }> {
  const { packageUids } = await call<{ packageUids: string[] }>('loadDemoData')
  for (const packageUid of packageUids) {
    const lookup = await call<LookupView>('lookupPackage', { packageUid, refresh: true })
    const open = lookup.cases.find((c) => c.status === 'Not imported')
    if (!open) continue
    await call<ScanOutcome>('submitScan', { text: packageUid, source: 'wedge', activePackageUid: null, ...SCREEN })
    const scanned = await call<ScanOutcome>('submitScan', { text: `https://qr.lcdg.io/case/${open.caseUuid}`, source: 'wedge', activePackageUid: packageUid, ...SCREEN })
    expect(scanned).toMatchObject({ kind: 'queued', caseUuid: open.caseUuid })
    return { caseUuid: open.caseUuid, packageUid }
  }
  throw new Error('the demo data has no case left to import')
}

async function switchApi(apiUrl: string, credentials: { clientId: string; clientSecret: string } | null): Promise<void> {
  await call('setSettings', { apiUrl, ...(credentials ?? {}), unsent: { keep: true } })
}

describe('undo last scan across a reopen of the station', () => {
  it('still names and undoes the screen\'s last scan after a switch to another API and back to the built-in sandbox', async () => {
    await call('setSettings', { operator: 'Dana' })
    const scanned = await scanACase()
    expect(await call('lastScan', SCREEN)).toMatchObject(scanned)

    await switchApi(sandbox.url, DEMO_CLIENT)
    expect((await call<AppInfo>('getAppInfo')).api.mode).toBe('custom')
    expect(await call('lastScan', SCREEN)).toMatchObject(scanned)
    await switchApi('builtin', null)
    expect((await call<AppInfo>('getAppInfo')).api.mode).toBe('builtin')
    expect(await call('lastScan', SCREEN)).toMatchObject(scanned)

    // Still only the operator's own scan, on its own screen.
    expect(await call('lastScan', { screen: 'receiving-2' })).toBeNull()
    await call('setSettings', { operator: 'Sam' })
    expect(await call('lastScan', SCREEN)).toBeNull()
    expect(await call<ScanOutcome>('undoLastScan', SCREEN)).toMatchObject({ kind: 'refused' })
    await call('setSettings', { operator: 'Dana' })

    expect(await call<ScanOutcome>('undoLastScan', SCREEN)).toMatchObject({ kind: 'undone', ...scanned })
    const after = (await call<LookupView>('lookupPackage', { packageUid: scanned.packageUid, refresh: false })).cases.find((c) => c.caseUuid === scanned.caseUuid)
    // Cancelled before it was sent, removed, or its remove queued or being sent.
    expect(after?.status === 'Not imported' || after?.detail?.startsWith('remove ')).toBe(true)
    expect(await call('lastScan', SCREEN)).toBeNull()
    expect(await call<ScanOutcome>('undoLastScan', SCREEN)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/Nothing to undo/) })
  })
})
