// The bridge calls, implemented over the core. Each handler receives an argument already validated
// against the contract; what it returns is validated again before it leaves.
import type { AppInfo, StationEvent } from '../contract'
import { parseManifestFile } from '../core/manifest/file'
import { parseManifestCsv } from '../core/manifest/parse'
import { readReceivingPreferences, writeReceivingPreferences } from '../core/preferences'
import { asStorageError } from '../core/store/errors'
import type { Station } from '../core/station'
import { RefusedError, type CallHandlers } from './dispatch'
import { queueView } from './events'
import { createReviewHandlers } from './review'
import { createReconcileHandlers } from './reconcile'
import type { createSupportHandlers } from './support'
import { connectionView, lookupView, manifestView, outcomeView } from './views'

export interface HandlerContext {
  station: () => Station
  info: () => AppInfo
  /** Reopens the station after a change of API (which may start or stop the built-in sandbox). */
  reopen: () => Promise<void>
  hasBuiltinSandbox: () => boolean
  /** Desktop only: saves the page as shown to a PDF the user places (webContents.printToPDF). */
  savePagePdf?: (suggestedName: string) => Promise<{ saved: boolean; file: string | null }>
  /** Preferences, backup, data folder, diagnostics, updates (service/support.ts). */
  support: ReturnType<typeof createSupportHandlers>
  /** Pushes an event to the page (a reconcile's progress). */
  emit: (event: StationEvent) => void
}

/**
 * Core errors carry messages meant for people (validation, refused settings): pass them on as refusals.
 * A read that meets a damaged or unreadable file says so in the station's words, not SQLite's.
 */
function refusal(caught: unknown): RefusedError {
  const error = asStorageError(caught)
  return new RefusedError(error instanceof Error ? error.message : String(error))
}

function refusing<T>(action: () => T): T {
  try {
    return action()
  } catch (error) {
    throw refusal(error)
  }
}

export function createHandlers(context: HandlerContext): CallHandlers {
  const { station } = context
  const receiving = () => station().receiving
  const onScreen = (screen: string | undefined) => (screen ? { screen } : null)
  const outcome = (result: Parameters<typeof outcomeView>[0]) =>
    outcomeView(result, (uid) => station().manifestFor(uid), (id) => station().item(id))

  return {
    getAppInfo: () => context.info(),
    getSettings: () => station().getSettings(),
    checkApiSwitch(patch) {
      const change = refusing(() => station().apiSwitch(patch))
      return { apiSwitch: change ? { fromName: change.fromName, toName: change.toName, unsent: change.unsent } : null }
    },
    async setSettings({ unsent, ...patch }) {
      const before = station().getSettings().apiUrl
      const after = refusing(() => station().setSettings(patch, unsent))
      if ((before === 'builtin') !== (after.apiUrl === 'builtin')) await context.reopen()
      return station().getSettings()
    },
    testConnection: async () => connectionView(await station().checkConnection()),
    submitScan: (scan) => outcome(refusing(() => receiving().submitScan(scan))),
    adoptPackageUid: ({ text }) => outcome(receiving().adoptPackageUid(text)),
    lookupPackage: async ({ packageUid, refresh }) => lookupView(await station().lookup(packageUid, { refresh })),
    rememberPackage(input) {
      refusing(() => station().rememberPackage(input))
      const remembered = station().manifestFor(input.packageUid)
      if (!remembered) throw new Error(`package ${input.packageUid} was not remembered`)
      return manifestView(remembered)
    },
    setPackagedProducts: ({ caseUuid, packageUid, packagedProductUuids, screen }) =>
      outcome(refusing(() => receiving().answerPackagedProducts(caseUuid, packageUid, packagedProductUuids, onScreen(screen)))),
    async importAllNotImported({ packageUid }) {
      // A storage failure (disk full) stops the batch with its message; the cases before it stay queued.
      return station().importAllNotImported(packageUid).catch((error: unknown) => Promise.reject(refusal(error)))
    },
    undoLastScan: ({ screen }) => outcome(refusing(() => receiving().undoLastScan({ screen }))),
    lastScan: ({ screen }) => receiving().lastScan({ screen }),
    getQueue: () => queueView(station()),
    retryItem({ id }) {
      refusing(() => station().retry(id))
      return { ok: true as const }
    },
    retryFailed: () => ({ retried: station().retryFailed() }),
    discardItem({ id }) {
      refusing(() => station().discard(id))
      return { ok: true as const }
    },
    syncNow() {
      station().syncNow()
      return { ok: true as const }
    },
    loadManifest(input) {
      const parsed = input.bytes !== undefined ? parseManifestFile(Buffer.from(input.bytes, 'base64')) : { ...parseManifestCsv(input.csv ?? ''), encoding: null }
      if (!parsed.ok) return { ok: false as const, errors: parsed.errors, encoding: parsed.encoding }
      const loaded = refusing(() => station().loadManifest(parsed.rows))
      return { ok: true as const, packages: loaded.packages, rows: loaded.rows, encoding: parsed.encoding }
    },
    ...createReviewHandlers(station, context.savePagePdf),
    ...createReconcileHandlers(station, context.emit),
    listManifest: () => ({ packages: station().manifestPackages().map(manifestView) }),
    getReceivingPreferences: () => readReceivingPreferences(station().dataDir),
    setReceivingPreferences: (patch) => refusing(() => writeReceivingPreferences(station().dataDir, patch)),
    async prepareForDay() {
      try {
        return await station().prepareForDay()
      } catch (error) {
        // A storage failure while caching (disk full): said as the reason, like any other.
        return { ok: false as const, message: error instanceof Error ? error.message : String(error) }
      }
    },
    getNotices: () => ({ notices: station().startupNotices.map((n) => ({ ...n, at: new Date(n.at).toISOString() })) }),
    dismissNotice({ id }) {
      refusing(() => station().dismissNotice(id))
      return { ok: true as const }
    },
    ...context.support
  }
}

