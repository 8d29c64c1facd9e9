// The bridge calls, implemented over the core. Each handler receives an argument already validated
// against the contract; what it returns is validated again before it leaves.
import type { AppInfo, StationEvent } from '../contract'
import { parseManifestFile } from '../core/manifest/file'
import { parseManifestCsv } from '../core/manifest/parse'
import { Receiving } from '../core/receiving/receiving'
import { stationReceivingPorts } from '../core/receiving/stationPorts'
import type { Station } from '../core/station'
import { RefusedError, type CallHandlers } from './dispatch'
import { queueView } from './events'
import { createReviewHandlers } from './review'
import { createReconcileHandlers } from './reconcile'
import type { createSupportHandlers } from './support'
import { connectionView, lookupView, manifestView, outcomeView } from './views'
import { readReceivingPreferences, writeReceivingPreferences } from './receivingPreferences'
import { markImportsOfOthers, ownDispensaryStore } from './ownDispensary'

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

/** Core errors carry messages meant for people (validation, refused settings): pass them on as refusals. */
function refusing<T>(action: () => T): T {
  try {
    return action()
  } catch (error) {
    throw new RefusedError(error instanceof Error ? error.message : String(error))
  }
}

export function createHandlers(context: HandlerContext): CallHandlers {
  const { station } = context
  const ownDispensaries = () => {
    const settings = station().getSettings()
    return ownDispensaryStore(station().dataDir, `${settings.apiUrl} ${settings.clientId}`).known()
  }
  const receiving = new Receiving(stationReceivingPorts(station, ownDispensaries))
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
    submitScan: ({ text, source, activePackageUid, screen, dialog }) => {
      const result = refusing(() => (dialog ? receiving.scanInDialog(text, dialog) : receiving.scan(text, source, activePackageUid, onScreen(screen))))
      // Scans that queued something are in the journal through their operations; the others here.
      if (result.kind !== 'queued') {
        station().recordScan({
          outcome: result.kind,
          message: result.message,
          source,
          packageUid: 'packageUid' in result ? result.packageUid : activePackageUid,
          caseUuid: 'caseUuid' in result ? result.caseUuid : null
        })
      }
      return outcome(result)
    },
    adoptPackageUid: ({ text }) => outcome(receiving.adoptPackageUid(text)),
    async lookupPackage({ packageUid, refresh }) {
      const view = lookupView(await station().lookup(packageUid, { refresh }))
      const settings = station().getSettings()
      const own = ownDispensaryStore(station().dataDir, `${settings.apiUrl} ${settings.clientId}`)
      return markImportsOfOthers(view, (caseUuid) => station().operationsOnCase(caseUuid), own)
    },
    rememberPackage(input) {
      refusing(() => station().rememberPackage(input))
      const remembered = station().manifestFor(input.packageUid)
      if (!remembered) throw new Error(`package ${input.packageUid} was not remembered`)
      return manifestView(remembered)
    },
    setPackagedProducts: ({ caseUuid, packageUid, packagedProductUuids, screen }) =>
      outcome(refusing(() => receiving.answerPackagedProducts(caseUuid, packageUid, packagedProductUuids, onScreen(screen)))),
    async importAllNotImported({ packageUid }) {
      const view = await station().lookup(packageUid, { refresh: false })
      const skipped: { caseUuid: string; reason: string }[] = []
      let queued = 0
      for (const c of view.cases.filter((c) => c.status === 'Not imported')) {
        // A storage failure (disk full) stops the batch with its message; the cases before it stay queued.
        const result = refusing(() => receiving.receiveCase(c.caseUuid, packageUid, 'manual'))
        if (result.kind === 'queued') queued += result.items.length
        else skipped.push({ caseUuid: c.caseUuid, reason: result.message })
      }
      return { queued, skipped }
    },
    undoLastScan: ({ screen }) => outcome(refusing(() => receiving.undoLastScan({ screen }))),
    lastScan: ({ screen }) => receiving.lastScan({ screen }),
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

