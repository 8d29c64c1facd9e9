import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { demoManifestCsv, demoManifestRows, DEMO_CLIENT } from '../../electron/sandbox'
import { startWeb } from './support/web'
import { casesOf, caseRow, configuredDataDir, startDemoStation, stopDemoStation, type DemoStation, configuredDataDirInProcess, demoSandbox, manifestOf, sandboxLookup, sandboxRequests, scan, scanBackToBack, sandboxFaults } from './support/station'

const PACKAGE = '1A4FF0100000022000000107' // five single-batch cases, none imported

let demo: DemoStation

test.beforeEach(async () => {
  // The first test configures the station with the command line, as a store manager would.
  const byCommandLine = test.info().title.startsWith('receive a manifest')
  demo = await startDemoStation('receiving', byCommandLine ? configuredDataDir : (sandbox) => configuredDataDirInProcess(sandbox))
})
test.afterEach(() => stopDemoStation(demo))

test('receive a manifest: load it, scan a package and its cases, through an outage', async ({ page }) => {
  await page.goto(demo.web.url)
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
  const onSandbox = await sandboxLookup(demo.sandbox, PACKAGE)
  for (const caseUuid of cases.slice(0, 3)) expect(onSandbox[caseUuid]).toMatchObject({ is_imported: true, package_uid: PACKAGE })

  // Outage: the API goes away; scanning goes on.
  const port = demo.sandbox.port
  await demo.sandbox.stop()
  for (const caseUuid of cases.slice(3)) {
    await scan(page, `https://qr.lcdg.io/case/${caseUuid}`)
    await expect(caseRow(page, caseUuid)).toContainText(/Queued|Sending/)
  }
  // Once the first attempt fails, they wait in the outbox as Queued.
  for (const caseUuid of cases.slice(3)) await expect(caseRow(page, caseUuid)).toContainText('Queued', { timeout: 30_000 })
  await expect(page.getByTestId('connection')).toContainText('Unreachable', { timeout: 30_000 })

  // Back: the queue drains by itself.
  demo.sandbox = await demoSandbox(demo.workDir, port)
  for (const caseUuid of cases.slice(3)) await expect(caseRow(page, caseUuid)).toContainText('Imported', { timeout: 60_000 })
  await expect(page.getByTestId('connection')).toContainText('Working')
  const after = await sandboxLookup(demo.sandbox, PACKAGE)
  for (const caseUuid of cases) expect(after[caseUuid]).toMatchObject({ is_imported: true, package_uid: PACKAGE })
})

