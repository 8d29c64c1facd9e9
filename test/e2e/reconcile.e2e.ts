// "Reconcile with LucidRetail" with two stations of one dispensary on one sandbox and a shared manifest:
// station A imports some cases, station B others, a sister dispensary one, one case sits in another
// package than the manifest says (imports in the sandbox's fixture), two cases are never scanned.
// Station B's reconcile (screen, CSV and the command line's --json) lists exactly those facts.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { expect, test, type Page } from '@playwright/test'
import { DEMO_SECOND_STATION_CLIENT, demoFixture, demoManifestRows, MANIFEST_COLUMNS, startSandbox, type RunningSandbox, type SandboxFixture } from '../../electron/sandbox'
import { startWeb, type RunningWeb } from './support/web'
import { caseRow, casesOf, configuredDataDirInProcess, scan, stationCommand, sandboxFaults } from './support/station'
import { DEMO_CLIENT } from '../../electron/sandbox'

const PKG_A = '1A4FF0100000022000000107' // five cases: A imports two, the sister one, two never scanned
const PKG_B = '1A4FF0100000022000000101' // three cases: B imports two, one sits in PKG_ELSEWHERE
const PKG_ELSEWHERE = '1A4FF0100000022000000108'
const [a0, a1, sisters, never1, never2] = casesOf(PKG_A) as [string, string, string, string, string]
const [b0, b1, moved] = casesOf(PKG_B) as [string, string, string]

/** The demo, plus the sister dispensary's import of one case and a case imported into another package. */
function fixture(): SandboxFixture {
  const f = demoFixture()
  const dispensary = (name: string) => f.dispensaries.find((d) => d.name === name)!.uuid
  const pp = (c: string) => demoManifestRows().find((r) => r.case_uuid === c)!.packaged_product_uuid
  f.imports = [
    ...(f.imports ?? []),
    { case: sisters, packaged_product: pp(sisters), dispensary: dispensary('Green Valley Uptown'), package_uid: PKG_A, pos_product_id: 'UPT-1', pos_inventory_id: 'UPT-2' },
    { case: moved, packaged_product: pp(moved), dispensary: dispensary('Green Valley Downtown'), package_uid: PKG_ELSEWHERE, pos_product_id: 'PRD-1008', pos_inventory_id: 'INV-5008' }
  ]
  return f
}

/** The manifest both stations load: the two packages' rows of the demo manifest. */
function sharedManifest(): Buffer {
  const rows = demoManifestRows().filter((r) => r.package_uid === PKG_A || r.package_uid === PKG_B)
  return Buffer.from([MANIFEST_COLUMNS.join(','), ...rows.map((r) => MANIFEST_COLUMNS.map((c) => r[c]).join(','))].join('\n') + '\n')
}

let sandbox: RunningSandbox
let stationA: RunningWeb
let stationB: RunningWeb

test.beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, db: join(mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-')), 'sandbox.sqlite'), fixture: fixture(), admin: true })
  // Two data folders of one dispensary: two clients of Green Valley Downtown.
  stationA = await startWeb({ dataDir: await configuredDataDirInProcess(sandbox, 'Alex', DEMO_SECOND_STATION_CLIENT, 'dock-a') })
  stationB = await startWeb({ dataDir: await configuredDataDirInProcess(sandbox, 'Dana', DEMO_CLIENT, 'dock-b') })
})
test.afterEach(async () => {
  await stationA.stop()
  await stationB.stop()
  await sandbox.stop()
})

async function receive(page: Page, url: string, pkg: string, cases: string[]): Promise<void> {
  await page.goto(url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: sharedManifest() })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  await scan(page, pkg)
  await expect(page.getByTestId('active-package')).toHaveText(pkg)
  for (const c of cases) {
    await scan(page, `https://qr.lcdg.io/case/${c}`)
    await expect(page.getByRole('status')).toContainText(c)
  }
  for (const c of cases) await expect(caseRow(page, c)).toContainText('Imported')
}

const EXPECTED: Record<string, string> = {
  [never1]: 'not_imported',
  [never2]: 'not_imported',
  [moved]: 'different_package',
  [b0]: 'this_station',
  [b1]: 'this_station',
  [a0]: 'this_dispensary',
  [a1]: 'this_dispensary',
  [sisters]: 'other_dispensary'
}

