// The names of the bridge calls and the event channel, without schemas, so that the sandboxed
// preload can import them without bundling the validation library. `calls.ts` checks that every
// name here has a schema and every schema a name.

export const CALL_NAMES = [
  'getAppInfo',
  'getSettings',
  'setSettings',
  'checkApiSwitch',
  'testConnection',
  'submitScan',
  'adoptPackageUid',
  'lookupPackage',
  'rememberPackage',
  'setPackagedProducts',
  'importAllNotImported',
  'undoLastScan',
  'lastScan',
  'getQueue',
  'retryItem',
  'retryFailed',
  'discardItem',
  'syncNow',
  'loadManifest',
  'listManifest',
  'getReviewDay',
  'idOfScan',
  'undoImport',
  'exportDayCsv',
  'reconcileDay',
  'cancelReconcile',
  'exportReconciledCsv',
  'saveDayReportPdf',
  'getReceivingPreferences',
  'setReceivingPreferences',
  'prepareForDay',
  'getAppPreferences',
  'setAppPreferences',
  'backupNow',
  'openDataFolder',
  'getDiagnostics',
  'checkForUpdates',
  'loadDemoData',
  'getNotices',
  'dismissNotice'
] as const

export type CallName = (typeof CALL_NAMES)[number]

/** IPC channel of a call in the desktop app (`ipcMain.handle`). */
export function ipcChannelFor(name: CallName): string {
  return `station:${name}`
}

/** IPC channel on which the main process pushes events to the page. */
export const EVENT_CHANNEL = 'station:event'
