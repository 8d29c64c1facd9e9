// Receiving that an operator cannot misdirect (issue 13): the manifest and the cached lookups decide
// where a case may go, scans during dialogs, typed tags, undo of the last scan. Against the real
// demo sandbox, whose request log proves what was (not) sent.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { demoManifestRows, type RunningSandbox } from '../../electron/sandbox'
import { startWeb, type RunningWeb } from './support/web'
import { caseRow, casesOf, configuredDataDirInProcess, demoSandbox, manifestOf, sandboxRequests, scan } from './support/station'
import { recordSounds, usbScanner } from './support/scanner'

const BLUE_DREAM = '1A4FF0100000022000000101'
const SOUR_DIESEL = '1A4FF0100000022000000102'
const GELATO = '1A4FF0100000022000000103' // its cases 5 and 6 were imported by a sister dispensary
const JACK_HERER = '1A4FF0100000022000000107'
const MANGO = '1A4FF0100000022000000108'

let sandbox: RunningSandbox
let web: RunningWeb

test.beforeEach(async () => {
  sandbox = await demoSandbox(mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-')))
  web = await startWeb({ dataDir: await configuredDataDirInProcess(sandbox) })
})
test.afterEach(async () => {
  await web.stop()
  await sandbox.stop()
})

async function openWithManifest(page: Page, packages: string[]): Promise<void> {
  await page.goto(web.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(manifestOf(packages)) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
}

async function activate(page: Page, packageUid: string): Promise<void> {
  await scan(page, packageUid)
  await expect(page.getByTestId('active-package')).toHaveText(packageUid)
}

const caseLink = (caseUuid: string) => `https://qr.lcdg.io/case/${caseUuid}`

test('a case the manifest lists under another package is refused, named, one key switches to it; nothing is sent', async ({ page }) => {
  const sounds = await recordSounds(page)
  await openWithManifest(page, [BLUE_DREAM, SOUR_DIESEL])
  await activate(page, BLUE_DREAM)
  const [sourCase] = casesOf(SOUR_DIESEL)
  const soundsBefore = (await sounds()).length
  await scan(page, caseLink(sourCase!))
  const status = page.getByRole('status')
  await expect(status).toContainText(`Wrong package: CaseID ${sourCase} is not for ${BLUE_DREAM}`)
  await expect(status).toContainText(`the manifest lists it under ${SOUR_DIESEL} (Sour Diesel Pre-Roll 5pk)`)
  await expect(status).toContainText('Nothing queued')
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'refused')
  await expect.poll(async () => (await sounds()).length).toBe(soundsBefore + 1)
  // No question asked, nothing queued, nothing sent.
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(page.getByTestId('count-pending')).toHaveText('0')
  expect(await sandboxRequests(sandbox, sourCase!)).toEqual([])
  await expect(page.getByRole('list', { name: 'Expected packages' }).getByRole('listitem').filter({ hasText: BLUE_DREAM })).toContainText('0 / 3 cases')

  // One key: F12 switches to the package it belongs to; the same scan then imports it there.
  await expect(page.getByRole('button', { name: new RegExp(`Switch to ${SOUR_DIESEL}`) })).toBeVisible()
  await page.keyboard.press('F12')
  await expect(page.getByTestId('active-package')).toHaveText(SOUR_DIESEL)
  // Scanned again at once: a refused label is not "already scanned".
  await scan(page, caseLink(sourCase!))
  await expect(status).toContainText(`CaseID ${sourCase} queued for import into ${SOUR_DIESEL}`)
  await expect(caseRow(page, sourCase!)).toContainText('Imported')
  const sent = await sandboxRequests(sandbox, sourCase!)
  expect(sent.length).toBeGreaterThan(0)
  for (const request of sent) expect(JSON.stringify(request.body)).toContain(SOUR_DIESEL)
})

test('a case a sister dispensary imported into this package is not queued: the reason is shown and nothing is sent', async ({ page }) => {
  await openWithManifest(page, [GELATO])
  await activate(page, GELATO)
  const sisters = casesOf(GELATO)[4]!
  // The lookup has answered: the station knows that import.
  await expect(caseRow(page, sisters)).toContainText(/Imported/)
  await scan(page, caseLink(sisters))
  const status = page.getByRole('status')
  await expect(status).toContainText(`Imported elsewhere: CaseID ${sisters} was imported into this package by Green Valley Uptown, CA on 2026-05-`)
  await expect(status).toContainText('Nothing queued')
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'refused')
  await expect(page.getByTestId('count-pending')).toHaveText('0')
  await expect(page.getByTestId('count-failed')).toHaveText('0')
  expect(await sandboxRequests(sandbox, sisters)).toEqual([])
})

