// Issue 9 in the browser host: the first-run welcome (demo data, the way to the credentials, shown
// once), the Settings sections for the data folder (backup, folder, diagnostics) and About/updates.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { configuredDataDir, demoSandbox, stoppedAfterEachTest } from './support/station'
import { startWeb } from './support/web'

const running = stoppedAfterEachTest()

/** A new station welcomes first; "Not now" closes the welcome, then who is on shift is asked. */
async function startShift(page: Page): Promise<void> {
  await page.getByTestId('welcome').getByRole('button', { name: 'Not now' }).click()
  await answerOperator(page)
}

async function answerOperator(page: Page): Promise<void> {
  const operator = page.getByRole('dialog', { name: 'Who is on shift?' }).getByLabel('Operator name')
  await operator.fill('Robin')
  await operator.press('Enter')
  await expect(operator).toBeHidden()
}

test('a new station welcomes the manager once: demo data first, then the way to LucidRetail', async ({ page }) => {
  running.web = await startWeb()
  await page.goto(running.web.url)
  const welcome = page.getByTestId('welcome')
  await expect(welcome.getByRole('heading', { name: 'Welcome' })).toBeVisible()
  await expect(welcome.locator('ol > li')).toHaveCount(3)
  await expect(page).toHaveTitle(/^CaseID Station \d+\.\d+\.\d+/)
  // One thing at a time: who is on shift is not asked over the welcome.
  await expect(page.getByRole('dialog')).toHaveCount(0)

  await welcome.getByRole('button', { name: 'Connect to LucidRetail' }).click()
  await expect(welcome.getByRole('heading', { name: 'Connect to LucidRetail' })).toBeVisible()
  await welcome.getByRole('button', { name: 'Back' }).click()

  // The demo's scans record the operator: it asks who is on shift first, then loads.
  await welcome.getByRole('button', { name: 'Try it with demo data' }).click()
  await answerOperator(page)
  await expect(welcome.getByRole('heading', { name: 'Demo data loaded' })).toBeVisible()
  await expect(welcome.locator('li.mono').first()).toHaveText(/^\s*[0-9A-Z]{24}\s*$/)

  await welcome.getByRole('button', { name: 'Connect to LucidRetail' }).click()
  await expect(welcome.getByRole('heading', { name: 'Connect to LucidRetail' })).toBeVisible()
  await welcome.getByRole('button', { name: 'Open the API settings' }).click()
  await expect(page.getByTestId('welcome')).toBeHidden()
  await expect(page.getByRole('combobox', { name: 'LucidRetail API' })).toBeVisible()

  // Done once: a reload (or another host on the folder) does not show it again.
  await page.reload()
  await expect(page.getByRole('heading', { name: 'CaseID Station' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Receiving' })).toBeVisible()
  await expect(page.getByTestId('welcome')).toHaveCount(0)
  expect(JSON.parse(readFileSync(join(running.web.dataDir, 'preferences.json'), 'utf8'))).toMatchObject({ welcomeDone: true })
})

test('a station already pointed at LucidRetail shows no welcome at all', async ({ page }) => {
  running.workDir = mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-'))
  running.sandbox = await demoSandbox(running.workDir)
  running.web = await startWeb({ dataDir: configuredDataDir(running.sandbox) })
  await page.goto(running.web.url)
  await expect(page.getByRole('heading', { name: 'CaseID Station' })).toBeVisible()
  await expect(page.getByRole('button', { name: /Operator: Dana/ })).toBeVisible() // the station's info has arrived
  await expect(page.getByTestId('welcome')).toHaveCount(0)
  rmSync(running.web.dataDir, { recursive: true, force: true })
})

test('Settings: back up now, show the data folder, copy diagnostics, About with updates not applicable', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  running.web = await startWeb()
  await page.goto(running.web.url)
  await startShift(page)
  await page.keyboard.press('F9')

  const data = page.getByTestId('data-section')
  await expect(data.getByTestId('data-folder')).toHaveText(running.web.dataDir)
  await data.getByRole('button', { name: 'Back up now' }).click()
  await expect(data.getByTestId('data-note')).toContainText('Backup written')
  const backups = readdirSync(join(running.web.dataDir, 'backups'))
  expect(backups).toHaveLength(1)
  expect(backups[0]).toMatch(/^station-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.sqlite$/)
  expect(existsSync(join(running.web.dataDir, 'backups', backups[0]!))).toBe(true)

  await data.getByRole('button', { name: 'Show data folder' }).click()
  await expect(data.getByTestId('data-note')).toContainText('browser')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(running.web.dataDir)

  await data.getByRole('button', { name: 'Copy diagnostics' }).click()
  await expect(data.getByTestId('data-note')).toContainText('Diagnostics copied')
  const diagnostics = await page.evaluate(() => navigator.clipboard.readText())
  expect(diagnostics).toMatch(/^CaseID Station diagnostics/)
  expect(diagnostics).toContain(`data folder: ${running.web.dataDir}`)
  expect(diagnostics).toMatch(/queue: 0 pending/)
  expect(diagnostics).toContain('backup written') // the last log lines

  const about = page.getByTestId('about-section')
  await expect(about).toContainText(/CaseID Station \d+\.\d+\.\d+ · in a browser/)
  await expect(about.getByTestId('update-status')).toContainText('not checked here')
  await expect(about.getByRole('button', { name: 'Check now' })).toHaveCount(0)
  expect(readFileSync(join(running.web.dataDir, 'logs', 'station.log'), 'utf8')).toContain('backup written')
})
