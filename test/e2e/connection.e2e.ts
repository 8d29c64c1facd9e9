// A connection you can trust before the first scan (issue 12, item 5): the station checks the API at
// start, after every settings change and while idle, and says in words whether it works, refuses the
// credentials or cannot be reached, each within 5 s of the change, without a scan. The top bar and the
// status line say the same thing; Settings → "Test connection" checks on demand.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { DEMO_CLIENT, type RunningSandbox } from '../../electron/sandbox'
import { configuredDataDirInProcess, demoSandbox } from './support/station'
import { startWeb, type RunningWeb } from './support/web'

let sandbox: RunningSandbox | null = null
let web: RunningWeb | null = null

test.afterEach(async () => {
  await web?.stop()
  await sandbox?.stop()
  web = null
  sandbox = null
})

const CHANGE_NOTICED_MS = 5_000

test('working, credentials refused, unreachable and back each show within 5 s of the change, without a scan', async ({ page, request }) => {
  test.setTimeout(120_000)
  const sandboxDir = mkdtempSync(join(tmpdir(), 'station-e2e-connection-'))
  sandbox = await demoSandbox(sandboxDir)
  const port = sandbox.port
  web = await startWeb({ dataDir: await configuredDataDirInProcess(sandbox) })
  const origin = web.origin
  const token = web.token
  const setSettings = async (patch: Record<string, unknown>) => {
    const r = await request.post(`${origin}/api/call/setSettings`, { data: patch, headers: { Authorization: `Bearer ${token}`, Origin: origin } })
    expect(((await r.json()) as { ok: boolean }).ok).toBe(true)
  }
  const connection = page.getByTestId('connection')
  const statusLine = page.getByRole('status')

  await page.goto(web.url)
  // Checked at start (the page may take a while to load on a busy machine; the check itself is at once).
  await expect(connection).toContainText('Working', { timeout: 30_000 })
  await expect(statusLine).toHaveText('Ready to scan: scan a Package UID, then its cases.')

  // A wrong secret: refused, said in the top bar and in the status line alike.
  await setSettings({ clientSecret: 'not-the-secret' })
  await expect(connection).toContainText('Credentials refused', { timeout: CHANGE_NOTICED_MS })
  await expect(statusLine).toContainText('Credentials refused: the API at', { timeout: CHANGE_NOTICED_MS })
  await expect(statusLine).toContainText('Check them in Settings (F9)')

  await setSettings({ clientSecret: DEMO_CLIENT.clientSecret })
  await expect(connection).toContainText('Working', { timeout: CHANGE_NOTICED_MS })
  await expect(statusLine).toHaveText('Ready to scan: scan a Package UID, then its cases.')

  // The API goes away with nothing queued: noticed by the idle check, in words (no error codes).
  await sandbox.stop()
  sandbox = null
  await expect(connection).toContainText('Unreachable', { timeout: CHANGE_NOTICED_MS })
  await expect(statusLine).toContainText('Check the network cable or Wi-Fi', { timeout: CHANGE_NOTICED_MS })
  await expect(statusLine).not.toContainText(/E[A-Z]{4,}/)

  // Back on the same address.
  sandbox = await demoSandbox(sandboxDir, port)
  await expect(connection).toContainText('Working', { timeout: CHANGE_NOTICED_MS })
  await expect(statusLine).toHaveText('Ready to scan: scan a Package UID, then its cases.')

  // Settings → Test connection says the same, in a sentence.
  await page.keyboard.press('F9')
  await page.getByRole('button', { name: 'Test connection' }).click()
  await expect(page.getByTestId('connection-detail')).toContainText('Working: the API at')
  await expect(page.getByRole('button', { name: 'Test connection' })).toBeEnabled()
})
