// The calls around the station rather than in it: preferences, backup, the data folder,
// diagnostics and the update check. Shared by both hosts; what only the desktop app can do
// (open a folder in the file manager, fetch updates) comes in through DesktopIntegration.
import type { AppInfo, QueueView } from '../contract'
import { backupDatabase } from '../core/backup'
import type { LogFile } from '../core/log/logFile'
import { parseManifestCsv } from '../core/manifest/parse'
import { readAppPreferences, writeAppPreferences } from '../core/preferences'
import type { Station } from '../core/station'
import { demoManifestCsv } from '../sandbox'
import { diagnosticsText } from './diagnostics'
import { RefusedError, type CallHandlers } from './dispatch'
import type { UpdateChecker } from './updates'

export interface SupportContext {
  dataDir: string
  station: () => Station
  info: () => AppInfo
  queue: () => QueueView
  logFile: LogFile
  secrets: () => (string | null)[]
  updates: UpdateChecker
  /** Desktop only: opens a folder in the OS file manager; resolves to '' or an error message. */
  openFolder: ((path: string) => Promise<string>) | null
  /** Called after a change that the page's AppInfo shows (welcome, update setting). */
  infoChanged: () => void
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
}

type SupportCalls = 'getAppPreferences' | 'setAppPreferences' | 'backupNow' | 'openDataFolder' | 'getDiagnostics' | 'checkForUpdates' | 'loadDemoData'

export const DIAGNOSTIC_LOG_LINES = 60

export function createSupportHandlers(context: SupportContext): Pick<CallHandlers, SupportCalls> {
  return {
    getAppPreferences: () => readAppPreferences(context.dataDir),
    setAppPreferences(patch) {
      const saved = writeAppPreferences(context.dataDir, patch)
      context.log('info', 'preferences changed', { keys: Object.keys(patch) })
      context.infoChanged()
      return saved
    },
    async backupNow() {
      try {
        const result = await backupDatabase(context.dataDir)
        context.log('info', 'backup written', { file: result.file, bytes: result.bytes })
        return result
      } catch (error) {
        context.log('error', 'backup failed', { error })
        throw new RefusedError(error instanceof Error ? error.message : String(error))
      }
    },
    async openDataFolder() {
      const path = context.dataDir
      if (!context.openFolder) return { opened: false, path, message: 'The station runs in a browser here: open this folder on the computer that runs it.' }
      const failure = await context.openFolder(path)
      if (failure) {
        context.log('warn', 'could not open the data folder', { error: failure })
        return { opened: false, path, message: `The folder could not be opened (${failure}).` }
      }
      return { opened: true, path, message: 'Opened in the file manager.' }
    },
    getDiagnostics() {
      let queue: QueueView | null = null
      try {
        queue = context.queue()
      } catch (error) {
        context.log('warn', 'diagnostics: queue unreadable', { error })
      }
      const settings = context.station().getSettings()
      const text = diagnosticsText({
        info: context.info(),
        queue,
        clientIdSet: settings.clientId !== '',
        clientSecretSet: settings.hasClientSecret,
        logTail: context.logFile.tail(DIAGNOSTIC_LOG_LINES),
        secrets: context.secrets(),
        now: new Date()
      })
      return { text }
    },
    checkForUpdates: () => context.updates.checkNow(),
    loadDemoData() {
      if (context.station().getSettings().apiUrl !== 'builtin') {
        throw new RefusedError('The demo data belongs to the built-in sandbox; this station talks to LucidRetail. Choose the built-in sandbox in Settings to try it.')
      }
      // The sandbox's own demo manifest, read by the station's own parser like any manifest file.
      const parsed = parseManifestCsv(demoManifestCsv())
      if (!parsed.ok) throw new Error(`the demo manifest does not parse: ${parsed.errors[0]?.message ?? 'unknown error'}`)
      const loaded = context.station().loadManifest(parsed.rows)
      context.log('info', 'demo manifest loaded', { packages: loaded.packages, rows: loaded.rows })
      return { packages: loaded.packages, rows: loaded.rows, packageUids: [...new Set(parsed.rows.map((row) => row.packageUid))] }
    }
  }
}
