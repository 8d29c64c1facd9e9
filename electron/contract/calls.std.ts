// Every call the renderer can make, with the schema of its argument and of its answer.
// Both hosts validate the argument before anything runs; the renderer validates the answer.
import { z } from 'zod'
import { CALL_NAMES, type CallName } from './channels.std'
import * as v from './values.std'
import { SCAN_SOURCES } from '../shared/scans.std'

const none = z.object({}).strict()
const ok = z.object({ ok: z.literal(true) })
/** The receiving screen (one per page load): "undo last scan" undoes the last scan made on it. */
const screen = z.string().min(1).max(64)

export const calls = {
  getAppInfo: { input: none, output: v.appInfo },
  getSettings: { input: none, output: v.publicSettings },
  setSettings: { input: v.settingsChange, output: v.publicSettings },
  // Whether a settings change points the station at another API, and how many operations are not sent to the current one.
  checkApiSwitch: { input: v.settingsPatch, output: v.apiSwitch },
  // Settings → "Test connection": a token and one cheap call now, and what came of it.
  testConnection: { input: none, output: v.connection },
  submitScan: {
    input: z
      .object({
        text: z.string().max(4096, 'a scan is at most 4096 characters'),
        source: z.enum(SCAN_SOURCES),
        activePackageUid: v.packageUid.nullable(),
        screen: screen.optional(),
        dialog: v.openDialog.nullable().optional()
      })
      .strict(),
    output: v.scanOutcome
  },
  adoptPackageUid: { input: z.object({ text: z.string().max(4096) }).strict(), output: v.scanOutcome },
  // refresh: false answers from the cache merged with the local queue, without asking the API.
  lookupPackage: { input: z.object({ packageUid: v.packageUid, refresh: z.boolean().default(true) }).strict(), output: v.lookupView },
  rememberPackage: {
    input: z
      .object({
        packageUid: v.packageUid,
        posProductId: z.string().trim().min(1).max(100),
        posInventoryId: z.string().trim().min(1).max(100),
        sku: z.string().trim().max(100),
        productName: z.string().trim().max(200)
      })
      .strict(),
    output: v.manifestPackage
  },
  setPackagedProducts: {
    // The ids as the operator gave them: the core checks each and answers in words (the dialog stays open).
    input: z.object({ caseUuid: v.shortUuid, packageUid: v.packageUid, packagedProductUuids: z.array(z.string().max(4096)).min(1).max(1000), screen: screen.optional() }).strict(),
    output: v.scanOutcome
  },
  importAllNotImported: {
    input: z.object({ packageUid: v.packageUid }).strict(),
    // queued: imports (one per packaged product); cases: CaseIDs; message: the core's words for both.
    output: z.object({ queued: z.number().int(), cases: z.number().int(), skipped: z.array(z.object({ caseUuid: z.string(), reason: z.string() })), message: z.string() })
  },
  undoLastScan: { input: z.object({ screen }).strict(), output: v.scanOutcome },
  // What F8 would undo (asked before it does): the last case scan of the operator on shift on this screen.
  lastScan: {
    input: z.object({ screen }).strict(),
    output: z.object({ caseUuid: z.string(), packageUid: z.string(), productName: z.string(), products: z.number().int() }).nullable()
  },
  getQueue: { input: none, output: v.queueView },
  retryItem: { input: z.object({ id: z.number().int().positive() }).strict(), output: ok },
  retryFailed: { input: none, output: z.object({ retried: z.number().int() }) },
  discardItem: { input: z.object({ id: z.number().int().positive() }).strict(), output: ok },
  syncNow: { input: none, output: ok },
  // The file as uploaded (base64 of its bytes: the core detects the encoding and says which it read), or text already decoded.
  loadManifest: {
    input: z
      .object({
        bytes: z.string().max(24_000_000, 'a manifest file is at most 18 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64').optional(),
        csv: z.string().max(20_000_000, 'a manifest is at most 20 MB').optional()
      })
      .strict()
      .refine((o) => (o.bytes === undefined) !== (o.csv === undefined), 'give the file as bytes (base64) or as csv text, one of them'),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), packages: z.number().int(), rows: z.number().int(), encoding: z.string().nullable() }),
      z.object({ ok: z.literal(false), errors: z.array(v.csvError), encoding: z.string().nullable() })
    ])
  },
  // The manager's day (default today in the station's time zone): filtered rows, totals, chart, discrepancies.
  getReviewDay: { input: v.reviewQuery, output: v.reviewDay },
  // A code scanned while the review is open: the id it names (a label's CaseID, LucidID or tag), as the core reads scans.
  idOfScan: { input: z.object({ text: z.string().max(4096, 'a scan is at most 4096 characters') }).strict(), output: z.object({ id: z.string() }) },
  // Undo of an import with a required reason: a remove through the outbox (or a local cancel if never sent).
  undoImport: { input: v.undoImportInput, output: v.undoImportResult },
  exportDayCsv: { input: z.object({ date: v.isoDay }).strict(), output: v.dayExport },
  // Reconcile with LucidRetail: asks the API about the day's packages (progress as 'reconcile' events), then classifies every case.
  reconcileDay: { input: z.object({ date: v.isoDay }).strict(), output: v.reconciledDay },
  // Stops a reconcile in progress: what was asked is kept, the rest comes from the last answers.
  cancelReconcile: { input: none, output: ok },
  // The reconciled day from the last answers (no request) as CSV; columns in the README.
  exportReconciledCsv: { input: z.object({ date: v.isoDay }).strict(), output: v.dayExport },
  // Desktop only: the page as shown (the printable day report) saved as a PDF the user places.
  saveDayReportPdf: { input: z.object({ date: v.isoDay }).strict(), output: v.pdfResult },
  listManifest: { input: none, output: z.object({ packages: z.array(v.manifestPackage) }) },
  getReceivingPreferences: { input: none, output: v.receivingPreferences },
  setReceivingPreferences: { input: v.receivingPreferencesPatch, output: v.receivingPreferences },
  prepareForDay: { input: none, output: v.prepareResult },
  getAppPreferences: { input: none, output: v.appPreferences },
  setAppPreferences: { input: v.appPreferencesPatch, output: v.appPreferences },
  backupNow: { input: none, output: v.backupResult },
  // Desktop: opens the folder in the file manager. Browser host: opened false, the page shows the path.
  openDataFolder: { input: none, output: v.openFolderResult },
  getDiagnostics: { input: none, output: v.diagnostics },
  checkForUpdates: { input: none, output: v.updateStatus },
  // First run: the built-in sandbox's demo manifest loaded into the station (refused on a real API).
  loadDemoData: { input: none, output: v.demoLoaded },
  getNotices: { input: none, output: z.object({ notices: z.array(v.stationNotice) }) },
  dismissNotice: { input: z.object({ id: z.string().min(1).max(200) }).strict(), output: ok }
} as const satisfies Record<CallName, { input: z.ZodType; output: z.ZodType }> // a missing or extra name does not compile

export type CallInput<K extends CallName> = z.input<(typeof calls)[K]['input']>
export type CallOutput<K extends CallName> = z.output<(typeof calls)[K]['output']>

/** What a host answers to every call: the value, or an error the page can show as it is. */
export type CallResult<K extends CallName> =
  | { ok: true; value: CallOutput<K> }
  | { ok: false; error: { code: BridgeErrorCode; message: string } }

export type BridgeErrorCode = 'invalid-call' | 'invalid-argument' | 'refused' | 'internal'

export const callResultEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(['invalid-call', 'invalid-argument', 'refused', 'internal']), message: z.string() })
  })
])

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name)
}

/** The API the page sees, whichever host it runs in. */
export type StationBridge = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>>
} & {
  onEvent(listener: (event: import('./events.std').StationEvent) => void): () => void
}
