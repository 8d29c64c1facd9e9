// Every operation goes to the API it was queued for, in Chromium through the browser host. Two demo
// sandboxes on two ports stand for two LucidRetails (A and B); their request logs say what reached each.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { expect, test, type Page } from '@playwright/test'
import { demoManifestCsv, type RunningSandbox } from '../../electron/sandbox'
import { casesOf, caseRow, casesReceived, startDemoStation, stopDemoStation, type DemoStation, configuredDataDirInProcess, demoSandbox, sandboxLookup, scan } from './support/station'

const PACKAGE = '1A4FF0100000022000000107' // five single-batch cases, none imported

/** The station, on sandbox A. */
let stationA: DemoStation
let b: RunningSandbox

test.beforeEach(async () => {
  stationA = await startDemoStation('api-a', (sandbox) => configuredDataDirInProcess(sandbox))
  b = await demoSandbox(mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-b-')))
})
test.afterEach(async () => {
  await stopDemoStation(stationA)
  await b.stop()
})

async function receive(page: Page): Promise<void> {
  await page.goto(stationA.web.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(demoManifestCsv()) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  await scan(page, PACKAGE)
  await expect(page.getByTestId('active-package')).toHaveText(PACKAGE)
}

async function scanCase(page: Page, caseUuid: string): Promise<void> {
  await scan(page, `https://qr.lcdg.io/case/${caseUuid}`)
  await expect(page.getByRole('status')).toContainText(caseUuid)
}

/** Settings → LucidRetail API → a custom address, saved (the client id stays: both sandboxes have the demo client). */
async function chooseApi(page: Page, url: string): Promise<void> {
  await page.keyboard.press('F9')
  const section = page.getByRole('region', { name: 'LucidRetail API' })
  await section.getByRole('combobox').selectOption('custom')
  await section.getByLabel('API URL (https, or http on this computer)').fill(url)
  await section.getByRole('button', { name: 'Save API settings' }).click()
}

async function backToReceiving(page: Page): Promise<void> {
  await page.keyboard.press('F1')
  await expect(page.getByTestId('active-package')).toBeVisible()
}

test('switching the API with a queue asks; kept operations never reach the new API and reach their own when it is chosen again', async ({ page }) => {
  const [sent, kept1, kept2, onB] = casesOf(PACKAGE)
  await receive(page)
  await scanCase(page, sent!)
  await expect(caseRow(page, sent!)).toContainText('Imported')

  // A goes away: two scans wait in the queue for A.
  const aPort = stationA.sandbox.port
  await stationA.sandbox.stop()
  await scanCase(page, kept1!)
  await scanCase(page, kept2!)
  await expect(page.getByTestId('count-pending')).toHaveText('2', { timeout: 30_000 })

  // Switching to B asks what to do with them; keep them for A.
  await chooseApi(page, b.url)
  const question = page.getByRole('group', { name: 'Operations not sent yet' })
  await expect(question).toContainText(`2 operations not sent yet to ${stationA.sandbox.url}. They are never sent to ${b.url}.`)
  await question.getByRole('button', { name: `Keep them for ${stationA.sandbox.url}` }).click()
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${b.url}.`)
  await backToReceiving(page)
  await expect(page.getByTestId('queue-waiting')).toHaveText(`2 waiting for ${stationA.sandbox.url}`)
  await expect(page.getByTestId('count-pending')).toHaveText('0')

  // Scanning goes on against B: only B's own operation reaches it.
  await scanCase(page, onB!)
  await expect(caseRow(page, onB!)).toContainText('Imported', { timeout: 30_000 })
  expect(await casesReceived(b, 'import')).toEqual([onB])
  expect((await sandboxLookup(b, PACKAGE))[kept1!]).toMatchObject({ is_imported: false })

  // A is back and chosen again: nothing is unsent for B, so no question; the kept ones go to A.
  stationA.sandbox = await demoSandbox(stationA.workDir, aPort)
  await chooseApi(page, stationA.sandbox.url)
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${stationA.sandbox.url}.`)
  await backToReceiving(page)
  await expect.poll(async () => (await casesReceived(stationA.sandbox, 'import')).sort(), { timeout: 60_000 }).toEqual([kept1!, kept2!].sort())
  await expect(page.getByTestId('queue-waiting')).toHaveCount(0)
  const onA = await sandboxLookup(stationA.sandbox, PACKAGE)
  for (const c of [sent!, kept1!, kept2!]) expect(onA[c]).toMatchObject({ is_imported: true, package_uid: PACKAGE })
  expect(onA[onB!]).toMatchObject({ is_imported: false })
  expect(await casesReceived(b, 'import')).toEqual([onB])
})

test('discarding the queue on a switch needs a reason and sends it nowhere', async ({ page }) => {
  const [queued] = casesOf(PACKAGE)
  await receive(page)
  const aPort = stationA.sandbox.port
  await stationA.sandbox.stop()
  await scanCase(page, queued!)
  await expect(page.getByTestId('count-pending')).toHaveText('1', { timeout: 30_000 })

  await chooseApi(page, b.url)
  const question = page.getByRole('group', { name: 'Operations not sent yet' })
  await expect(question.getByRole('button', { name: 'Discard them and switch' })).toBeDisabled()
  await question.getByLabel('Reason to discard them').fill('queued on the wrong account')
  await question.getByRole('button', { name: 'Discard them and switch' }).click()
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${b.url}.`)
  await backToReceiving(page)
  await expect(page.getByTestId('queue-waiting')).toHaveCount(0)
  await expect(page.getByTestId('count-pending')).toHaveText('0')

  // Neither API ever receives it, even when A is chosen again.
  stationA.sandbox = await demoSandbox(stationA.workDir, aPort)
  await chooseApi(page, stationA.sandbox.url)
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${stationA.sandbox.url}.`)
  await backToReceiving(page)
  await scanCase(page, casesOf(PACKAGE)[1]!) // A's worker runs: a fresh scan reaches A
  await expect.poll(() => casesReceived(stationA.sandbox, 'import'), { timeout: 60_000 }).toEqual([casesOf(PACKAGE)[1]])
  expect(await casesReceived(b, 'import')).toEqual([])
})