test('a scan during any dialog is a scan or refused with a reason, never typed into a field; answers never carry over', async ({ page }) => {
  await openWithManifest(page, [BLUE_DREAM])
  const scanner = await usbScanner(page)
  const status = page.getByRole('status')
  const [row] = demoManifestRows().filter((r) => r.package_uid === MANGO)

  // The POS ids dialog: a scan is refused and the field keeps what was typed.
  await scanner(MANGO)
  const posDialog = page.getByRole('dialog', { name: `Package ${MANGO} is not on the manifest` })
  await expect(posDialog).toBeVisible()
  await posDialog.getByLabel('POS product id').fill(row!.pos_product_id)
  await scanner(caseLink(row!.case_uuid))
  await expect(status).toContainText(`Scan not taken: the POS ids of package ${MANGO} are asked`)
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'refused')
  await expect(posDialog.getByLabel('POS product id')).toHaveValue(row!.pos_product_id)
  await posDialog.getByLabel('POS inventory id').fill(row!.pos_inventory_id)
  await posDialog.getByRole('button', { name: 'Remember package' }).click()
  await expect(posDialog).toHaveCount(0)

  // The packaged-product question: a wrong entry is explained and the dialog stays open with it.
  await scanner(caseLink(row!.case_uuid))
  const ppDialog = page.getByRole('dialog', { name: 'Which packaged product is in this case?' })
  const answer = ppDialog.getByRole('textbox')
  await expect(ppDialog).toBeVisible()
  await answer.fill('HELLO-WORLD-123')
  await ppDialog.getByRole('button', { name: 'Import' }).click()
  await expect(status).toContainText('“HELLO-WORLD-123” is not a packaged product id')
  await expect(status).not.toContainText('Invalid argument')
  await expect(ppDialog).toBeVisible()
  await expect(answer).toHaveValue('HELLO-WORLD-123')
  // A Package UID scanned into it: refused with the reason, the text box untouched.
  await scanner(BLUE_DREAM)
  await expect(status).toContainText('a Package UID is not a packaged product id')
  await expect(answer).toHaveValue('HELLO-WORLD-123')
  await scanner('HELLO-WORLD-123')
  await expect(status).toContainText('“HELLO-WORLD-123” is not a packaged product id. Scan the packaged product')
  await expect(answer).toHaveValue('HELLO-WORLD-123')
  // Its packaged product scanned: that is the answer.
  await answer.fill('')
  await scanner(row!.packaged_product_uuid)
  await expect(answer).toHaveValue(row!.packaged_product_uuid)
  await ppDialog.getByRole('button', { name: 'Import' }).click()
  await expect(ppDialog).toHaveCount(0)
  await expect(caseRow(page, row!.case_uuid)).toContainText(/Queued|Sending|Imported/)

  // Another case the station knows nothing of: the question starts empty.
  const stranger = 'k7HjKmNpQrStUvWxYz2345' // on no manifest, in no lookup
  await scanner(caseLink(stranger))
  await expect(ppDialog).toBeVisible()
  await expect(answer).toHaveValue('')
  await page.keyboard.press('Escape')
  await expect(ppDialog).toHaveCount(0)

  // The operator dialog: refused, the name kept.
  await page.keyboard.press('F10')
  const who = page.getByRole('dialog', { name: 'Who is on shift?' })
  await expect(who.getByLabel('Operator name')).toHaveValue('Dana')
  await scanner(BLUE_DREAM)
  await expect(status).toContainText('Scan not taken: the operator on shift is asked')
  await expect(who.getByLabel('Operator name')).toHaveValue('Dana')
  await page.keyboard.press('Escape')

  // A confirmation (F4): refused.
  await scanner(BLUE_DREAM)
  await expect(page.getByTestId('active-package')).toHaveText(BLUE_DREAM)
  await expect(caseRow(page, casesOf(BLUE_DREAM)[0]!)).toContainText('Not imported')
  await page.keyboard.press('F4')
  const confirm = page.getByRole('dialog', { name: 'Import all not imported?' })
  await expect(confirm).toBeVisible()
  await scanner(MANGO)
  await expect(status).toContainText('Scan not taken: a question is open')
  await expect(confirm).toBeVisible()
  await page.keyboard.press('Escape')

  // Typing a code (F2): a scan is handled as the scan, the typed text dropped.
  await page.keyboard.press('F2')
  const typeDialog = page.getByRole('dialog', { name: 'Type a code from a damaged label' })
  await typeDialog.getByRole('textbox').fill('1A4FF')
  await scanner(MANGO)
  await expect(typeDialog).toHaveCount(0)
  await expect(page.getByTestId('active-package')).toHaveText(MANGO)
  expect(await sandboxRequests(sandbox, stranger)).toEqual([])
})

