// Helpers for end-to-end tests: a sandbox the test owns, a data folder configured for it with the
// command line (as a store manager would), and scanning as a USB scanner types.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, type Page } from '@playwright/test'
import { DEMO_CLIENT, demoManifestRows, startSandbox, type RunningSandbox } from '../../../electron/sandbox'
import { US_KEYMAP } from '../../../renderer/src/scan/usKeymap.std'
import { openStation } from '../../../electron/core/station'
import { startWeb, type RunningWeb } from './web'

export function stationCommand(dataDir: string, args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'station', '--', ...args, '--data', dataDir], { encoding: 'utf8' })
}

/** A demo sandbox on a fixed port and file, so that it can be stopped and started again (an outage). */
export async function demoSandbox(dir: string, port = 0): Promise<RunningSandbox> {
  return startSandbox({ port, db: join(dir, 'sandbox.sqlite'), seed: 'demo', admin: true })
}

/** A demo sandbox in a folder of its own, and the browser host on a data folder configured for it by the command line. */
export interface DemoStation {
  sandbox: RunningSandbox
  web: RunningWeb
  /** The test's folder (the sandbox's database; a test may write its own files there). */
  workDir: string
}

/** `configure` writes the data folder for the sandbox: by the command line unless told otherwise. */
export async function startDemoStation(name: string, configure: (sandbox: RunningSandbox) => string | Promise<string> = configuredDataDir): Promise<DemoStation> {
  const workDir = mkdtempSync(join(tmpdir(), `station-e2e-${name}-`))
  const sandbox = await demoSandbox(workDir)
  try {
    return { sandbox, web: await startWeb({ dataDir: await configure(sandbox) }), workDir }
  } catch (error) {
    await stopDemoStation({ sandbox, workDir })
    throw error
  }
}

/** Stops what `startDemoStation` started (whatever of it did start) and removes the test's folder. */
export async function stopDemoStation(station: Partial<DemoStation>): Promise<void> {
  await station.web?.stop()
  await station.sandbox?.stop()
  if (station.workDir) rmSync(station.workDir, { recursive: true, force: true })
}

/** One demo station for all the tests of a file: started before the first, stopped after the last (read its fields inside the tests). */
export function demoStationPerFile(name: string): DemoStation {
  const demo = {} as DemoStation
  test.beforeAll(async () => {
    Object.assign(demo, await startDemoStation(name))
  })
  test.afterAll(() => stopDemoStation(demo))
  return demo
}

/** For a file whose tests each start their own: what a test puts here is stopped (its folder removed) after it, as `stopDemoStation` does. */
export function stoppedAfterEachTest(): Partial<DemoStation> {
  const running: Partial<DemoStation> = {}
  test.afterEach(async () => {
    await stopDemoStation(running)
    Object.assign(running, { web: undefined, sandbox: undefined, workDir: undefined })
  })
  return running
}

/** A data folder whose station talks to `sandbox` with the demo credentials, operator set, by `npm run station -- config set`. */
export function configuredDataDir(sandbox: RunningSandbox, operator = 'Dana'): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-data-'))
  stationCommand(dataDir, ['config', 'set', 'api-url', sandbox.url])
  stationCommand(dataDir, ['config', 'set', 'client-id', DEMO_CLIENT.clientId])
  stationCommand(dataDir, ['config', 'set', 'client-secret', DEMO_CLIENT.clientSecret])
  stationCommand(dataDir, ['config', 'set', 'operator', operator])
  return dataDir
}

/**
 * The same through the core in this process: the command line starts 4 processes of a few seconds
 * each on a busy machine, which a test about something else need not pay.
 */
export async function configuredDataDirInProcess(sandbox: RunningSandbox, operator = 'Dana', client = DEMO_CLIENT, stationName?: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-e2e-data-'))
  const station = openStation({ dataDir })
  try {
    station.setSettings({ apiUrl: sandbox.url, clientId: client.clientId, clientSecret: client.clientSecret, operator, ...(stationName ? { stationName } : {}) })
  } finally {
    await station.close()
  }
  return dataDir
}

/** The US-layout key (code, Shift) that types each printable ASCII character, as a scanner sends it. */
const KEY_FOR_CHAR: ReadonlyMap<string, { code: string; shift: boolean }> = (() => {
  const map = new Map<string, { code: string; shift: boolean }>()
  for (const [code, [plain, shifted]] of Object.entries(US_KEYMAP)) {
    if (code.startsWith('Numpad') || code === 'IntlBackslash') continue
    if (!map.has(plain)) map.set(plain, { code, shift: false })
    if (!map.has(shifted)) map.set(shifted, { code, shift: true })
  }
  return map
})()

/**
 * Scans a code as a USB scanner in keyboard mode does: one key press per character, a few
 * milliseconds apart, then Enter, whatever has focus. The burst is dispatched inside the page in one
 * go: Playwright's keyboard sends each key as a separate round trip, and on a busy machine those
 * gaps grow past the wedge's scanner timing and split the code, which a real scanner never does.
 * The keys go through the page's real window listeners, the wedge detector and the app.
 */
