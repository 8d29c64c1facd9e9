// Scanning end to end, in Chromium through the browser host, against a real sandbox: a keyboard-wedge
// scanner (fast trusted keys, a French AZERTY layout, Caps Lock), a person typing, the webcam (Chromium's
// fake camera playing a generated .y4m), and the feedback each scan gets (words, mark, sound).
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium, expect, test, type Browser, type Page } from '@playwright/test'
import { demoManifestCsv } from '../../electron/sandbox'
import { blank, code128Luma, placeCentered, qrLuma } from '../../scripts/support/barcodes'
import { browserWithCamera, recordCspViolations } from './support/camera'
import { chromiumArgs, chromiumPath } from '../../playwright.config'
import { casesOf, demoStationPerFile } from './support/station'
import { bluetoothScanner, personTyping, recordSounds, recordStatus, strokesFor, usbScanner } from './support/scanner'

const WEDGE_PACKAGE = '1A4FF0100000022000000107' // five single-batch cases, none imported
const CAMERA_PACKAGE = '1A4FF0100000022000000101' // three single-batch cases, none imported
const caseUrl = (caseUuid: string) => `https://qr.lcdg.io/case/${caseUuid}`
const queuedMessage = (caseUuid: string, pkg: string) => `CaseID ${caseUuid} queued for import into ${pkg}`

const demo = demoStationPerFile('scanning')

/** Rows the station's own outbox holds for a case (its SQLite file, read-only). */
function outboxRows(caseUuid: string): number {
  const db = new Database(join(demo.web.dataDir, 'station.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE case_uuid = ?').get(caseUuid) as { n: number }).n
  } finally {
    db.close()
  }
}

async function sandboxRequests(): Promise<{ method: string; path: string }[]> {
  return (await fetch(`${demo.sandbox.url}/__sandbox/requests`)).json() as Promise<{ method: string; path: string }[]>
}

async function openStation(page: Page): Promise<void> {
  await page.goto(demo.web.url)
  await page.locator('#manifest-input').setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(demoManifestCsv()) })
  await expect(page.getByRole('status')).toContainText('Manifest loaded')
}

test('a scanner typing 4 ms apart: Metrc tag, then CaseID URL; repeats, garbage, sounds and mute', async ({ page }) => {
  const statuses = await recordStatus(page)
  const sounds = await recordSounds(page)
  await openStation(page)
  const status = page.getByRole('status')
  const [first, second] = casesOf(WEDGE_PACKAGE)
  const soundsBefore = (await sounds()).length // loading the manifest may have had its own
  const scan = await usbScanner(page)

  await scan(WEDGE_PACKAGE)
  await expect(status).toContainText(`Package ${WEDGE_PACKAGE}: Jack Herer Flower 3.5g`)
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'accepted')
  await scan(caseUrl(first!))
  await expect(status).toContainText(queuedMessage(first!, WEDGE_PACKAGE))
  expect(outboxRows(first!)).toBe(1)

  // The same code again at once: said "already scanned", nothing queued again.
  await scan(caseUrl(first!))
  await expect(status).toContainText('Already scanned')
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'duplicate')
  // Not a label, and it could not be a tag: refused in words, never offered as a Package UID.
  await scan('HELLO-<b>WORLD</b>')
  await expect(status).toContainText('Not recognised')
  await expect(page.getByRole('button', { name: 'Use as Package UID' })).toHaveCount(0)
  await expect(page.getByTestId('scan-flash')).toHaveAttribute('data-tone', 'refused')
  expect(outboxRows(first!)).toBe(1)

  // One sound per result, a different one for each kind.
  await expect.poll(async () => (await sounds()).length).toBe(soundsBefore + 4)
  const [pkgSound, caseSound, repeatSound, refusedSound] = (await sounds()).slice(soundsBefore)
  expect(caseSound).toBe(pkgSound)
  expect(new Set([caseSound, repeatSound, refusedSound]).size).toBe(3)
  for (const url of [caseSound, repeatSound, refusedSound]) expect(url).toMatch(new RegExp(`^${demo.web.origin}/`)) // served files, not data: URLs

  // Muted: the next scan is seen but not heard (the mute button kept focus; the burst still scans).
  await page.getByRole('button', { name: 'Mute sounds' }).click()
  await expect(page.getByRole('button', { name: 'Mute sounds' })).toHaveAttribute('aria-pressed', 'true')
  await scan(caseUrl(second!))
  await expect(status).toContainText(queuedMessage(second!, WEDGE_PACKAGE))
  expect(await sounds()).toHaveLength(soundsBefore + 4)
  expect((await statuses()).filter((s) => s.includes(queuedMessage(first!, WEDGE_PACKAGE)))).toHaveLength(1)
  await page.reload()
  await expect(page.getByRole('button', { name: 'Mute sounds' })).toHaveAttribute('aria-pressed', 'true') // remembered
  await page.getByRole('button', { name: 'Mute sounds' }).click()
  await expect(page.getByRole('status')).toHaveCount(1)
})

