// Schemas of the values that cross the bridge. One schema per message; the types are inferred.
import { z } from 'zod'
import { DOT_SEGMENT_WORDS, isDotSegment, PACKAGE_UID_CHARACTERS, PACKAGE_UID_MAX, SHORT_UUID } from '../shared/ids.std'
import { openDialog, TONES, type OpenDialog } from '../shared/scans.std'

// What the screen has open when a scan comes in is the core's word too (its receiving reads it).
export { openDialog, type OpenDialog }

// The preferences' schemas and defaults are the core's too (it keeps them in the data folder).
export {
  appPreferences,
  appPreferencesPatch,
  DEFAULT_RECEIVING_PREFERENCES,
  receivingPreferences,
  receivingPreferencesPatch,
  scannerOptions,
  theme,
  type AppPreferences,
  type ReceivingPreferences,
  type ScannerOptions,
  type Theme
} from '../shared/preferences.std'

/** A base57 ShortUUID as LucidRetail writes them (22 characters, no 0 O I l 1). */
export const shortUuid = z.string().regex(SHORT_UUID, 'must be a 22-character ShortUUID')

/** A Package UID as the station accepts it: printable ASCII without spaces (Metrc tags and others). */
export const packageUid = z
  .string()
  .min(1, 'must not be empty')
  .max(PACKAGE_UID_MAX, `must be at most ${PACKAGE_UID_MAX} characters`)
  .regex(PACKAGE_UID_CHARACTERS, 'must be printable characters without spaces')
  .refine((s) => !isDotSegment(s), DOT_SEGMENT_WORDS)

const isoTime = z.string().datetime({ offset: true })
const shortText = z.string().max(500)

export const apiMode = z.enum(['builtin', 'test', 'production', 'custom'])

/** The desktop app's update check; in the browser host `supported` is false ('not-applicable'). */
export const updateStatus = z.object({
  supported: z.boolean(),
  enabled: z.boolean(),
  state: z.enum(['idle', 'disabled', 'checking', 'up-to-date', 'available', 'downloaded', 'error', 'not-applicable']),
  message: z.string(),
  latestVersion: z.string().nullable(),
  checkedAt: isoTime.nullable()
})

export const appInfo = z.object({
  version: z.string(),
  host: z.enum(['desktop', 'browser']),
  dataDir: z.string(),
  stationName: z.string(),
  operator: z.string(),
  api: z.object({ mode: apiMode, url: z.string() }),
  sandbox: z.boolean(),
  /** Operating system in words (About, diagnostics). */
  platform: z.string().optional(),
  /** True on a fresh station until its welcome is done (never on a station already configured). */
  showWelcome: z.boolean().optional(),
  updates: updateStatus.optional()
})
export type AppInfo = z.infer<typeof appInfo>

export const publicSettings = z.object({
  apiUrl: z.string(),
  apiName: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  stationName: z.string(),
  operator: z.string(),
  rateLimit: z.number().int().positive()
})
export type PublicSettings = z.infer<typeof publicSettings>

export const settingsPatch = z
  .object({
    apiUrl: z.string().min(1).max(2048),
    clientId: z.string().max(256),
    clientSecret: z.string().max(1024),
    stationName: z.string().max(100),
    operator: z.string().max(100),
    rateLimit: z.number().int().min(1).max(100_000)
  })
  .partial()
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatch>

/** What to do with the operations not sent to the API being left: keep them for it, or discard them with a reason. */
export const unsentOnSwitch = z.union([
  z.object({ keep: z.literal(true) }).strict(),
  // shown: how many operations the question showed; the core refuses the discard when there are more (or fewer) now.
  z.object({ discard: z.string().trim().min(1, 'a reason is required to discard them').max(500, 'the reason is at most 500 characters'), shown: z.number().int().nonnegative().optional() }).strict()
])

/** A settings change, with the decision about the unsent operations when it points the station at another API. */
export const settingsChange = settingsPatch.extend({ unsent: unsentOnSwitch.optional() }).strict()

/** What a settings change would do to the API: null when it stays on the same one. */
export const apiSwitch = z.object({
  apiSwitch: z.object({ fromName: z.string(), toName: z.string(), unsent: z.number().int().nonnegative() }).nullable()
})