test('blank POS ids are not taken; a packaged product named twice in the answer is imported once (one request)', async ({ page }) => {
  await openWithManifest(page, [BLUE_DREAM])
  const scanner = await usbScanner(page)
  const [row] = demoManifestRows().filter((r) => r.package_uid === MANGO)
  await scanner(MANGO)
  const posDialog = page.getByRole('dialog', { name: `Package ${MANGO} is not on the manifest` })
  const remember = posDialog.getByRole('button', { name: 'Remember package' })
  await posDialog.getByLabel('POS product id').fill('   ')
  await posDialog.getByLabel('POS inventory id').fill(row!.pos_inventory_id)
  await expect(remember).toBeDisabled()
  await posDialog.getByLabel('POS product id').fill(row!.pos_product_id)
  await remember.click()
  await expect(posDialog).toHaveCount(0)

  await scanner(caseLink(row!.case_uuid))
  const ppDialog = page.getByRole('dialog', { name: 'Which packaged product is in this case?' })
  await ppDialog.getByRole('textbox').fill(`${row!.packaged_product_uuid}\n${row!.packaged_product_uuid}`)
  await ppDialog.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('status')).toContainText(`CaseID ${row!.case_uuid} queued for import into ${MANGO}.`)
  await expect(caseRow(page, row!.case_uuid)).toContainText('Imported')
  expect(await sandboxRequests(sandbox, row!.case_uuid)).toHaveLength(1)
})

test('a tag typed in lower case is upper-cased; "Use as Package UID" only for a code that could be a tag', async ({ page }) => {
  await openWithManifest(page, [BLUE_DREAM])
  await page.keyboard.press('F2')
  const typeDialog = page.getByRole('dialog', { name: 'Type a code from a damaged label' })
  await typeDialog.getByRole('textbox').fill(` ${BLUE_DREAM.toLowerCase().slice(0, 12)}-${BLUE_DREAM.toLowerCase().slice(12)} `)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('active-package')).toHaveText(BLUE_DREAM)
  await expect(page.getByRole('status')).toContainText(`Package ${BLUE_DREAM}: Blue Dream Flower 3.5g`)

  await scan(page, 'HELLO-WORLD-123')
  await expect(page.getByRole('status')).toContainText('Not recognised')
  await expect(page.getByRole('button', { name: 'Use as Package UID' })).toHaveCount(0)
  await scan(page, JACK_HERER.toLowerCase())
  await expect(page.getByRole('status')).toContainText('Not recognised')
  await page.getByRole('button', { name: 'Use as Package UID' }).click()
  await expect(page.getByTestId('active-package')).toHaveText(JACK_HERER)
})