test('US key codes under a French AZERTY layout, and with Caps Lock: the label’s text is read', async ({ page }) => {
  await openStation(page)
  const status = page.getByRole('status')
  const scan = await usbScanner(page)
  const [, , third, fourth] = casesOf(WEDGE_PACKAGE)

  // What the page's `key`s say under AZERTY: nothing like the labels (the detector must use `code`).
  const azertyTag = strokesFor(WEDGE_PACKAGE, 'azerty')
  expect(azertyTag.map((s) => s.key).join('')).toBe("&Q'FFà&ààààààééàààààà&àè")
  expect(strokesFor(caseUrl(third!), 'azerty').map((s) => s.key).join('')).toMatch(/^httpsM!!ar:lcdg:io!cqse!/)

  await scan(WEDGE_PACKAGE, 'azerty')
  await expect(status).toContainText(`Package ${WEDGE_PACKAGE}: Jack Herer Flower 3.5g`)
  await scan(caseUrl(third!), 'azerty')
  await expect(status).toContainText(queuedMessage(third!, WEDGE_PACKAGE))

  expect(strokesFor(caseUrl(fourth!), 'capslock').map((s) => s.key).join('')).toMatch(/^HTTPS:\/\/QR\.LCDG\.IO\/CASE\//)
  await scan(caseUrl(fourth!), 'capslock')
  await expect(status).toContainText(queuedMessage(fourth!, WEDGE_PACKAGE))
  expect(outboxRows(third!)).toBe(1)
  expect(outboxRows(fourth!)).toBe(1)
})

test('a Bluetooth scanner sending packets up to 100 ms apart is read, with nothing focused and inside a text field', async ({ page }) => {
  await openStation(page)
  const status = page.getByRole('status')
  const bluetooth = await bluetoothScanner(page)
  const [, , , , fifth] = casesOf(WEDGE_PACKAGE)
  await bluetooth(WEDGE_PACKAGE, 'azerty')
  await expect(status).toContainText(`Package ${WEDGE_PACKAGE}: Jack Herer Flower 3.5g`)
  // Inside a text field (Settings → Station, the station name): the burst is read, the field keeps its text.
  await page.keyboard.press('F9')
  const name = page.getByLabel('Station name')
  const before = await name.inputValue()
  await name.focus()
  await bluetooth(caseUrl(fifth!))
  await expect(status).toContainText(queuedMessage(fifth!, WEDGE_PACKAGE))
  await expect(name).toHaveValue(before)
  expect(outboxRows(fifth!)).toBe(1)
})

test('a person typing (keys 180-250 ms apart) is typing, not a scan: with nothing focused the screen says to press F2', async ({ page }) => {
  const statuses = await recordStatus(page)
  await openStation(page)
  const status = page.getByRole('status')
  const person = await personTyping(page)
  const human = '1A4FF0100000022000000108'
  // No field has focus: the keys go nowhere, make no scan, and the screen says how to type a code.
  await person(human)
  await expect(status).toHaveText('Typing goes nowhere here: to type a code by hand, press F2.')
  // A scanner burst right after is read, and is the first scan the page reports.
  await (await usbScanner(page))(WEDGE_PACKAGE)
  await expect(status).toContainText(`Package ${WEDGE_PACKAGE}`)
  expect((await statuses()).filter((s) => s.includes(human))).toEqual([])

  // In the F2 field, the same person's keys stay in the field, and Enter submits what was typed (a tag
  // typed in lower case is upper-cased).
  await page.keyboard.press('F2')
  const field = page.getByRole('textbox', { name: 'CaseID or Package UID' })
  await field.focus()
  await person(human.toLowerCase())
  await expect(page.getByTestId('active-package')).toHaveText(human)
  await expect(status).toContainText(`Package ${human}: `)
  expect((await statuses()).filter((s) => /Typing goes nowhere|Not recognised/.test(s))).toHaveLength(1)
})

test('the camera says clearly when there is no camera, and when access is refused', async ({ browser }) => {
  // This browser has no camera at all (camera permission given, so the device is what is missing).
  const none = await browser.newContext({ permissions: ['camera'] })
  const page = await none.newPage()
  await page.goto(demo.web.url)
  const camera = page.getByRole('button', { name: 'Camera', exact: true })
  await camera.click()
  await expect(page.getByText('No camera found.')).toBeVisible()
  await expect(camera).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByLabel('Camera picture')).toBeHidden()
  await none.close()

  // A camera, but the browser refuses the page access (no prompt can be shown headless: refused).
  const withCamera = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--use-fake-device-for-media-stream'] })
  try {
    const refused = await withCamera.newPage()
    await refused.goto(demo.web.url)
    await refused.getByRole('button', { name: 'Camera', exact: true }).click()
    await expect(refused.getByText('Camera access was refused.')).toBeVisible()
  } finally {
    await withCamera.close()
  }
})