test("station B's reconcile shows station A's imports as this dispensary's, the sister's, another package and the cases never scanned", async ({ page, context }) => {
  const pageA = await context.newPage()
  await receive(pageA, stationA.url, PKG_A, [a0, a1])
  await pageA.close()
  await receive(page, stationB.url, PKG_B, [b0, b1])

  await page.keyboard.press('F7')
  await expect(page.getByRole('region', { name: 'Review of the day' })).toBeVisible()
  await page.getByRole('button', { name: 'Reconcile with LucidRetail' }).click()
  const totals = { cases: '8', not_imported: '2', unconfirmed: '0', different_package: '1', this_station: '2', this_dispensary: '2', other_dispensary: '1', other_company: '0', not_checked: '0' }
  for (const [finding, n] of Object.entries(totals)) await expect(page.getByTestId(`reconcile-total-${finding}`)).toHaveText(n)

  // The actionable list first, with exactly the two cases never scanned.
  await expect(page.locator('.reconcile-finding h3').first()).toHaveText('Expected, not imported anywhere (2)')
  const list = (name: string) => page.getByRole('table', { name }).locator('tbody tr')
  await expect(list('Expected, not imported anywhere')).toHaveCount(2)
  for (const c of [never1, never2]) await expect(list('Expected, not imported anywhere').filter({ hasText: c })).toHaveCount(1)
  await expect(list('Imported by this dispensary, not this station')).toHaveCount(2)
  for (const c of [a0, a1]) await expect(list('Imported by this dispensary, not this station').filter({ hasText: c })).toHaveCount(1)
  await expect(list('Imported by this station')).toHaveCount(2)
  for (const c of [b0, b1]) await expect(list('Imported by this station').filter({ hasText: c })).toHaveCount(1)
  await expect(list('Imported by a sister dispensary')).toHaveCount(1)
  await expect(list('Imported by a sister dispensary').first()).toContainText(sisters)
  await expect(list('Imported by a sister dispensary').first()).toContainText('Green Valley Uptown')
  await expect(list('Imported into a different package')).toHaveCount(1)
  await expect(list('Imported into a different package').first()).toContainText(`imported into ${PKG_ELSEWHERE} (not ${PKG_B}) by this dispensary`)
  await expect(page.getByRole('table', { name: 'Imported by this station, not confirmed by LucidRetail' })).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Reconciled packages' }).locator('tbody tr')).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Review of the day' })).toContainText('this dispensary: Green Valley Downtown, CA')

  // The reconciled CSV: the same facts, one row per case.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export reconciled CSV' }).click()])
  const date = await page.getByLabel('Day shown').inputValue()
  expect(download.suggestedFilename()).toBe(`caseid-station-${date}-reconciled.csv`)
  const records = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<string, string>[]
  expect(Object.fromEntries(records.map((r) => [r.case_uuid, r.finding]))).toEqual(EXPECTED)
  expect(records.find((r) => r.case_uuid === moved)).toMatchObject({ package_uid: PKG_B, imported_into: PKG_ELSEWHERE })
  expect(records.find((r) => r.case_uuid === sisters)).toMatchObject({ dispensary: 'Green Valley Uptown, CA' })

  // The command line on station B's data folder agrees (its answers are under a minute old: nothing is asked again).
  const day = JSON.parse(stationCommand(stationB.dataDir, ['reconcile', '--date', date, '--json'])) as { cases: { caseUuid: string; finding: string }[]; progress: { asked: number; fresh: number } }
  expect(Object.fromEntries(day.cases.map((c) => [c.caseUuid, c.finding]))).toEqual(EXPECTED)
  expect(day.progress).toMatchObject({ asked: 0, fresh: 2 })
})

test('the reconcile shows its progress and can be cancelled: what was not asked is said, from the last answers', async ({ page }) => {
  await page.goto(stationB.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: sharedManifest() })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  // Every lookup now takes 8 s: the reconcile is still running when Cancel is pressed.
  const slow = await sandboxFaults(sandbox, { latency_ms: 8000 })
  expect(slow.ok).toBe(true)
  await page.keyboard.press('F7')
  await page.getByRole('button', { name: 'Reconcile with LucidRetail' }).click()
  await expect(page.getByRole('progressbar', { name: 'Reconcile progress' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Reconcile with LucidRetail' })).toBeDisabled()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('region', { name: 'Review of the day' })).toContainText('cancelled: the packages not asked are shown from their last answers')
  await expect(page.getByRole('progressbar', { name: 'Reconcile progress' })).toHaveCount(0)
  await expect(page.getByTestId('reconcile-total-not_checked')).toHaveText('8')
  const unchecked = page.getByRole('list', { name: 'Not checked' }).locator('li')
  await expect(unchecked).toHaveCount(2)
  for (const pkg of [PKG_A, PKG_B]) await expect(unchecked.filter({ hasText: pkg })).toContainText('not asked: the reconcile was cancelled')
})