export const itemState = z.enum(['pending', 'in_flight', 'failed', 'done', 'cancelled'])

export const outboxItem = z.object({
  id: z.number().int(),
  operation: z.enum(['import', 'remove']),
  state: itemState,
  caseUuid: z.string(),
  packagedProductUuid: z.string().nullable(),
  packageUid: z.string(),
  attempts: z.number().int(),
  queuedAt: isoTime,
  operator: z.string().nullable(),
  message: z.string().nullable(),
  /** The name of the API it is for. */
  api: z.string(),
  /** Not sent yet and bound to another API than the current one: that API's name. */
  waitingFor: z.string().nullable(),
  /** Pending and held back: what it waits for, in the core's words. */
  waiting: z.string().max(1000).nullable()
})
export type OutboxItem = z.infer<typeof outboxItem>

export const caseStatusWord = z.enum(['Not imported', 'Queued', 'Sending', 'Imported', 'Imported elsewhere', 'Failed'])
export type CaseStatusWord = z.infer<typeof caseStatusWord>

export const dispensary = z.object({ uuid: z.string(), name: z.string(), state: z.string() })

export const lookupCase = z.object({
  caseUuid: z.string(),
  status: caseStatusWord,
  detail: z.string().nullable(),
  importedOn: isoTime.nullable(),
  importedInto: z.string().nullable(),
  dispensary: dispensary.nullable(),
  packagedProducts: z.array(z.object({ uuid: z.string(), status: caseStatusWord, detail: z.string().nullable() }))
})
export type LookupCase = z.infer<typeof lookupCase>

export const lookupView = z.object({
  packageUid: z.string(),
  fetchedAt: isoTime.nullable(),
  stale: z.boolean(),
  error: z.string().nullable(),
  cases: z.array(lookupCase)
})
export type LookupView = z.infer<typeof lookupView>

export const manifestPackage = z.object({
  packageUid: z.string(),
  productName: z.string(),
  sku: z.string(),
  posProductId: z.string(),
  posInventoryId: z.string(),
  onManifest: z.boolean(),
  /** Cases the manifest lists (an off-manifest scan never raises it), and those imported. */
  expectedCases: z.number().int(),
  importedCases: z.number().int(),
  expectedProducts: z.number().int(),
  importedProducts: z.number().int(),
  casesNotOnManifest: z.number().int(),
  /** The core's words for it: "0 / 2 cases, 0 / 3 products". */
  progress: z.string().max(200),
  cases: z.array(z.object({ caseUuid: z.string(), packagedProductUuids: z.array(z.string()) }))
})
export type ManifestPackage = z.infer<typeof manifestPackage>

export const csvError = z.object({ line: z.number().int(), column: z.string(), message: z.string() })
export type CsvError = z.infer<typeof csvError>

export const connection = z.object({
  state: z.enum(['checking', 'working', 'refused', 'unreachable', 'not_configured']),
  online: z.boolean().nullable(),
  lastAnswerAt: isoTime.nullable(),
  paused: z.enum(['credentials', 'not_configured']).nullable(),
  headline: z.string(),
  message: z.string()
})
export type Connection = z.infer<typeof connection>

export const queueView = z.object({
  counts: z.object({
    pending: z.number().int(),
    sending: z.number().int(),
    failed: z.number().int(),
    importedToday: z.number().int()
  }),
  connection,
  /** Operations bound to another API than the current one, per API: sent when it is chosen again. */
  waiting: z.array(z.object({ api: z.string(), count: z.number().int().positive() })),
  failed: z.array(outboxItem),
  /** Pending items held back, with what each waits for (the first 20). */
  held: z.array(outboxItem),
  recent: z.array(outboxItem)
})
export type QueueView = z.infer<typeof queueView>


/** How a scan felt: which sound to play and how to colour the confirmation. */
export const tone = z.enum(TONES)
export type { Tone } from '../shared/scans.std'

const outcomeBase = { message: shortText, tone }

