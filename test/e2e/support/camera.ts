// Chromium with a fake webcam, for the camera's end-to-end tests.
import { chromium, type Browser, type Page } from '@playwright/test'
import { chromiumArgs, chromiumPath } from '../../../playwright.config'
import { writeY4m, type Y4mFrame } from '../../../scripts/support/y4m'

/** A browser whose webcam is Chromium's fake camera playing `frames` in a loop (written to `file` as .y4m). */
export function browserWithCamera(file: string, frames: readonly Y4mFrame[]): Promise<Browser> {
  writeY4m(file, frames, { fps: 10 })
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`]
  })
}

/** Collects the page's Content-Security-Policy violations (directive, blocked URI, where), from before it loads. */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v))
  await page.addInitScript(() => {
    const report = (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation
    document.addEventListener('securitypolicyviolation', (e) => report(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))
  })
  return violations
}