test('a refused case shows the API words; the secret never reaches the page', async ({ page }) => {
  const answers: string[] = []
  page.on('response', async (response) => {
    if (response.url().includes('/api/call/')) answers.push(await response.text().catch(() => ''))
  })
  await page.goto(demo.web.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(demoManifestCsv()) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')

  // A sister dispensary (same company) imported two cases of 103 into that same Package UID. Once the
  // station has imported one of its own there, confirmed by the API, those read "Imported elsewhere".
  const sisterPkg = '1A4FF0100000022000000103'
  const [first, , , , sisters] = casesOf(sisterPkg)
  await scan(page, sisterPkg)
  await scan(page, `https://qr.lcdg.io/case/${first}`)
  await expect(caseRow(page, first!)).toContainText('Imported')
  await expect(caseRow(page, sisters!)).toContainText('Imported elsewhere')
  await expect(caseRow(page, sisters!)).toContainText('imported into this package by Green Valley Uptown, CA')
  expect(await cutOffCells(page)).toEqual([])

  const pkg = '1A4FF0100000022000000105' // its fourth case was imported by a dispensary of another company
  const taken = casesOf(pkg)[3]!
  // Looked up while the API is away, the station knows nothing of that import: the scan queues.
  const faults = (body: object) => sandboxFaults(demo.sandbox, body)
  await faults({ down: true })
  await scan(page, pkg)
  await expect(page.getByTestId('active-package')).toHaveText(pkg)
  await expect(caseRow(page, taken)).toContainText('Not imported')
  await scan(page, taken)
  await expect(caseRow(page, taken)).toContainText(/Queued|Sending/)
  // No F5: the station notices the API's return by itself (within 5 s), and an F5 pressed after the
  // answer came would replace the refusal on the status line with "Sending the queue now."
  await faults({ down: false })
  // Once the API answers, its own words settle it, shown prominently.
  const refusal = 'This case has already been scanned for another dispensary.'
  await expect(caseRow(page, taken)).toContainText('Failed')
  await expect(caseRow(page, taken)).toContainText(refusal)
  await expect(page.getByRole('status')).toContainText(refusal)
  const failedList = page.getByRole('list', { name: 'Failed items' })
  await expect(failedList).toContainText(refusal)

  // Retry sends it again (the API refuses again); Discard asks first, then drops it from the queue.
  const importsOf = async (caseUuid: string) => (await sandboxRequests(demo.sandbox, caseUuid)).length
  // (An attempt made while the API was down is in its log too.)
  const sentBefore = await importsOf(taken)
  expect(sentBefore).toBeGreaterThan(0)
  await failedList.getByRole('button', { name: 'Retry' }).click()
  await expect.poll(() => importsOf(taken)).toBe(sentBefore + 1)
  await expect(failedList).toContainText(refusal)
  await failedList.getByRole('button', { name: 'Discard' }).click()
  const discard = page.getByRole('dialog', { name: 'Discard this failed item?' })
  await expect(discard).toContainText(taken)
  await discard.getByRole('button', { name: 'Discard' }).click()
  await expect(failedList).toHaveCount(0)
  await expect(page.getByTestId('count-failed')).toHaveText('0')

  // The operator can set the secret again through Settings, but the page never gets it back.
  await page.getByRole('button', { name: /Settings/ }).click()
  const secretField = page.getByLabel('Client secret')
  await expect(secretField).toHaveValue('')
  await secretField.fill(DEMO_CLIENT.clientSecret)
  await page.getByRole('button', { name: 'Save API settings' }).click()
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
  expect(demo.web.stderr()).not.toContain(DEMO_CLIENT.clientSecret)
})

/** CaseID and status cells whose text does not fit (each row must show the full CaseID and status word). */
const cutOffCells = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('table.cases td.mono, table.cases td.status')].filter((td) => td.scrollWidth > td.clientWidth).map((td) => td.textContent)
  )

const loadManifest = (page: Page, csv: string) =>
  page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })

test('a bad manifest loads nothing and names line and column; a package not on it asks its POS ids once', async ({ page }) => {
  await page.goto(demo.web.url)
  const good = manifestOf(['1A4FF0100000022000000101'])
  const bad = good.split('\n')
  bad[2] = bad[2]!.replace(/,[^,]+,([^,]+)$/, ',not-a-case-id,$1')
  // Dropped on the window, as from the file manager.
  await page.evaluate((csv) => {
    const files = new DataTransfer()
    files.items.add(new File([csv], 'manifest.csv', { type: 'text/csv' }))
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }))
  }, bad.join('\n'))
  await expect(page.getByRole('status')).toContainText('Manifest not loaded, nothing changed')
  await expect(page.getByRole('list', { name: 'Manifest errors' })).toContainText('Line 3, column case_uuid')
  await expect(page.getByRole('list', { name: 'Expected packages' })).toHaveCount(0)
  await loadManifest(page, good)
  await expect(page.getByRole('list', { name: 'Manifest errors' })).toHaveCount(0)
  await expect(page.getByRole('list', { name: 'Expected packages' })).toContainText('0 / 3 cases')

  // Package 108 is not on this manifest: its POS ids are asked once.
  const pkg = '1A4FF0100000022000000108'
  const [row] = demoManifestRows().filter((r) => r.package_uid === pkg)
  await scan(page, pkg)
  const posDialog = page.getByRole('dialog', { name: `Package ${pkg} is not on the manifest` })
  await expect(posDialog).toBeVisible()
  await posDialog.getByLabel('POS product id').fill(row!.pos_product_id)
  await posDialog.getByLabel('POS inventory id').fill(row!.pos_inventory_id)
  await posDialog.getByLabel('SKU').fill(row!.sku)
  await page.keyboard.press('Enter')
  await expect(posDialog).toHaveCount(0)
  await expect(page.getByTestId('package-details')).toContainText(row!.pos_product_id)

  // Its case is not on the manifest either: the packaged product is asked once, a scan answers it.
  await scan(page, `https://qr.lcdg.io/case/${row!.case_uuid}`)
  const ppDialog = page.getByRole('dialog', { name: 'Which packaged product is in this case?' })
  await expect(ppDialog).toBeVisible()
  await scan(page, row!.packaged_product_uuid)
  await expect(ppDialog.getByRole('textbox')).toHaveValue(row!.packaged_product_uuid)
  await ppDialog.getByRole('button', { name: 'Import' }).click()
  await expect(caseRow(page, row!.case_uuid)).toContainText('Imported')
  expect((await sandboxLookup(demo.sandbox, pkg))[row!.case_uuid]).toMatchObject({ is_imported: true, package_uid: pkg })

  // Back to it later: remembered, no question.
  await scan(page, '1A4FF0100000022000000101')
  await expect(page.getByTestId('active-package')).toHaveText('1A4FF0100000022000000101')
  await scan(page, pkg)
  await expect(page.getByTestId('active-package')).toHaveText(pkg)
  await expect(caseRow(page, row!.case_uuid)).toContainText('Imported')
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('prepared for the day, a package never looked up shows its CaseIDs offline; import all from the keyboard', async ({ page }) => {
  await page.goto(demo.web.url)
  await loadManifest(page, demoManifestCsv())
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  await page.keyboard.press('F6')
  await expect(page.getByRole('status')).toContainText('Ready for the day')

  await demo.sandbox.stop()
  const pkg = '1A4FF0100000022000000101'
  await scan(page, pkg)
  await expect(page.getByTestId('lookup-age')).toContainText(/Answer from \d\d?:\d\d.*; no fresh one/)
  const cases = casesOf(pkg)
  for (const caseUuid of cases) await expect(caseRow(page, caseUuid)).toContainText('Not imported')

  await page.keyboard.press('F4')
  const confirm = page.getByRole('dialog', { name: 'Import all not imported?' })
  await expect(confirm).toContainText('3 CaseIDs')
  await page.keyboard.press('Enter')
  for (const caseUuid of cases) await expect(caseRow(page, caseUuid)).toContainText(/Queued|Sending/)
  await expect(page.getByTestId('connection')).toContainText('Unreachable', { timeout: 30_000 })
  await expect(page.getByRole('list', { name: 'Expected packages' })).toContainText('0 / 3 cases')
})

test('a multi-batch case already marked imported is imported for each packaged product; undo is one key', async ({ page }) => {
  await page.goto(demo.web.url)
  await loadManifest(page, demoManifestCsv())
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  const pkg = '1A4FF0100000022000000104' // one case, three packaged products, the first already imported
  const [multi] = casesOf(pkg)
  await scan(page, pkg)
  // The API says is_imported; the station knows two of its three packaged products are still to import.
  await expect(caseRow(page, multi!)).toContainText('Not imported')
  await expect(caseRow(page, multi!)).toContainText('0/3 packaged products done')
  await scan(page, `https://qr.lcdg.io/case/${multi}`)
  await expect(caseRow(page, multi!)).toContainText('Imported')
  await expect(caseRow(page, multi!)).toContainText('3/3 packaged products done')
  await expect(page.getByRole('list', { name: 'Expected packages' }).getByRole('listitem').filter({ hasText: pkg })).toContainText('1 / 1 case, 3 / 3 products')

  // A wrong scan: F8 removes it again (through the outbox).
  const other = casesOf('1A4FF0100000022000000107')[0]!
  // The package and then its case at once: the case goes into that package, not "scan the package first".
  await scanBackToBack(page, ['1A4FF0100000022000000107', `https://qr.lcdg.io/case/${other}`])
  await expect(caseRow(page, other)).toContainText('Imported')
  await page.keyboard.press('F8')
  const undo = page.getByRole('dialog', { name: 'Undo your last scan?' })
  await expect(undo).toContainText(other)
  await undo.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('status')).toContainText(`Undone: CaseID ${other}`)
  await expect(caseRow(page, other)).toContainText('Not imported')
  await expect.poll(async () => (await sandboxLookup(demo.sandbox, '1A4FF0100000022000000107'))[other]?.is_imported).toBe(false)
})

