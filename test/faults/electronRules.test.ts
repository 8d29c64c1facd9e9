// The Electron window's rules, fuzzed (test/main/security.test.ts checks chosen cases), and their
// wiring in the main process checked in its source: the runtime cannot be downloaded here (README,
// "What is not tested here"), so this is what keeps a refactor from silently dropping a rule.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, isAppUrl, navigationAllowed, permissionAllowed, permissionCheckAllowed, senderTrusted } from '../../electron/main/security'
import { ROOT } from '../cli/helpers'
import { recordFigures } from './support/sizes'

const RUNS = 2_000
const urls = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
  fc.constantFrom(`${APP_ENTRY_URL}?x=1`, `${APP_ENTRY_URL}#top`, 'app://station/', 'app://station:80/index.html', 'app://evil@station/other.html', 'app://station.evil/index.html', 'APP://STATION/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'about:blank', 'devtools://devtools/')
)
const permissions = fc.oneof(fc.string(), fc.constantFrom('media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'midi', 'midiSysex', 'hid', 'serial', 'usb', 'display-capture', 'idle-detection'))
const mediaTypes = fc.option(fc.array(fc.constantFrom('video', 'audio', 'unknown', ''), { maxLength: 3 }), { nil: undefined })

describe('Electron rules under generated input', () => {
  it(`never navigates anywhere but the page it is on (${RUNS} URLs)`, () => {
    fc.assert(fc.property(urls, (url) => {
        expect(navigationAllowed(url, APP_ENTRY_URL)).toBe(url === APP_ENTRY_URL)
      }), { numRuns: RUNS })
  })

  it(`grants nothing but the camera, and only to the app page (${RUNS} requests)`, () => {
    fc.assert(
      fc.property(permissions, urls, mediaTypes, (permission, url, types) => {
        const granted = permissionAllowed(permission, url, types)
        if (granted) {
          expect(permission).toBe('media')
          expect(isAppUrl(url)).toBe(true)
          expect(types!.length).toBeGreaterThan(0)
          expect(types!.every((t) => t === 'video')).toBe(true)
        }
        if (permissionCheckAllowed(permission, url, types?.[0])) {
          expect(permission).toBe('media')
          expect(isAppUrl(url)).toBe(true)
          expect(types?.[0]).not.toBe('audio')
        }
      }),
      { numRuns: RUNS }
    )
  })

  it(`trusts IPC only from the app page's main frame (${RUNS} senders)`, () => {
    fc.assert(fc.property(fc.option(urls, { nil: undefined }), fc.boolean(), (url, main) => {
        expect(senderTrusted(url, main)).toBe(main && url !== undefined && isAppUrl(url))
      }), { numRuns: RUNS })
  })
})

describe('the main process wires every rule', () => {
  const main = fs.readFileSync(path.join(ROOT, 'electron/main/index.ts'), 'utf8')
  const ipc = fs.readFileSync(path.join(ROOT, 'electron/main/ipc.ts'), 'utf8')
  const protocol = fs.readFileSync(path.join(ROOT, 'electron/main/protocol.ts'), 'utf8')
  const wiring: [string, string, RegExp][] = [
    ['sandbox for every renderer', main, /app\.enableSandbox\(\)/],
    ['window options from security.ts', main, /windowOptions\(/],
    ['navigation refused', main, /'will-navigate'[\s\S]{0,120}navigationAllowed\([\s\S]{0,80}preventDefault\(\)/],
    ['redirects refused', main, /'will-redirect'[\s\S]{0,120}navigationAllowed\([\s\S]{0,80}preventDefault\(\)/],
    ['webviews refused', main, /'will-attach-webview'[\s\S]{0,60}preventDefault\(\)/],
    ['new windows denied', main, /setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/],
    ['permission requests ruled', main, /setPermissionRequestHandler\([\s\S]{0,200}permissionAllowed\(/],
    ['permission checks ruled', main, /setPermissionCheckHandler\([\s\S]{0,200}permissionCheckAllowed\(/],
    ['IPC senders checked', ipc, /senderTrusted\(/],
    ['CSP on every page answer', protocol, /Content-Security-Policy', CONTENT_SECURITY_POLICY/]
  ]
  it.each(wiring)('%s', (_what, source, pattern) => {
    expect(source).toMatch(pattern)
  })
  afterAll(() => recordFigures('electron-rules', { generatedCases: RUNS * 3, wiringChecks: wiring.length }))
})