export async function scan(page: Page, code: string, options: { end?: 'Enter' | 'Tab' | null; prefix?: string } = {}): Promise<void> {
  await dispatchKeys(page, scannerKeys(code, options))
}

/** Several labels scanned back to back, with no time for the station to answer in between. */
export async function scanBackToBack(page: Page, codes: string[]): Promise<void> {
  await dispatchKeys(page, codes.flatMap((code) => scannerKeys(code, {})))
}

type Key = { code: string; key: string; shiftKey: boolean }

function scannerKeys(code: string, options: { end?: 'Enter' | 'Tab' | null; prefix?: string }): Key[] {
  const keys = [...code].map((ch) => {
    const key = KEY_FOR_CHAR.get(ch)
    if (!key) throw new Error(`a scanner cannot type ${JSON.stringify(ch)}`)
    return { code: key.code, key: ch, shiftKey: key.shift }
  })
  // A scanner can be set to send a prefix key first, and no Enter or Tab at the end.
  if (options.prefix) keys.unshift({ code: options.prefix, key: options.prefix, shiftKey: false })
  const end = options.end === undefined ? 'Enter' : options.end
  if (end) keys.push({ code: end, key: end, shiftKey: false })
  return keys
}

async function dispatchKeys(page: Page, keys: Key[]): Promise<void> {
  await page.evaluate((burst) => {
    // Each key is stamped 3 ms after the one before, as a scanner types, whatever the page's own
    // pauses (a loaded machine can stall a page for longer than a scanner's gap), and never earlier
    // than the last key this helper sent, so the page's clock only moves forward.
    const clock = window as unknown as { lastScannerKeyAt?: number }
    let at = Math.max(performance.now(), (clock.lastScannerKeyAt ?? 0) + 200)
    const target = document.activeElement ?? document.body
    for (const k of burst) {
      for (const type of ['keydown', 'keyup']) {
        const event = new KeyboardEvent(type, { ...k, bubbles: true, cancelable: true, composed: true })
        Object.defineProperty(event, 'timeStamp', { value: at })
        target.dispatchEvent(event)
      }
      at += 3
    }
    clock.lastScannerKeyAt = at
  }, keys)
}

export function caseRow(page: Page, caseUuid: string) {
  return page.getByRole('row').filter({ hasText: caseUuid })
}

/** Asks the sandbox, as the station's dispensary, what it holds for a package. */
export async function sandboxLookup(sandbox: RunningSandbox, packageUid: string): Promise<Record<string, { is_imported: boolean; package_uid: string | null }>> {
  const token = await fetch(`${sandbox.url}/o/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret })
  }).then((r) => r.json() as Promise<{ access_token: string }>)
  const answer = await fetch(`${sandbox.url}/api/v1.2/package-uids/${packageUid}/caseids/`, {
    headers: { Authorization: `Bearer ${token.access_token}`, Accept: 'application/json' }
  }).then((r) => r.json() as Promise<{ case_ids: Record<string, { is_imported: boolean; package_uid: string | null }> }>)
  return answer.case_ids
}

/** The demo package's CaseIDs, in manifest order. */
export function casesOf(pkg: string): string[] {
  return [...new Set(demoManifestRows().filter((r) => r.package_uid === pkg).map((r) => r.case_uuid))]
}

/** The CaseIDs a sandbox received imports (or removes) of, in the order its request log holds them. */
export async function casesReceived(sandbox: RunningSandbox, kind: 'import' | 'remove'): Promise<string[]> {
  const path = kind === 'import' ? '/api/v1.2/caseids/import/' : '/api/v1.2/caseids/import/remove/'
  const log = (await fetch(`${sandbox.url}/__sandbox/requests`).then((r) => r.json())) as { method: string; path: string; body: unknown }[]
  return log
    .filter((r) => r.method === 'POST' && r.path === path)
    .map((r) => {
      const body = (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as { case_uuid?: string } | null
      return body?.case_uuid ?? ''
    })
}

/** The requests the sandbox received (its admin log), optionally only the imports of one CaseID. */
export async function sandboxRequests(sandbox: RunningSandbox, importsOf?: string): Promise<{ method: string; path: string; body: unknown }[]> {
  const log = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { requests?: { method: string; path: string; body: unknown }[] } | { method: string; path: string; body: unknown }[]
  const requests = Array.isArray(log) ? log : (log.requests ?? [])
  if (importsOf === undefined) return requests
  return requests.filter((r) => r.path === '/api/v1.2/caseids/import/' && JSON.stringify(r.body).includes(importsOf))
}

/** Sets the sandbox's fault injection (e.g. { down: true }, { latency_ms: 8000 }); the answer is the sandbox's. */
export function sandboxFaults(sandbox: RunningSandbox, faults: object): Promise<Response> {
  return fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) })
}

/** A manifest CSV of some of the demo packages. */
export function manifestOf(packages: string[]): string {
  const rows = demoManifestRows().filter((r) => packages.includes(r.package_uid))
  const header = 'package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid'
  return [header, ...rows.map((r) => [r.package_uid, r.pos_product_id, r.pos_inventory_id, r.sku, r.product_name, r.case_uuid, r.packaged_product_uuid].join(','))].join('\n')
}