export const scanOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('package'), packageUid: z.string(), manifest: manifestPackage.nullable(), needsPosIds: z.boolean(), ...outcomeBase }),
  z.object({ kind: z.literal('queued'), caseUuid: z.string(), packageUid: z.string(), items: z.array(outboxItem), ...outcomeBase }),
  z.object({ kind: z.literal('needs-packaged-product'), caseUuid: z.string(), packageUid: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('no-active-package'), caseUuid: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('already'), caseUuid: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('item'), ...outcomeBase }),
  z.object({ kind: z.literal('unrecognised'), shown: z.string(), tag: z.string().nullable(), ...outcomeBase }),
  z.object({ kind: z.literal('undone'), caseUuid: z.string(), packageUid: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('refused'), ...outcomeBase }),
  z.object({ kind: z.literal('wrong-package'), caseUuid: z.string(), packageUid: z.string(), productName: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('imported-already'), caseUuid: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('packaged-product-id'), id: z.string(), ...outcomeBase }),
  z.object({ kind: z.literal('invalid-answer'), caseUuid: z.string(), packageUid: z.string(), ...outcomeBase })
])
export type ScanOutcome = z.infer<typeof scanOutcome>

// ---------- the manager's review of a day ----------

export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
export const reviewStateGroup = z.enum(['imported', 'removed', 'queued', 'failed', 'cancelled'])
export const reviewSort = z.enum(['time', 'operation', 'state', 'operator', 'package', 'product', 'case'])

