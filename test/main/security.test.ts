import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/contract/csp.std'
import {
  APP_ENTRY_URL,
  isAppUrl,
  navigationAllowed,
  permissionAllowed,
  permissionCheckAllowed,
  senderTrusted,
  windowOptions
} from '../../electron/main/security'

describe('desktop window options (Electron security checklist)', () => {
  const options = windowOptions('/app/out/preload/index.cjs', 'CaseID Station 1.0.0')
  const prefs = options.webPreferences ?? {}

  it('isolates the page, sandboxes it and keeps Node out of it', () => {
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false })
  })

  it('keeps web security on and everything risky off', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      preload: '/app/out/preload/index.cjs'
    })
  })

  it('fits the smallest supported screen', () => {
    expect(options.minWidth).toBe(1280)
    expect(options.minHeight).toBe(720)
  })
})

describe('content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/)
    return [name, values] as const
  }))

  it('allows scripts only from the app itself: no inline, no eval, no remote; WebAssembly compiled from its own files', () => {
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-(inline|eval|hashes)'|https?:|\*/)
  })

  it('forbids plugins, framing, base rewriting and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
  })
})

describe('navigation, permissions and IPC senders', () => {
  it('never navigates away from the loaded page', () => {
    expect(navigationAllowed('https://evil.example/', APP_ENTRY_URL)).toBe(false)
    expect(navigationAllowed('file:///etc/passwd', APP_ENTRY_URL)).toBe(false)
    expect(navigationAllowed('app://station/other.html', APP_ENTRY_URL)).toBe(false)
    expect(navigationAllowed(APP_ENTRY_URL, APP_ENTRY_URL)).toBe(true)
  })

  it('recognises only the app origin', () => {
    expect(isAppUrl('app://station/index.html')).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('http://station/index.html')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })

  it('grants the camera to the app page only, and nothing else', () => {
    expect(permissionAllowed('media', APP_ENTRY_URL, ['video'])).toBe(true)
    expect(permissionAllowed('media', APP_ENTRY_URL, ['audio'])).toBe(false)
    expect(permissionAllowed('media', APP_ENTRY_URL, ['video', 'audio'])).toBe(false)
    expect(permissionAllowed('media', APP_ENTRY_URL, [])).toBe(false)
    expect(permissionAllowed('media', 'https://evil.example/', ['video'])).toBe(false)
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'hid', 'serial']) {
      expect(permissionAllowed(other, APP_ENTRY_URL, undefined)).toBe(false)
    }
    expect(permissionCheckAllowed('media', 'app://station', 'video')).toBe(true)
    expect(permissionCheckAllowed('media', 'https://evil.example', 'video')).toBe(false)
    expect(permissionCheckAllowed('geolocation', 'app://station', undefined)).toBe(false)
  })

  it('trusts IPC only from the main frame of the app page', () => {
    expect(senderTrusted(APP_ENTRY_URL, true)).toBe(true)
    expect(senderTrusted(APP_ENTRY_URL, false)).toBe(false)
    expect(senderTrusted('https://evil.example/', true)).toBe(false)
    expect(senderTrusted(undefined, true)).toBe(false)
  })
})