/** A browser whose webcam is Chromium's fake camera showing `frame`. */
function cameraShowing(name: string, frame: ReturnType<typeof blank>): Promise<Browser> {
  return browserWithCamera(join(demo.workDir, `${name}.y4m`), [frame, frame, frame, frame])
}

/** Waits until the camera has decoded `more` further frames: time for a second read to show if there were one. */
async function waitForMoreFrames(page: Page, more: number): Promise<void> {
  const view = page.getByTestId('camera-view')
  const now = Number(await view.getAttribute('data-frames-decoded'))
  await expect.poll(async () => Number(await view.getAttribute('data-frames-decoded')), { timeout: 30_000 }).toBeGreaterThanOrEqual(now + more)
}

test('the webcam reads a CaseID QR once, through the same path as a wedge scan', async () => {
  const caseUuid = casesOf(CAMERA_PACKAGE)[0]!
  const frame = placeCentered(blank(640, 480, 110), qrLuma(caseUrl(caseUuid), { moduleSize: 4 }))
  const browser = await cameraShowing('caseid-qr', frame)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const statuses = await recordStatus(page)
    const violations = await recordCspViolations(page)
    const answer = await page.goto(demo.web.url)
    // The decoder worker runs under the page's policy: workers from the app's own files only.
    expect(answer?.headers()['content-security-policy']).toContain("worker-src 'self';")
    await openStation(page)
    await (await usbScanner(page))(CAMERA_PACKAGE)
    await expect(page.getByRole('status')).toContainText(`Package ${CAMERA_PACKAGE}`)

    const camera = page.getByRole('button', { name: 'Camera', exact: true })
    await camera.click()
    await expect(camera).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByRole('status')).toContainText(queuedMessage(caseUuid, CAMERA_PACKAGE))
    await expect(page.getByLabel('Camera picture')).toBeVisible()
    // The picker lists the fake camera by name once permission is given.
    await expect(page.getByRole('combobox', { name: 'Which camera' })).toContainText('caseid-qr.y4m')

    await waitForMoreFrames(page, 12)
    const said = (await statuses()).filter((s) => s.includes(caseUuid))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain(queuedMessage(caseUuid, CAMERA_PACKAGE))
    expect(outboxRows(caseUuid)).toBe(1)
    await expect(page.getByRole('status')).toHaveCount(1)
    expect(violations).toEqual([])

    await camera.click()
    await expect(camera).toHaveAttribute('aria-pressed', 'false')
    await expect(page.getByLabel('Camera picture')).toBeHidden()

    // The camera picked is remembered across a reload.
    const picker = page.getByRole('combobox', { name: 'Which camera' })
    const deviceId = await picker.locator('option').nth(1).getAttribute('value')
    expect(deviceId).toBeTruthy()
    await picker.selectOption(deviceId!)
    await page.reload()
    await expect(page.getByRole('combobox', { name: 'Which camera' })).toHaveValue(deviceId!)
  } finally {
    await browser.close()
  }
})

test('the webcam reads a Code 128 Metrc tag once (two frames agree)', async () => {
  const frame = placeCentered(blank(640, 480, 110), code128Luma(CAMERA_PACKAGE, { barWidth: 2, height: 100 }))
  const browser = await cameraShowing('metrc-code128', frame)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const statuses = await recordStatus(page)
    await openStation(page)
    await fetch(`${demo.sandbox.url}/__sandbox/requests`, { method: 'DELETE' })

    await page.getByRole('button', { name: 'Camera', exact: true }).click()
    await expect(page.getByRole('status')).toContainText(`Package ${CAMERA_PACKAGE}: Blue Dream Flower 3.5g`)
    await expect(page.getByTestId('active-package')).toHaveText(CAMERA_PACKAGE)

    await waitForMoreFrames(page, 12)
    expect((await statuses()).filter((s) => s.includes(CAMERA_PACKAGE))).toHaveLength(1)
    // One package scan, one lookup at the API.
    const lookups = (await sandboxRequests()).filter((r) => r.method === 'GET' && r.path.includes(`/package-uids/${CAMERA_PACKAGE}/`))
    expect(lookups).toHaveLength(1)
  } finally {
    await browser.close()
  }
})