test('every screen is a function key away, with the banner, shortcuts in view, themes and 1280x720 without scrolling', async ({ page }) => {
  await page.goto(demo.web.url)
  await expect(page.getByRole('contentinfo', { name: 'Keyboard shortcuts' })).toContainText('Undo last scan')
  await loadManifest(page, demoManifestCsv())
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  // The same label read twice at once is "already scanned" (the scanner's duplicate window, 2 s by default).
  await scan(page, '1A4FF0100000022000000101')
  await scan(page, '1A4FF0100000022000000101')
  await expect(page.getByRole('status')).toContainText('Already scanned: 1A4FF0100000022000000101')
  await expect(page.getByTestId('active-package')).toHaveText('1A4FF0100000022000000101')
  await page.keyboard.press('F9')
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible()
  for (const section of ['LucidRetail API', 'Station and operator', 'Scanner', 'Sounds and display']) {
    await expect(page.getByRole('region', { name: section })).toBeVisible()
  }
  await page.getByLabel('Theme').selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(background).toBe('rgb(17, 20, 24)')
  await page.getByLabel('Largest gap between two keys of a scan (ms)').fill('1')
  await page.getByRole('button', { name: 'Save scanner settings' }).click()
  await expect(page.getByRole('status')).toHaveText('Largest gap between two keys of a scan: at least 5 ms')
  await page.getByLabel('Largest gap between two keys of a scan (ms)').fill('80')
  await page.getByLabel('Same code again within this time is "already scanned" (ms)').fill('0')
  await page.getByRole('button', { name: 'Save scanner settings' }).click()
  await expect(page.getByRole('status')).toContainText('Settings saved: scanner')

  // The preferences belong to the station: a reload keeps them.
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.keyboard.press('F9')
  await expect(page.getByLabel('Largest gap between two keys of a scan (ms)')).toHaveValue('80')
  await page.keyboard.press('F1')
  await expect(page.getByRole('heading', { name: 'Receiving' })).toBeVisible()
  await page.keyboard.press('F10')
  await expect(page.getByRole('dialog', { name: 'Who is on shift?' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)

  // Scanning never moves the layout: the status line and the table keep their places.
  // The scanner settings reach the wedge: with no duplicate window, a second read is a scan again.
  await scan(page, '1A4FF0100000022000000107')
  await scan(page, '1A4FF0100000022000000107')
  await expect(page.getByRole('status')).toContainText('Package 1A4FF0100000022000000107: Jack Herer')
  await expect(caseRow(page, casesOf('1A4FF0100000022000000107')[0]!)).toBeVisible()
  const box = async () => JSON.stringify(await page.locator('table.cases').boundingBox()) + JSON.stringify(await page.locator('.status-line').boundingBox())
  const before = await box()
  await scan(page, 'this-is-not-a-code-at-all-but-a-very-long-line-that-would-wrap-the-status-line-of-a-careless-layout-xxxxxxxxxxxxxxxxxxxxxxx')
  await expect(page.getByRole('status')).toContainText('Not recognised')
  await expect.poll(box).toBe(before)
  await scan(page, `https://qr.lcdg.io/case/${casesOf('1A4FF0100000022000000107')[0]}`)
  await expect(page.getByRole('status')).toContainText('queued')
  await expect.poll(box).toBe(before)
  expect(await cutOffCells(page)).toEqual([])
  const overflow = await page.evaluate(() => ({ x: document.documentElement.scrollWidth, y: document.documentElement.scrollHeight }))
  expect(overflow).toEqual({ x: 1280, y: 720 })
})

test('a full disk: the scan is refused with words to act on, never said queued', async ({ page }) => {
  await page.goto(demo.web.url)
  await loadManifest(page, demoManifestCsv())
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
  // Restart the station with its database capped a little above its size: a disk that fills up.
  await demo.web.stop()
  const dataDir = demo.web.dataDir
  const db = new Database(join(dataDir, 'station.sqlite'))
  db.pragma('wal_checkpoint(TRUNCATE)')
  const pages = Number(db.pragma('page_count', { simple: true }))
  db.close()
  demo.web = await startWeb({ dataDir, env: { STATION_DB_MAX_PAGE_COUNT: String(pages + 1) } })
  await page.goto(demo.web.url)

  await scan(page, '1A4FF0100000022000000107')
  await expect(page.getByTestId('active-package')).toHaveText('1A4FF0100000022000000107')
  let refusal = false
  // Packages whose cases the API accepts, so no refusal from the API comes in between.
  for (const pkg of ['1A4FF0100000022000000107', '1A4FF0100000022000000101', '1A4FF0100000022000000102', '1A4FF0100000022000000104', '1A4FF0100000022000000108']) {
    await scan(page, pkg)
    await expect(page.getByTestId('active-package')).toHaveText(pkg)
    for (const caseUuid of casesOf(pkg)) {
      await scan(page, `https://qr.lcdg.io/case/${caseUuid}`)
      // Wait for this scan's own outcome (queued, or the refusal) before reading it.
      await expect(page.getByRole('status')).toContainText(new RegExp(`${caseUuid}[^]*queued|disk is full`))
      const said = (await page.getByRole('status').textContent()) ?? ''
      if (/disk is full/.test(said)) {
        refusal = true
        await expect(page.locator('.status-line')).toHaveClass(/tone-refused/)
        expect(said).not.toMatch(/queued/i)
        await expect(caseRow(page, caseUuid)).not.toContainText(/Queued|Sending|Imported/)
        break
      }
      expect(said).toContain('queued')
    }
    if (refusal) break
  }
  expect(refusal, 'the capped database never filled').toBe(true)
})

test('a damaged database is kept aside at start, its settings come back from the copy, and the operator is told until dismissed', async ({ page }) => {
  await demo.web.stop()
  const dataDir = demo.web.dataDir
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `station.sqlite${suffix}`), { force: true })
  writeFileSync(join(dataDir, 'station.sqlite'), Buffer.alloc(8192, 'not a database '))
  demo.web = await startWeb({ dataDir })
  await page.goto(demo.web.url)
  const notice = page.getByRole('alert').filter({ hasText: 'database was damaged' })
  await expect(notice).toBeVisible()
  await expect(notice).toContainText('station.sqlite.corrupt')
  // The settings come back from the copy kept beside the database: no welcome, no new question of
  // who is on shift; the notice says where they came from.
  await expect(notice).toContainText('from the copy kept beside it')
  await expect(notice).toContainText('operator')
  await expect(page.getByRole('heading', { name: 'Receiving' })).toBeVisible()
  await expect(page.getByTestId('welcome')).toHaveCount(0)
  await expect(page.getByRole('dialog', { name: 'Who is on shift?' })).toHaveCount(0)
  await notice.getByRole('button', { name: 'Dismiss' }).click()
  await expect(notice).toHaveCount(0)
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Receiving' })).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'database was damaged' })).toHaveCount(0)
  // The kept settings still reach the demo's API as its client (not the built-in sandbox a new
  // database would start on), and the operator on shift is still Dana.
  await expect(page.getByRole('button', { name: /^Operator: Dana/ })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText('Working')
  await expect(page.getByText('Built-in sandbox API')).toHaveCount(0)
})