test('an undo goes to the import\'s API; the review says the day mixes APIs; the CSV has the api column', async ({ page }) => {
  const [onA, onB] = casesOf(PACKAGE)
  await receive(page)
  await scanCase(page, onA!)
  await expect(caseRow(page, onA!)).toContainText('Imported')

  await chooseApi(page, b.url) // nothing unsent: no question
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${b.url}.`)
  await backToReceiving(page)
  await scan(page, PACKAGE)
  await scanCase(page, onB!)
  await expect(caseRow(page, onB!)).toContainText('Imported')

  await page.keyboard.press('F7')
  const review = page.getByRole('region', { name: 'Review of the day' })
  await expect(review).toBeVisible()
  const mixed = page.getByTestId('mixed-apis')
  await expect(mixed).toContainText('This day mixes APIs')
  await expect(mixed).toContainText(`${stationA.sandbox.url} (1 operation)`)
  await expect(mixed).toContainText(`${b.url} (1 operation)`)
  const rows = page.getByRole('table', { name: 'Operations of the day' }).locator('tbody tr')
  await expect(rows.filter({ hasText: onA! })).toContainText(stationA.sandbox.url)
  await expect(rows.filter({ hasText: onB! })).toContainText(b.url)

  await page.getByRole('button', { name: `Undo import of ${onA}` }).click()
  const dialog = page.getByRole('dialog', { name: 'Undo this import' })
  await dialog.getByLabel('Reason (required)').fill('imported on the demo API by mistake')
  await dialog.getByRole('button', { name: 'Undo import' }).click()
  await expect(review.getByRole('status')).toContainText(`It goes to ${stationA.sandbox.url}, the API of the import, when the station points at it again.`)
  await expect(rows.filter({ hasText: 'remove' })).toContainText(stationA.sandbox.url)
  await expect(rows.filter({ hasText: 'remove' })).toContainText('queued')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const records = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[]
  expect(records.map((r) => [r.operation, r.case_uuid, r.api])).toEqual([
    ['import', onA, stationA.sandbox.url],
    ['import', onB, b.url],
    ['remove', onA, stationA.sandbox.url]
  ])

  // The undo never reached B (which would answer "nothing to remove"); it reaches A once A is chosen again.
  expect(await casesReceived(b, 'remove')).toEqual([])
  await page.keyboard.press('F7')
  await chooseApi(page, stationA.sandbox.url)
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${stationA.sandbox.url}.`)
  await expect.poll(() => casesReceived(stationA.sandbox, 'remove'), { timeout: 60_000 }).toEqual([onA])
  expect((await sandboxLookup(stationA.sandbox, PACKAGE))[onA!]).toMatchObject({ is_imported: false })
  expect((await sandboxLookup(b, PACKAGE))[onB!]).toMatchObject({ is_imported: true })
  expect(await casesReceived(b, 'remove')).toEqual([])
})

test('F8 still undoes the last scan after a switch to the built-in sandbox and back, which reopens the station', async ({ page }) => {
  const [scanned] = casesOf(PACKAGE)
  await receive(page)
  await scanCase(page, scanned!)
  await expect(caseRow(page, scanned!)).toContainText('Imported', { timeout: 30_000 })

  await page.keyboard.press('F9')
  const section = page.getByRole('region', { name: 'LucidRetail API' })
  await section.getByRole('combobox').selectOption('builtin')
  await section.getByRole('button', { name: 'Save API settings' }).click()
  await expect(page.getByRole('status')).toHaveText('Settings saved: API, now Built-in sandbox.')
  await chooseApi(page, stationA.sandbox.url)
  await expect(page.getByRole('status')).toHaveText(`Settings saved: API, now ${stationA.sandbox.url}.`)
  await backToReceiving(page)

  await page.keyboard.press('F8')
  const undo = page.getByRole('dialog', { name: 'Undo your last scan?' })
  await expect(undo).toContainText(`Remove CaseID ${scanned} from package ${PACKAGE}`)
  await undo.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('status')).toContainText(`Undone: CaseID ${scanned}`)
  await expect.poll(async () => casesReceived(stationA.sandbox, 'remove'), { timeout: 30_000 }).toEqual([scanned])
  await page.keyboard.press('F8')
  await expect(page.getByRole('status')).toContainText('Nothing to undo')
})
