// Issue 12 item 4 and 6 at 1280×720 (the suite's viewport): a first run one thing at a time with the
// work always in view (no page scroll, nothing cut), the top bar and the status line whatever they
// say, and the favicon (no 404 on load).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_CLIENT } from '../../electron/sandbox'
import { openStation } from '../../electron/core/station'
import { normalDay } from './support/normalDay'
import { caseRow, configuredDataDirInProcess, demoSandbox, scan, stoppedAfterEachTest } from './support/station'
import { startWeb } from './support/web'

const running = stoppedAfterEachTest()

/** The page itself never scrolls: the screen fits the window. */
async function expectNoPageScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.scrollingElement!.scrollHeight - document.scrollingElement!.clientHeight))
    .toBeLessThanOrEqual(0)
  await expect.poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBeLessThanOrEqual(0)
}

/** Every element of the top bar is inside the window, and the bar does not overflow. */
async function expectTopBarFits(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const bar = document.querySelector<HTMLElement>('header.topbar')!
        const outside = [...bar.querySelectorAll<HTMLElement>('*')]
          .filter((el) => {
            const box = el.getBoundingClientRect()
            return box.width > 0 && (box.right > window.innerWidth || box.left < 0)
          })
          .map((el) => el.textContent)
        return { outside, overflow: bar.scrollWidth - bar.clientWidth }
      })
    )
    .toEqual({ outside: [], overflow: 0 })
}

/** The whole element is in the window and not clipped by a scrolled panel (IntersectionObserver). */
const expectWhole = (locator: Locator) => expect(locator).toBeInViewport({ ratio: 1 })

/** No panel of the receiving screen shows a scroll bar: nothing in it is out of view. */
async function expectNoPanelScroll(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('main.receiving, main.receiving *')]
          .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1)
          .map((el) => `${el.className || el.tagName}: ${el.scrollHeight} > ${el.clientHeight}`)
      )
    )
    .toEqual([])
}