export const reviewQuery = z
  .object({
    date: isoDay.nullable().default(null),
    operator: z.string().max(100).nullable().default(null),
    state: reviewStateGroup.nullable().default(null),
    packageUid: z.string().max(64).nullable().default(null),
    search: z.string().max(100, 'a search is at most 100 characters').nullable().default(null),
    sort: reviewSort.default('time'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(5000).default(1000)
  })
  .strict()

const text = z.string().nullable()
const count = z.number().int()

export const reviewRow = z.object({
  id: count,
  time: isoTime,
  operation: z.enum(['import', 'remove']),
  state: itemState,
  /** The CSV's state words: imported, already imported, removed, queued, sending, failed, failed (conflict), cancelled, discarded. */
  stateWord: z.string(),
  group: reviewStateGroup,
  operator: text,
  station: text,
  packageUid: z.string(),
  productName: text,
  sku: text,
  posProductId: text,
  posInventoryId: text,
  caseUuid: z.string(),
  packagedProductUuid: text,
  apiMessage: text,
  reason: text,
  /** The name of the API the operation was for (the CSV's api column). */
  apiName: z.string(),
  attempts: count,
  canUndo: z.boolean(),
  undoneBy: z.object({ id: count, time: isoTime, stateWord: z.string(), operator: text, reason: text }).nullable()
})

export const reviewDay = z.object({
  date: isoDay,
  today: isoDay,
  timeZone: z.string(),
  start: isoTime,
  end: isoTime,
  hours: count,
  totals: z.object({ operations: count, imports: count, removes: count, imported: count, removed: count, queued: count, failed: count, cancelled: count }),
  hourly: z.array(z.object({ start: isoTime, label: z.string(), imported: count, queued: count, failed: count, other: count })),
  operators: z.array(z.string()),
  packages: z.array(z.string()),
  apis: z.array(z.object({ name: z.string(), operations: count })),
  /** Said at the top of the review when the day's operations went to more than one API. */
  mixedApis: z.string().nullable(),
  rows: z.array(reviewRow),
  matched: count,
  failures: z.array(reviewRow),
  discrepancies: z.object({
    packages: count,
    expectedNotReceived: z.array(
      z.object({ packageUid: z.string(), productName: z.string(), caseUuid: z.string(), packagedProductUuid: text, status: z.enum(['not scanned', 'failed', 'removed']), detail: text })
    ),
    receivedNotOnManifest: z.array(
      z.object({ packageUid: z.string(), productName: text, caseUuid: z.string(), packagedProductUuid: text, why: z.string(), time: isoTime, operator: text })
    ),
    importedElsewhere: z.array(
      z.object({ caseUuid: z.string(), packageUid: z.string(), importedInto: text, dispensary: text, importedOn: text, source: z.enum(['conflict', 'lookup']), apiMessage: text })
    )
  })
})

export const undoImportInput = z
  .object({ id: z.number().int().positive(), reason: z.string().trim().min(1, 'a reason is required').max(500, 'the reason is at most 500 characters') })
  .strict()
export const undoImportResult = z.object({ kind: z.enum(['queued', 'cancelled']), message: z.string() })
export const dayExport = z.object({ date: isoDay, fileName: z.string(), rows: count, csv: z.string() })
export const pdfResult = z.object({ saved: z.boolean(), file: z.string().nullable() })

export type ReviewQuery = z.input<typeof reviewQuery>
export type ReviewRow = z.infer<typeof reviewRow>
export type ReviewDay = z.infer<typeof reviewDay>
export type ReviewStateGroup = z.infer<typeof reviewStateGroup>
export type ReviewSort = z.infer<typeof reviewSort>

// ---------- Reconcile with LucidRetail (the store's day, every station) ----------

/** The findings in the order the core lists them (the actionable first); see core/reconcile/classify.std.ts. */
export const reconcileFinding = z.enum(['not_imported', 'unconfirmed', 'different_package', 'this_station', 'this_dispensary', 'other_dispensary', 'other_company', 'not_checked'])
const findingCounts = z.object(Object.fromEntries(reconcileFinding.options.map((f) => [f, count])) as Record<z.infer<typeof reconcileFinding>, typeof count>)
export const reconcileProgress = z.object({ total: count, done: count, asked: count, fresh: count, failed: count })
const apiDispensary = z.object({ uuid: z.string(), name: z.string(), state: z.string() })

export const reconciledDay = z.object({
  date: isoDay,
  timeZone: z.string(),
  at: isoTime,
  asked: z.boolean(),
  cancelled: z.boolean(),
  progress: reconcileProgress.nullable(),
  ownDispensaries: z.array(z.string()),
  findings: z.array(z.object({ finding: reconcileFinding, words: z.string() })),
  totals: findingCounts.extend({ cases: count, expected: count }),
  packages: z.array(
    z.object({
      packageUid: z.string(),
      productName: text,
      onManifest: z.boolean(),
      expected: count,
      answerAt: text,
      answerAgeMs: z.number().nullable(),
      problem: text,
      counts: findingCounts
    })
  ),
  cases: z.array(
    z.object({
      packageUid: z.string(),
      productName: text,
      caseUuid: z.string(),
      expected: z.boolean(),
      finding: reconcileFinding,
      words: z.string(),
      api: z.object({ isImported: z.boolean(), importedInto: text, importedOn: text, dispensary: apiDispensary.nullable() }).nullable(),
      station: z.object({ state: z.enum(['imported', 'queued', 'sending', 'failed', 'removed', 'removing']), at: z.number(), operator: text, message: text }).nullable()
    })
  )
})

export type ReconcileFinding = z.infer<typeof reconcileFinding>
export type ReconcileProgress = z.infer<typeof reconcileProgress>
export type ReconciledDay = z.infer<typeof reconciledDay>

export const prepareResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    exportDate: z.string(),
    packages: z.number().int(),
    cases: z.number().int(),
    cached: z.number().int(),
    kept: z.number().int(),
    skipped: z.number().int()
  }),
  z.object({ ok: z.literal(false), message: shortText })
])

export type PrepareOutcome = z.infer<typeof prepareResult>


export const backupResult = z.object({ file: z.string(), bytes: z.number().int().nonnegative(), at: isoTime })
export const openFolderResult = z.object({ opened: z.boolean(), path: z.string(), message: z.string() })
export const diagnostics = z.object({ text: z.string() })
export const demoLoaded = z.object({ packages: z.number().int(), rows: z.number().int(), packageUids: z.array(z.string()) })

export type UpdateStatus = z.infer<typeof updateStatus>
export type BackupResult = z.infer<typeof backupResult>
export type OpenFolderResult = z.infer<typeof openFolderResult>

/** Something the operator must be told when the station opens, kept until dismissed. */
export const stationNotice = z.object({ id: z.string(), kind: z.string(), at: isoTime, message: z.string().max(4000), file: z.string() })
export type StationNotice = z.infer<typeof stationNotice>
