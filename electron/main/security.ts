// The desktop window's security rules as plain functions, so that tests check them without Electron
// (Electron's security checklist: isolation, sandbox, no Node in the page, CSP, no navigation,
// no new windows, permissions only for the camera and only for our own page).
import type { BrowserWindowConstructorOptions } from 'electron'

/** The app's page is served from this custom protocol, never from a remote URL. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'station'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export function windowOptions(preloadPath: string, title: string): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1366,
    height: 800,
    minWidth: 1280,
    minHeight: 720,
    show: false,
    backgroundColor: '#111418',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  }
}

/** True only for a URL of the app's own page. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST
  } catch {
    return false
  }
}

/** The page never navigates anywhere: the app is a single page, reloads included. */
export function navigationAllowed(targetUrl: string, currentUrl: string): boolean {
  return isAppUrl(targetUrl) && targetUrl === currentUrl
}

/** Only the camera (video, not audio), and only for the app's own top-level page. */
export function permissionAllowed(permission: string, requestingUrl: string, mediaTypes: readonly string[] | undefined): boolean {
  if (!isAppUrl(requestingUrl)) return false
  if (permission !== 'media') return false
  const types = mediaTypes ?? []
  return types.length > 0 && types.every((type) => type === 'video')
}

/** Permission checks (as opposed to requests) also allow enumerating cameras for the picker. */
export function permissionCheckAllowed(permission: string, requestingOrigin: string, mediaType: string | undefined): boolean {
  if (!isAppUrl(requestingOrigin)) return false
  return permission === 'media' && (mediaType === undefined || mediaType === 'video' || mediaType === 'unknown')
}

/** An IPC call is trusted only from the main frame of the app's own page. */
export function senderTrusted(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl)
}
