// electron-updater behind the service's UpdaterPort (main process only). Updates download in the
// background and install when the app quits: never a restart in the middle of a delivery.
// The feed is the `publish` setting of the build (electron-builder writes app-update.yml); a build
// without one reports that in About. Its logging goes to the station's log, at low volume.
import { app } from 'electron'
import electronUpdater from 'electron-updater'
import type { UpdaterPort } from '../service/updates'

type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

/** Null when the app is not an installed build (npm start): there is nothing to update then. */
export function electronUpdaterPort(log: Log): UpdaterPort | null {
  if (!app.isPackaged) return null
  const { autoUpdater } = electronUpdater
  autoUpdater.autoDownload = true
  autoUpdater.autoInstallOnAppQuit = true
  autoUpdater.allowPrerelease = false
  autoUpdater.logger = {
    info: () => {}, // routine progress: not worth a log line each
    debug: () => {},
    warn: (message: unknown) => log('warn', `updater: ${String(message)}`),
    error: (message: unknown) => log('warn', `updater: ${String(message)}`)
  }
  return {
    async check() {
      const result = await autoUpdater.checkForUpdates()
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null
    },
    onDownloaded(listener) {
      autoUpdater.on('update-downloaded', (info) => listener(info.version))
      // A failed background download is logged; the next check tries again.
      autoUpdater.on('error', (error) => log('warn', 'update download failed', { error: error.message }))
    }
  }
}
