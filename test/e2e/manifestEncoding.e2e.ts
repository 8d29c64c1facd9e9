// The page's manifest upload reads the file's encoding through the host bridge (issue 14): Excel's
// default Windows CSV shows its accents and the status says what was read; a file in no known encoding
// is refused with the reason and nothing changes.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { RunningSandbox } from '../../electron/sandbox'
import { CAFE_CREME_1252, manifestBytes } from '../support/manifestBytes'
import { configuredDataDirInProcess, demoSandbox } from './support/station'
import { startWeb, type RunningWeb } from './support/web'

const ROW = { pkg: '1A4FF0100000022000000901', caseUuid: 'UNDTMBovdue9tFWfhamnDM', pp: '2222222222222222222222' }

/** The station's page on a data folder configured for a demo sandbox, for the length of `body`. */
async function withStation(body: (web: RunningWeb) => Promise<void>): Promise<void> {
  const sandbox: RunningSandbox = await demoSandbox(mkdtempSync(join(tmpdir(), 'station-e2e-sandbox-')))
  try {
    const web = await startWeb({ dataDir: await configuredDataDirInProcess(sandbox) })
    try {
      await body(web)
    } finally {
      await web.stop()
    }
  } finally {
    await sandbox.stop()
  }
}

test('a Windows-1252 manifest loads with its accents and says so; one in no known encoding is refused', async ({ page }) => {
  await withStation(async (web) => {
    await page.goto(web.url)
    await expect(page.getByRole('heading', { name: /Receiving/ })).toBeVisible()
    await page.locator('#manifest-input').setInputFiles({ name: 'excel-windows.csv', mimeType: 'text/csv', buffer: manifestBytes(CAFE_CREME_1252, ROW) })
    await expect(page.getByRole('status')).toContainText('Manifest loaded: 1 package, 1 row, read as Windows-1252.')
    const expected = page.getByRole('list', { name: 'Expected packages' })
    await expect(expected.getByRole('listitem').filter({ hasText: ROW.pkg })).toContainText('Café Crème')

    const other = { ...ROW, pkg: '1A4FF0100000022000000902' }
    await page.locator('#manifest-input').setInputFiles({ name: 'neither.csv', mimeType: 'text/csv', buffer: manifestBytes([...CAFE_CREME_1252, 0x8d], other) })
    await expect(page.getByRole('status')).toContainText('Manifest not loaded, nothing changed. The file is neither UTF-8 nor Windows-1252 (byte 0x8D at byte')
    await expect(expected).not.toContainText(other.pkg)
    await expect(expected).not.toContainText('�')
  })
})
