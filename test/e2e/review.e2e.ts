// The manager's review in Chromium through the browser host: a real day of scans against the demo
// sandbox, then totals, failures, discrepancies, filter, search, sort, CSV download and undo with a reason.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { expect, test, type Page } from '@playwright/test'
import { demoManifestCsv, type RunningSandbox } from '../../electron/sandbox'
import { startWeb, type RunningWeb } from './support/web'
import { casesOf, caseRow, configuredDataDir, demoSandbox, sandboxLookup, scan, sandboxFaults } from './support/station'

const PACKAGE = '1A4FF0100000022000000103' // six cases; the last two were imported by a sibling dispensary
const COLUMNS = 'time,operation,state,operator,station,package_uid,product_name,sku,pos_product_id,pos_inventory_id,case_uuid,packaged_product_uuid,api_message,reason,api'

let sandbox: RunningSandbox
let web: RunningWeb

test.beforeEach(async () => {
  sandbox = await demoSandbox(mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-')))
  web = await startWeb({ dataDir: configuredDataDir(sandbox, 'Dana') })
})
test.afterEach(async () => {
  await web.stop()
  await sandbox.stop()
})

const opsTable = (page: Page) => page.getByRole('table', { name: 'Operations of the day' })
const opsRows = (page: Page) => opsTable(page).locator('tbody tr')

test('a manager reviews the day: totals, failures, discrepancies, filter, search, export, undo with a reason', async ({ page }) => {
  const cases = casesOf(PACKAGE)
  const [good1, good2, good3] = cases
  const taken = cases[4]!
  const notScanned = cases[3]!

  // The day: a manifest, three good cases and one taken by another dispensary.
  await page.goto(web.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(demoManifestCsv()) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  // Scanned while the API is away, the station knows nothing of the sister's import, so all four
  // queue (it would refuse the taken one from a lookup); the API's answers then settle them.
  const faults = (body: object) => sandboxFaults(sandbox, body)
  await faults({ down: true })
  await scan(page, PACKAGE)
  await expect(page.getByTestId('active-package')).toHaveText(PACKAGE)
  for (const c of [good1!, good2!, good3!, taken]) {
    await scan(page, `https://qr.lcdg.io/case/${c}`)
    await expect(page.getByRole('status')).toContainText(c)
    await expect(caseRow(page, c)).toContainText(/Queued|Sending/)
  }
  await faults({ down: false }) // the station notices the return by itself
  for (const c of [good1!, good2!, good3!]) await expect(caseRow(page, c)).toContainText('Imported')
  await expect(caseRow(page, taken)).toContainText('Failed')

  // F7 opens the review of today.
  await page.keyboard.press('F7')
  const review = page.getByRole('region', { name: 'Review of the day' })
  await expect(review).toBeVisible()
  await expect(page.getByTestId('total-imported')).toHaveText('3')
  await expect(page.getByTestId('total-failed')).toHaveText('1')
  await expect(page.getByTestId('total-queued')).toHaveText('0')
  await expect(opsRows(page)).toHaveCount(4)
  await expect(page.getByRole('table', { name: 'Failures' })).toContainText('This case has already been scanned for another dispensary.')
  await expect(page.getByRole('list', { name: 'Expected, not received' })).toContainText(notScanned)
  await expect(page.getByRole('list', { name: 'Expected, not received' })).not.toContainText(good1!)
  await expect(page.getByRole('list', { name: 'Imported elsewhere' })).toContainText(taken)
  await expect(page.getByTestId('hour-chart')).toHaveAttribute('aria-label', /4 imports/)

  // Filter by state, by operator; search by a part of a CaseID; sort.
  await page.getByLabel('State').selectOption('failed')
  await expect(opsRows(page)).toHaveCount(1)
  await expect(opsRows(page).first()).toContainText(taken)
  await page.getByLabel('State').selectOption('')
  await page.getByLabel('Operator').selectOption('Dana')
  await expect(opsRows(page)).toHaveCount(4)
  await page.getByLabel('Search').fill(good2!.slice(4, 13))
  await expect(opsRows(page)).toHaveCount(1)
  await expect(opsRows(page).first()).toContainText(good2!)
  await expect(page.getByTestId('row-count')).toContainText('1 of 4')
  await page.getByLabel('Search').fill('no-such-id')
  await expect(opsRows(page)).toHaveCount(0)
  await expect(review).toContainText('Nothing matches these filters.')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(opsRows(page)).toHaveCount(4)
  // A scan while the review is open searches for the code (even with the search field focused); nothing is received.
  await page.getByLabel('Search').focus()
  await scan(page, `https://qr.lcdg.io/case/${good3}`)
  await expect(page.getByLabel('Search')).toHaveValue(good3!)
  await expect(opsRows(page)).toHaveCount(1)
  await expect(page.getByTestId('row-count')).toContainText('1 of 4')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(opsRows(page)).toHaveCount(4)
  const caseCells = opsRows(page).locator('td:nth-child(7)')
  const sortedCases = (await caseCells.allTextContents()).sort((a, b) => a.localeCompare(b))
  await page.getByRole('button', { name: 'CaseID' }).click()
  await expect(caseCells).toHaveText(sortedCases)
  await page.getByRole('button', { name: /CaseID/ }).click()
  await expect(caseCells).toHaveText([...sortedCases].reverse())

  // Undo with a required reason, through the outbox and the API.
  await page.getByRole('button', { name: `Undo import of ${good1}` }).click()
  const dialog = page.getByRole('dialog', { name: 'Undo this import' })
  await expect(dialog.getByRole('button', { name: 'Undo import' })).toBeDisabled()
  await dialog.getByLabel('Reason (required)').fill('Scanned into the wrong package')
  await dialog.getByRole('button', { name: 'Undo import' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(review.getByRole('status')).toContainText(`Remove of CaseID ${good1} queued`)
  const undone = opsRows(page).filter({ hasText: good1! }).filter({ hasText: 'import' })
  await expect(undone.first()).toContainText('Undone (removed)', { timeout: 30_000 })
  await expect(undone.first()).toContainText('by Dana: Scanned into the wrong package')
  await expect(page.getByTestId('total-removed')).toHaveText('1')
  await expect(page.getByRole('button', { name: `Undo import of ${good1}` })).toHaveCount(0)
  expect((await sandboxLookup(sandbox, PACKAGE))[good1!]).toMatchObject({ is_imported: false })

  // Export: a download of the day's CSV, with the undo's reason and operator in it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const today = await page.getByLabel('Day shown').inputValue()
  expect(download.suggestedFilename()).toBe(`caseid-station-${today}.csv`)
  const csv = readFileSync((await download.path())!, 'utf8')
  expect(csv.split('\r\n')[0]).toBe(COLUMNS)
  const records = parse(csv, { columns: true }) as Record<string, string>[]
  expect(records).toHaveLength(5)
  const remove = records.find((r) => r.operation === 'remove')!
  expect(remove).toMatchObject({ state: 'removed', operator: 'Dana', case_uuid: good1, package_uid: PACKAGE, reason: 'Scanned into the wrong package' })
  expect(records.find((r) => r.case_uuid === taken)).toMatchObject({ state: 'failed', api_message: 'This case has already been scanned for another dispensary.' })
  for (const r of records) expect(r.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/)

  // Yesterday is another day: nothing there; Today comes back.
  await page.getByRole('button', { name: 'Yesterday' }).click()
  await expect(review).toContainText('Nothing was imported or removed this day.')
  await expect(page.getByTestId('total-imported')).toHaveText('0')
  await page.getByRole('button', { name: 'Today' }).click()
  await expect(page.getByTestId('total-imported')).toHaveText('3')

  // The printable report: print media shows the totals, chart, failures and discrepancies, not the controls.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('table', { name: 'Failures' })).toBeVisible()
  await expect(page.getByTestId('hour-chart')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeHidden()
  await expect(opsTable(page)).toBeHidden()
  await expect(page.getByTestId('active-package')).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  // Bad input through the bridge gets a clear refusal; the browser host says how to get a PDF there.
  const call = async (name: string, body: unknown) =>
    (await fetch(`${web.origin}/api/call/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${web.token}` }, body: JSON.stringify(body) }).then((r) => r.json())) as {
      ok: boolean
      error?: { code: string; message: string }
    }
  expect(await call('getReviewDay', { date: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/not a date/) } })
  expect(await call('getReviewDay', { date: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  expect(await call('undoImport', { id: 1, reason: '   ' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/reason is required/) } })
  expect(await call('saveDayReportPdf', { date: today })).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/Print/) } })

  await page.getByRole('button', { name: /Back to receiving/ }).click()
  await expect(review).toHaveCount(0)
  await expect(page.getByTestId('active-package')).toBeVisible()
})
