// The colour theme: "system" follows the computer's light or dark setting, and a theme chosen in
// Settings wins over it either way (one palette in styles.css, light and dark side by side).
import { expect, test, type Page } from '@playwright/test'
import { startWeb, type RunningWeb } from './support/web'

let web: RunningWeb

test.beforeAll(async () => {
  web = await startWeb()
})
test.afterAll(async () => {
  await web.stop()
})

const LIGHT_BACKGROUND = 'rgb(244, 245, 247)'
const DARK_BACKGROUND = 'rgb(17, 20, 24)'

function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor)
}

test('"system" follows the computer; a theme chosen in Settings wins over it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(web.url)
  await expect(page.getByRole('heading', { name: 'CaseID Station' })).toBeVisible()
  await expect(page.locator('html')).not.toHaveAttribute('data-theme')
  await expect.poll(() => background(page)).toBe(DARK_BACKGROUND)
  await page.emulateMedia({ colorScheme: 'light' })
  await expect.poll(() => background(page)).toBe(LIGHT_BACKGROUND)

  await page.keyboard.press('F9')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByLabel('Theme').selectOption('light')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await expect.poll(() => background(page)).toBe(LIGHT_BACKGROUND)

  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByLabel('Theme').selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect.poll(() => background(page)).toBe(DARK_BACKGROUND)
  // The page's own controls follow the theme too (color-scheme), not only the colours it sets.
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark')

  await page.getByLabel('Theme').selectOption('system')
  await expect(page.locator('html')).not.toHaveAttribute('data-theme')
  await expect.poll(() => background(page)).toBe(LIGHT_BACKGROUND)
})
