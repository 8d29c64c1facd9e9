// The webcam on real photographs, end to end in Chromium: each photo of the shared ZXing blackbox
// sets (../shared/data/zxing-blackbox/) played as the whole frame of Chromium's fake camera (a .y4m
// written in code, YUV 4:2:0, at least 480 rows), the Camera button pressed, the status region read.
// None of these texts is a CaseID or a Metrc tag: the station says "Not recognised" with the text.
// The decoder worker runs ZXing-C++ (WebAssembly) under the app's own CSP: the camera view names the
// engine that decoded, and the page reports no CSP violation.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { PHOTO_ROOT, photoAsVideoFrame, readPhoto } from '../../scripts/support/photos'
import { browserWithCamera, recordCspViolations } from './support/camera'
import { demoStationPerFile } from './support/station'

const demo = demoStationPerFile('webcam-photos')

const PHOTOS = [
  ['code128-1', '1', 'a Code 128 photo (two frames must agree)'],
  ['code128-3', '1', 'a Code 128 photo from another source'],
  ['qrcode-4', '09', 'a QR photo in uneven light (read by the global-histogram pass)']
] as const

for (const [set, name, what] of PHOTOS) {
  test(`the webcam reads ${what}: ${set}/${name}`, async () => {
    const text = readFileSync(join(PHOTO_ROOT, set, `${name}.txt`), 'utf8')
    const frame = photoAsVideoFrame(readPhoto(join(PHOTO_ROOT, set, `${name}.png`)))
    const browser = await browserWithCamera(join(demo.workDir, `${set}-${name}.y4m`), [frame, frame])
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      const violations = await recordCspViolations(page)
      const answer = await page.goto(demo.web.url)
      expect(answer?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval';")
      await expect(page.getByTestId('connection')).toBeVisible()
      await page.getByRole('button', { name: 'Camera', exact: true }).click()
      await expect(page.getByRole('status')).toContainText(`Not recognised: “${text}”`, { timeout: 30_000 })
      await expect(page.getByTestId('camera-view')).toHaveAttribute('data-decoder', 'zxing-cpp')
      expect(violations).toEqual([])
    } finally {
      await browser.close()
    }
  })
}
