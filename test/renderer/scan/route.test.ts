// The page's way in for every scan (renderer/src/scan/route.ts) over a real station runtime (SQLite in
// a temporary folder, the built-in sandbox): the desktop preload's `window.station` is answered by the
// runtime's dispatch in this process, the IPC between left out. One scan at a time and in order, an
// answer that never comes, newer news on the status line, a refused label scanned again.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { CALL_NAMES } from '../../../electron/contract'
import { demoLabelPackages } from '../../../electron/sandbox/demo'
import { startStationRuntime, type StationRuntime } from '../../../electron/service/runtime'

/** A scan whose answer never comes (the transport holds it). */
const HELD = 'HELD-SCAN'

let dataDir: string
let runtime: StationRuntime
let route: typeof import('../../../renderer/src/scan/route')
let page: typeof import('../../../renderer/src/state/store').useStation
let receiving: typeof import('../../../renderer/src/receiving/state').useReceiving
const [first, second, third] = demoLabelPackages()

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseid-route-'))
  runtime = await startStationRuntime({ dataDir, host: 'desktop', version: '0.0.0', log: () => undefined })
  const preload: Record<string, unknown> = { onEvent: () => () => undefined }
  for (const name of CALL_NAMES) {
    preload[name] = (input: { text?: string }) => (name === 'submitScan' && input.text === HELD ? new Promise(() => undefined) : runtime.dispatch(name, input))
  }
  vi.stubGlobal('window', { station: preload })
  route = await import('../../../renderer/src/scan/route')
  page = (await import('../../../renderer/src/state/store')).useStation
  receiving = (await import('../../../renderer/src/receiving/state')).useReceiving
  for (const [name, input] of [['setSettings', { operator: 'Dana' }], ['loadDemoData', {}]] as const) {
    const answer = await runtime.dispatch(name, input)
    if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`)
  }
})

afterAll(async () => {
  await runtime.close()
  vi.unstubAllGlobals()
  rmSync(dataDir, { recursive: true, force: true })
})

it('a case scanned right after its Package UID goes into that package: one scan at a time, in order', async () => {
  route.submitScan(first!.packageUid, 'wedge')
  await route.submitScan(first!.cases[0]!, 'wedge')
  expect(receiving.getState().activePackageUid).toBe(first!.packageUid)
  expect(page.getState().feedback).toMatchObject({ tone: 'accepted', message: `CaseID ${first!.cases[0]} queued for import into ${first!.packageUid}.` })
})

it('an answer that never comes holds the next scan a few seconds, not for ever', async () => {
  void route.submitScan(HELD, 'wedge')
  await route.submitScan(second!.packageUid, 'wedge')
  expect(receiving.getState().activePackageUid).toBe(second!.packageUid)
}, 20_000)

it('something said on the status line while a scan is on its way stays; the outcome still applies', async () => {
  const scanned = route.submitScan(third!.packageUid, 'wedge')
  page.getState().showFeedback({ message: 'Already scanned: something else', tone: 'duplicate' })
  await scanned
  expect(receiving.getState().activePackageUid).toBe(third!.packageUid)
  expect(page.getState().feedback).toMatchObject({ message: 'Already scanned: something else', tone: 'duplicate' })
  // The next scan's outcome is news again.
  await route.submitScan(third!.cases[0]!, 'wedge')
  expect(page.getState().feedback).toMatchObject({ tone: 'accepted' })
})

it('a label refused is a new try when scanned again at once, another repeat is "already scanned"', async () => {
  const other = first!.cases[1]!
  await route.submitScan(other, 'wedge') // the active package is the third one: refused, the manifest names the first
  expect(page.getState().feedback).toMatchObject({ tone: 'refused', switchTo: { packageUid: first!.packageUid } })
  route.routeScan({ text: other, duplicate: true }, 'wedge')
  expect(page.getState().feedback?.message).not.toMatch(/^Already scanned/)
  await vi.waitFor(() => expect(page.getState().feedback).toMatchObject({ tone: 'refused', switchTo: { packageUid: first!.packageUid } }))
  await route.switchToSuggestedPackage()
  expect(receiving.getState().activePackageUid).toBe(first!.packageUid)
  await route.submitScan(other, 'wedge')
  expect(page.getState().feedback).toMatchObject({ tone: 'accepted' })
  route.routeScan({ text: other, duplicate: true }, 'wedge')
  expect(page.getState().feedback).toMatchObject({ message: `Already scanned: ${other}`, tone: 'duplicate' })
})
