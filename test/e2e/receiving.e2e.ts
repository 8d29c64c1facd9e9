import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { demoManifestCsv, demoManifestRows, DEMO_CLIENT, type RunningSandbox } from '../../electron/sandbox'
import { startWeb, type RunningWeb } from './support/web'
import { caseRow, configuredDataDir, demoSandbox, sandboxLookup, scan } from './support/station'

const PACKAGE = '1A4FF0100000022000000107' // five single-batch cases, none imported
const casesOf = (pkg: string) => [...new Set(demoManifestRows().filter((r) => r.package_uid === pkg).map((r) => r.case_uuid))]

let sandbox: RunningSandbox
let web: RunningWeb
let sandboxDir: string

test.beforeEach(async () => {
  sandboxDir = mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-'))
  sandbox = await demoSandbox(sandboxDir)
  web = await startWeb({ dataDir: configuredDataDir(sandbox) })
})
test.afterEach(async () => {
  await web.stop()
  await sandbox.stop()
})

test('receive a manifest: load it, scan a package and its cases, through an outage', async ({ page }) => {
  await page.goto(web.url)
  // API, credentials and operator are set: straight to the receiving screen, no dialog.
  await expect(page.getByRole('heading', { name: /Receiving/ })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)

  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(demoManifestCsv()) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  await expect(page.getByRole('list', { name: 'Expected packages' })).toContainText(PACKAGE)

  await scan(page, PACKAGE)
  await expect(page.getByTestId('active-package')).toHaveText(PACKAGE)
  await expect(page.getByTestId('package-details')).toContainText('Jack Herer Flower 3.5g')
  await expect(page.getByTestId('package-details')).toContainText('PRD-1007')
  const cases = casesOf(PACKAGE)
  for (const caseUuid of cases) await expect(caseRow(page, caseUuid)).toContainText('Not imported')

  for (const caseUuid of cases.slice(0, 3)) {
    await scan(page, `https://qr.lcdg.io/case/${caseUuid}`)
    await expect(page.getByRole('status')).toContainText(caseUuid)
  }
  for (const caseUuid of cases.slice(0, 3)) await expect(caseRow(page, caseUuid)).toContainText('Imported')
  const onSandbox = await sandboxLookup(sandbox, PACKAGE)
  for (const caseUuid of cases.slice(0, 3)) expect(onSandbox[caseUuid]).toMatchObject({ is_imported: true, package_uid: PACKAGE })

  // Outage: the API goes away; scanning goes on.
  const port = sandbox.port
  await sandbox.stop()
  for (const caseUuid of cases.slice(3)) {
    await scan(page, `https://qr.lcdg.io/case/${caseUuid}`)
    await expect(caseRow(page, caseUuid)).toContainText(/Queued|Sending/)
  }
  // Once the first attempt fails, they wait in the outbox as Queued.
  for (const caseUuid of cases.slice(3)) await expect(caseRow(page, caseUuid)).toContainText('Queued', { timeout: 30_000 })
  await expect(page.getByTestId('connection')).toContainText('Offline', { timeout: 30_000 })

  // Back: the queue drains by itself.
  sandbox = await demoSandbox(sandboxDir, port)
  for (const caseUuid of cases.slice(3)) await expect(caseRow(page, caseUuid)).toContainText('Imported', { timeout: 60_000 })
  await expect(page.getByTestId('connection')).toContainText('Online')
  const after = await sandboxLookup(sandbox, PACKAGE)
  for (const caseUuid of cases) expect(after[caseUuid]).toMatchObject({ is_imported: true, package_uid: PACKAGE })
})

test('a refused case shows the API words; the secret never reaches the page', async ({ page }) => {
  const answers: string[] = []
  page.on('response', async (response) => {
    if (response.url().includes('/api/call/')) answers.push(await response.text().catch(() => ''))
  })
  await page.goto(web.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(demoManifestCsv()) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')

  const pkg = '1A4FF0100000022000000105' // its fourth case was imported by a dispensary of another company
  await scan(page, pkg)
  await expect(page.getByTestId('active-package')).toHaveText(pkg)
  const taken = casesOf(pkg)[3]!
  await expect(caseRow(page, taken)).toContainText('Imported elsewhere')
  await scan(page, taken)
  // The station sends it anyway (the API decides) and shows the API's own words, prominently.
  const refusal = 'This case has already been scanned for another dispensary.'
  await expect(caseRow(page, taken)).toContainText('Failed')
  await expect(caseRow(page, taken)).toContainText(refusal)
  await expect(page.getByRole('status')).toContainText(refusal)
  await expect(page.getByRole('list', { name: 'Failed items' })).toContainText(refusal)

  // The operator can set the secret again through Settings, but the page never gets it back.
  await page.getByRole('button', { name: /Settings/ }).click()
  const secretField = page.getByLabel('Client secret')
  await expect(secretField).toHaveValue('')
  await secretField.fill(DEMO_CLIENT.clientSecret)
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('status')).toContainText('Settings saved')
  await page.getByRole('button', { name: /Settings/ }).click()
  await expect(page.getByLabel('Client secret')).toHaveValue('')
  await expect(page.getByLabel('Client secret')).toHaveAttribute('placeholder', /Saved/)
  const html = await page.content()
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
  expect(storage).not.toContain(DEMO_CLIENT.clientSecret)
  expect(html).not.toContain(DEMO_CLIENT.clientSecret)
  for (const answer of answers) expect(answer).not.toContain(DEMO_CLIENT.clientSecret)
  expect(answers.length).toBeGreaterThan(3)
  expect(web.stderr()).not.toContain(DEMO_CLIENT.clientSecret)
})