test('first run at 1280×720: welcome, then who is on shift, demo data, a package scanned; all in view, no page scroll, no 404', async ({ page }) => {
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  running.web = await startWeb()
  await page.goto(running.web.url)

  // The welcome alone: nobody is asked who is on shift over it.
  const welcome = page.getByTestId('welcome')
  await expect(welcome.getByRole('heading', { name: 'Welcome' })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expectWhole(welcome.getByRole('button', { name: 'Try it with demo data' }))
  await expectNoPageScroll(page)

  // The favicon is the one SVG icon, served by the host under the page's policy.
  const icon = page.locator('link[rel="icon"]')
  await expect(icon).toHaveAttribute('type', 'image/svg+xml')
  const iconAnswer = await page.request.get(new URL((await icon.getAttribute('href'))!, page.url()).toString())
  expect(iconAnswer.status()).toBe(200)
  expect(iconAnswer.headers()['content-type']).toBe('image/svg+xml')
  expect(await iconAnswer.text()).toBe(readFileSync(join(process.cwd(), 'resources/icon.svg'), 'utf8'))

  // Then (one thing at a time) who is on shift, then the demo data.
  await welcome.getByRole('button', { name: 'Try it with demo data' }).click()
  const who = page.getByRole('dialog', { name: 'Who is on shift?' })
  await who.getByLabel('Operator name').fill('Robin')
  await who.getByRole('button', { name: 'Start shift' }).click()
  await expect(who).toHaveCount(0)
  await expect(welcome.getByRole('heading', { name: 'Demo data loaded' })).toBeVisible()
  await expectWhole(welcome.getByRole('button', { name: 'Start receiving' }))
  await expectNoPageScroll(page)

  // A package of the demo scanned: the welcome gives way to the receiving screen, the whole of it.
  const pkg = '1A4FF0100000022000000103'
  await expect(welcome.getByText(pkg)).toBeVisible()
  await scan(page, pkg)
  await expect(page.getByTestId('active-package')).toHaveText(pkg)
  await expect(page.getByTestId('welcome')).toHaveCount(0)
  const rows = page.locator('table.cases tbody tr')
  await expect(rows).toHaveCount(6)
  for (const row of await rows.all()) await expectWhole(row)
  await expectWhole(page.getByRole('status'))
  await expectWhole(page.getByTestId('connection'))
  for (const count of ['count-pending', 'count-sending', 'count-failed', 'count-imported']) await expectWhole(page.getByTestId(count))
  await expectWhole(page.getByRole('list', { name: 'Expected packages' }).getByRole('listitem').last())
  await expectWhole(page.getByRole('contentinfo', { name: 'Keyboard shortcuts' }))
  await expectNoPanelScroll(page)
  await expectNoPageScroll(page)
  await expectTopBarFits(page)

  // A long message wraps onto more lines and is never cut: its end is on screen.
  const garbage = `NOT-A-LABEL-${'X'.repeat(60)}-END`
  await scan(page, garbage)
  const status = page.getByRole('status')
  await expect(status).toContainText('Not recognised')
  await expectWhole(status)
  await expect
    .poll(() =>
      status.evaluate((el) => {
        const line = parseFloat(getComputedStyle(el).lineHeight)
        const box = el.getBoundingClientRect()
        return { lines: Math.round(box.height / line) >= 2, clipped: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1 }
      })
    )
    .toEqual({ lines: true, clipped: false })
  await expectNoPageScroll(page)

  // No resource answered 404 (or anything else) on the way: the favicon included.
  expect(consoleErrors.filter((text) => /Failed to load resource|404/.test(text))).toEqual([])
})

test('the top bar never leaves the window: refused credentials in long words and a long operator name', async ({ page }) => {
  running.workDir = mkdtempSync(join(tmpdir(), 'station-e2e-layout-'))
  running.sandbox = await demoSandbox(running.workDir)
  const dataDir = await configuredDataDirInProcess(running.sandbox, 'Alexandra Konstantinopoulou-Vandersteen (weekend shift)')
  // A wrong secret and one import waiting: the station tries, the API refuses, the queue pauses.
  const station = openStation({ dataDir })
  try {
    station.setSettings({ clientSecret: `${DEMO_CLIENT.clientSecret}-wrong` })
    station.enqueueImport({ caseUuid: 'W3Yasw36kyfdcurPq8UvMH', packagedProductUuid: 'W3Yasw36kyfdcurPq8UvMH', packageUid: '1A4FF0100000022000000103', posProductId: 'PRD-1003', posInventoryId: 'INV-5003' })
  } finally {
    await station.close()
  }
  running.web = await startWeb({ dataDir })
  await page.goto(running.web.url)
  const connection = page.getByTestId('connection')
  await expect(connection).toContainText(/refused/i)
  await expectTopBarFits(page)
  await expectWhole(connection)
  await expectWhole(page.getByRole('button', { name: /Review the day/ }))
  await expectNoPageScroll(page)
  rmSync(dataDir, { recursive: true, force: true })
})

test('a normal day at 1280×720 is all in view: a package of 20 cases, a manifest of 10 packages, 3 failed items', async ({ page }) => {
  running.workDir = mkdtempSync(join(tmpdir(), 'station-e2e-layout-'))
  const day = await normalDay(running.workDir)
  running.sandbox = day.sandbox
  running.web = await startWeb({ dataDir: day.dataDir })
  await page.goto(running.web.url)
  await scan(page, day.big.uid)
  await expect(page.getByTestId('active-package')).toHaveText(day.big.uid)
  await expect(caseRow(page, day.big.cases[19]!)).toContainText('Not imported')

  // Every case, every package and every failed item, whole, with no scroll bar anywhere.
  for (const c of day.big.cases) await expectWhole(caseRow(page, c))
  const packages = page.getByRole('list', { name: 'Expected packages' }).getByRole('listitem')
  await expect(packages).toHaveCount(day.manifestPackages.length)
  expect(day.manifestPackages).toHaveLength(10)
  for (const pkg of await packages.all()) await expectWhole(pkg)
  const failed = page.getByRole('list', { name: 'Failed items' }).getByRole('listitem')
  await expect(failed).toHaveCount(3)
  for (const item of await failed.all()) {
    await expectWhole(item.getByRole('button', { name: 'Retry' }))
    await expectWhole(item.getByRole('button', { name: /Discard/ }))
  }
  await expect(page.getByTestId('count-failed')).toHaveText('3')
  for (const control of [
    page.getByRole('button', { name: /Import all not imported/ }),
    page.getByRole('button', { name: /Sync now/ }),
    page.getByRole('button', { name: /Retry all failed/ }),
    page.getByRole('button', { name: /Prepare for the day/ }),
    page.getByRole('button', { name: 'Camera' }),
    page.getByRole('status'),
    page.getByTestId('connection'),
    page.getByTestId('count-imported')
  ]) await expectWhole(control)
  await expectNoPanelScroll(page)
  await expectNoPageScroll(page)
  await expectTopBarFits(page)
  rmSync(day.dataDir, { recursive: true, force: true })
})