test('F8 names the last scan of this operator on this screen and asks first; a bulk import (F4) is not it', async ({ page }) => {
  await openWithManifest(page, [JACK_HERER])
  await activate(page, JACK_HERER)
  const cases = casesOf(JACK_HERER)
  await expect(caseRow(page, cases[0]!)).toContainText('Not imported')
  await scan(page, caseLink(cases[0]!))
  await scan(page, caseLink(cases[1]!))
  await expect(page.getByRole('status')).toContainText(`CaseID ${cases[1]} queued`)
  await page.keyboard.press('F4')
  await page.getByRole('dialog', { name: 'Import all not imported?' }).getByRole('button', { name: 'Import all' }).click()
  await expect(page.getByRole('status')).toContainText(`3 CaseIDs queued for import into ${JACK_HERER}.`)

  await page.keyboard.press('F8')
  const undo = page.getByRole('dialog', { name: 'Undo your last scan?' })
  await expect(undo).toContainText(`Remove CaseID ${cases[1]} from package ${JACK_HERER} (Jack Herer Flower 3.5g)`)
  // A scan while it asks is refused with the reason; the question stays.
  await scan(page, BLUE_DREAM)
  await expect(page.getByRole('status')).toContainText('Scan not taken: a question is open')
  await expect(undo).toBeVisible()
  // Asked first: Cancel undoes nothing.
  await undo.getByRole('button', { name: 'Cancel' }).click()
  await expect(undo).toHaveCount(0)
  for (const caseUuid of cases) await expect(caseRow(page, caseUuid)).toContainText('Imported')
  await page.keyboard.press('F8')
  await undo.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('status')).toContainText(`Undone: CaseID ${cases[1]}`)
  await expect(caseRow(page, cases[1]!)).toContainText('Not imported')
  for (const caseUuid of [cases[0]!, ...cases.slice(2)]) await expect(caseRow(page, caseUuid)).toContainText('Imported')
  // Nothing more of this screen's own scans to undo after the one undone.
  await page.keyboard.press('F8')
  await expect(page.getByRole('status')).toContainText('Nothing to undo')
})

test('counts say cases and products; a case not on the manifest never raises Expected; Imported today counts cases; a held item says what it waits for', async ({ page }) => {
  await openWithManifest(page, [SOUR_DIESEL])
  const expected = page.getByRole('list', { name: 'Expected packages' }).getByRole('listitem').filter({ hasText: SOUR_DIESEL })
  // Two cases, the second holding two packaged products.
  await expect(expected).toContainText('0 / 2 cases, 0 / 3 products')
  await activate(page, SOUR_DIESEL)
  const [, multi] = casesOf(SOUR_DIESEL)
  await scan(page, caseLink(multi!))
  await expect(expected).toContainText('1 / 2 cases, 2 / 3 products')
  await expect(page.getByTestId('count-imported')).toHaveText('1') // one case, though two packaged products

  // A case on no manifest and in no cached lookup: the operator names its packaged product, it is
  // imported, and what the manifest expected stays as it was.
  const [mango] = demoManifestRows().filter((r) => r.package_uid === MANGO)
  const ppDialog = page.getByRole('dialog', { name: 'Which packaged product is in this case?' })
  await scan(page, caseLink(mango!.case_uuid))
  await ppDialog.getByRole('textbox').fill(mango!.packaged_product_uuid)
  await ppDialog.getByRole('button', { name: 'Import' }).click()
  await expect(expected).toContainText('1 / 2 cases, 2 / 3 products; 1 case not on the manifest')
  await expect(page.getByTestId('count-imported')).toHaveText('2')

  // A case LucidRetail does not know: refused (Failed). Its undo is queued behind it and says so.
  const stranger = 'k7HjKmNpQrStUvWxYz2345'
  await scan(page, caseLink(stranger))
  await ppDialog.getByRole('textbox').fill(mango!.packaged_product_uuid)
  await ppDialog.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByTestId('count-failed')).toHaveText('1')
  await page.keyboard.press('F8')
  await page.getByRole('dialog', { name: 'Undo your last scan?' }).getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('count-pending')).toHaveText('1')
  await expect(page.getByRole('list', { name: 'Waiting items' })).toContainText(`Remove ${stranger}: waiting behind a failed item of the same case (#`)
  await expect(page.getByRole('list', { name: 'Waiting items' })).toContainText('retry or discard it')
  // The discard confirmation is a dialog too: a scan is refused there with the reason.
  await page.getByRole('list', { name: 'Failed items' }).getByRole('button', { name: 'Discard…' }).click()
  const discard = page.getByRole('dialog', { name: 'Discard this failed item?' })
  await expect(discard).toBeVisible()
  await scan(page, BLUE_DREAM)
  await expect(page.getByRole('status')).toContainText('Scan not taken: a question is open')
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'refused')
  await page.keyboard.press('Escape')
  await expect(discard).toHaveCount(0)
  await expect(expected).toContainText('1 / 2 cases, 2 / 3 products; 1 case not on the manifest')
})
