import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium (CI installs it), or CHROMIUM_PATH. Playwright's own browser download is never used
// (it cannot be fetched on the machines this is built on), so a missing browser is said plainly here.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromiumPath)) {
  throw new Error(
    `No Chromium at ${chromiumPath}: the end-to-end tests run in Debian's Chromium. Install it (as root: apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary, then run npm test again.`
  )
}
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking']

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs
    },
    trace: 'off'
  }
})
