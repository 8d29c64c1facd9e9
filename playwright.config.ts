import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Debian's Chromium when present (CI installs it); Playwright's own browser otherwise.
const debianChromium = '/usr/bin/chromium'
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
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      args: chromiumArgs
    },
    trace: 'off'
  }
})
