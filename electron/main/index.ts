// The Electron main process: a thin shell. It opens the station runtime (the same one the browser
// host uses), serves the page from app://, binds the bridge calls, and enforces the window rules.
// Everything it does besides wiring lives in plain functions that tests run without Electron.
import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron'
import { join } from 'node:path'
import { desktopDataDir } from './dataDir'
import { startStationRuntime, type StationRuntime } from '../service/runtime'
import { bindCalls, forwardEvents } from './ipc'
import { registerAppScheme, serveRenderer } from './protocol'
import { APP_ENTRY_URL, navigationAllowed, permissionAllowed, permissionCheckAllowed, windowOptions } from './security'
import { electronUpdaterPort } from './updater'
import { savePagePdf } from './reportPdf'
import { logStartupFailure, startupFailureText } from './startup'
import { desktopSecretStore } from './secretStore'

const APP_ID = 'io.lucidgreen.caseidstation' // electron-builder.yml appId

registerAppScheme()
app.enableSandbox()
// Chromium's own files (caches, page storage) in a subfolder, so the data folder shows the station's files.
const { dataDir, userData } = desktopDataDir()
app.setPath('userData', userData)
if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
app.setAboutPanelOptions({ applicationName: 'CaseID Station', applicationVersion: app.getVersion(), copyright: 'Receiving-dock station for the LucidRetail CaseIDs API' })

let runtime: StationRuntime | null = null

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url, contents.getURL())) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url, contents.getURL())) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

async function openWindow(): Promise<void> {
  const here = import.meta.dirname
  runtime = await startStationRuntime({
    dataDir,
    host: 'desktop',
    version: app.getVersion(),
    // After 'ready': safeStorage knows only then whether the keyring is there.
    secretStore: (log) => desktopSecretStore(dataDir, safeStorage, log),
    desktop: { openFolder: (path) => shell.openPath(path), updater: electronUpdaterPort, savePagePdf }
  })
  serveRenderer(join(here, '../renderer'))

  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined
    callback(permissionAllowed(permission, contents.getURL(), mediaTypes))
  })
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin, details) =>
    permissionCheckAllowed(permission, origin, 'mediaType' in details ? details.mediaType : undefined)
  )

  bindCalls(runtime.dispatch)
  const window = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs'), `CaseID Station ${app.getVersion()}`))
  forwardEvents(runtime.subscribe, window.webContents)
  window.once('ready-to-show', () => window.show())
  await window.loadURL(APP_ENTRY_URL)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
  app
    .whenReady()
    .then(openWindow)
    .catch((error: unknown) => {
      console.error('CaseID Station could not start:', error)
      try {
        logStartupFailure(error, dataDir)
      } catch {
        // the data folder itself may be what failed
      }
      const { title, text } = startupFailureText(error, dataDir)
      dialog.showErrorBox(title, text)
      app.exit(1)
    })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (!runtime) return
    event.preventDefault()
    const closing = runtime
    runtime = null
    void closing.close().finally(() => app.quit())
  })
}
