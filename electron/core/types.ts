// Values the station core hands to its hosts and its command line. Times are epoch milliseconds
// unless the field name says ISO.

export type Operation = 'import' | 'remove'
export type ItemState = 'pending' | 'in_flight' | 'failed' | 'done' | 'cancelled'
/**
 * How an item ended (or why it is where it is):
 * - done: 'imported' | 'already_imported' (the API already had it in this package) | 'removed' | 'nothing_to_remove'
 * - failed: 'refused' (a 400 with the API's words) | 'conflict' (already imported into another package)
 * - cancelled: 'cancelled' (an unsent import undone by a remove, both cancelled locally) | 'discarded' (by a person)
 */
export type ItemOutcome =
  | 'imported'
  | 'already_imported'
  | 'removed'
  | 'nothing_to_remove'
  | 'refused'
  | 'conflict'
  | 'cancelled'
  | 'discarded'

/** What receiving needs to know of an operation already made on a case (an `OutboxItem` is one). */
export type LocalOperation = Pick<OutboxItem, 'id' | 'operation' | 'state' | 'caseUuid' | 'packagedProductUuid' | 'packageUid'>

export interface OutboxItem {
  id: number
  operation: Operation
  state: ItemState
  outcome: ItemOutcome | null
  caseUuid: string
  packagedProductUuid: string | null
  packageUid: string
  posProductId: string | null
  posInventoryId: string | null
  sku: string | null
  reason: string | null
  operator: string | null
  station: string | null
  source: string | null
  attempts: number
  /** ISO time with offset (UTC) of the enqueue. */
  queuedAt: string
  createdAt: number
  updatedAt: number
  nextAttemptAt: number | null
  lastAttemptAt: number | null
  doneAt: number | null
  /** The API's words (verbatim) for a refusal or an "already imported", else null. */
  apiMessage: string | null
  /** The last transient error (network, timeout, 5xx, 429), cleared when the item ends. */
  lastError: string | null
  /** What a person should read: apiMessage, else lastError. */
  message: string | null
  claimedBy: string | null
  leaseUntil: number | null
  /** For a cancelled pair: the id of the other item. */
  cancelledWith: number | null
  /** The API it is for: sent only while the station points at it. */
  api: import('./settings/apiBinding.std').ApiBinding
  apiName: string
  /** Not sent yet and bound to another API than the current one: that API's name ("waiting for ..."). */
  waitingFor: string | null
  /** Pending and held back: what it waits for, in words (`outbox/waiting.std.ts`; set by the queue). */
  waiting: string | null
}

export interface QueueCounts {
  pending: number
  in_flight: number
  failed: number
  done: number
  cancelled: number
}

export interface ImportInput {
  caseUuid: string
  packagedProductUuid: string
  packageUid: string
  posProductId: string
  posInventoryId: string
  sku?: string | null
  operator?: string | null
  source?: string | null
}

export interface RemoveInput {
  caseUuid: string
  packageUid: string
  packagedProductUuid?: string | null
  reason?: string | null
  operator?: string | null
  source?: string | null
}

export type CaseStatusWord = 'Not imported' | 'Queued' | 'Sending' | 'Imported' | 'Imported elsewhere' | 'Failed'

export interface ApiDispensary {
  uuid: string
  name: string
  state: string
}

export interface LookupCase {
  caseUuid: string
  status: CaseStatusWord
  /** Why: the API's words for a failure, "import queued" / "remove queued", "imported into P (dispensary)". */
  detail: string | null
  importedOn: string | null
  importedInto: string | null
  dispensary: ApiDispensary | null
  /** What the API said about it (null when the API answer does not list the case). */
  api: { isImported: boolean; importedOn: string | null; packageUid: string | null; dispensary: ApiDispensary | null } | null
  onManifest: boolean
  packagedProducts: { uuid: string; status: CaseStatusWord; detail: string | null }[]
}

export interface LookupView {
  packageUid: string
  /** ISO time of the API answer shown, null when there is none. */
  fetchedAt: string | null
  fetchedAtMs: number | null
  /** Age of the answer shown, in ms, at the time of the lookup. */
  ageMs: number | null
  /** True when the API could not be asked just now and the answer is the cached one (or none). */
  stale: boolean
  /** Why the live answer is missing, else null. */
  error: string | null
  manifest: ManifestPackageView | null
  cases: LookupCase[]
}

export interface ManifestRow {
  line: number
  packageUid: string
  posProductId: string
  posInventoryId: string
  sku: string
  productName: string
  caseUuid: string | null
  packagedProductUuid: string | null
}

export interface ManifestPackageView {
  packageUid: string
  productName: string
  sku: string
  posProductId: string
  posInventoryId: string
  /** False for a package an operator entered by hand. */
  onManifest: boolean
  /** Cases the manifest lists for the package (never raised by a case scanned that is not on it). */
  expectedCases: number
  /** Expected cases whose every expected packaged product this station has imported (confirmed by the API). */
  importedCases: number
  /** Packaged products the manifest lists (a case listed without one counts as one). */
  expectedProducts: number
  importedProducts: number
  /** Cases imported into the package that the manifest does not list for it. */
  casesNotOnManifest: number
  /** The progress in words, the same on every face: "0 / 2 cases, 0 / 3 products" (`manifest/progress.std.ts`). */
  progress: string
  cases: { caseUuid: string; packagedProductUuids: string[] }[]
}

/** checking: no answer yet since start or the last settings change. */
export type ConnectionState = 'checking' | 'working' | 'refused' | 'unreachable' | 'not_configured'

export interface ConnectionView {
  state: ConnectionState
  /** null: not asked yet in this process. */
  online: boolean | null
  lastAnswerAt: number | null
  paused: null | 'credentials' | 'not_configured'
  /** A word or two for the top bar. */
  headline: string
  /** The whole sentence: what the state means and what to check. */
  message: string
}

export interface JournalRow {
  id: number
  at: number
  /** ISO with the offset of the requested time zone. */
  time: string
  event: string
  outboxId: number | null
  operation: Operation | null
  state: ItemState | null
  outcome: string | null
  operator: string | null
  station: string | null
  caseUuid: string | null
  packagedProductUuid: string | null
  packageUid: string | null
  apiMessage: string | null
  reason: string | null
  detail: string | null
  /** The API of the operation (null for rows that are not about one). */
  api: import('./settings/apiBinding.std').ApiBinding | null
}

/** One import or remove of a day, as the review and the CSV export show it. */
export interface DayOperationRow {
  id: number
  at: number
  time: string
  operation: Operation
  state: ItemState
  outcome: ItemOutcome | null
  operator: string | null
  station: string | null
  packageUid: string
  productName: string | null
  sku: string | null
  posProductId: string | null
  posInventoryId: string | null
  caseUuid: string
  packagedProductUuid: string | null
  apiMessage: string | null
  reason: string | null
  /** The API it was for, and its name as a person knows it (the CSV's `api` column). */
  api: import('./settings/apiBinding.std').ApiBinding
  apiName: string
}

/**
 * Something the operator must be told when the station opens, kept until dismissed
 * (Station.startupNotices, Station.dismissNotice).
 */
export interface StationNotice {
  id: string
  /** database_replaced: the database file was damaged; it was kept aside and a new one started. */
  kind: 'database_replaced'
  at: number
  message: string
  /** Where the damaged file was kept. */
  file: string
}

export type StationEvent =
  | { type: 'item'; item: OutboxItem; event: string }
  | { type: 'queue'; counts: QueueCounts }
  | { type: 'connection'; connection: ConnectionView }
  | { type: 'settings'; settings: PublicSettings }
  | { type: 'manifest'; packages: number }

/** What the API said about one case, in the cached answer to the lookup of one package. */
export interface CachedCaseAnswer {
  /** The package whose lookup listed the case. */
  listedBy: string
  fetchedAt: number
  isImported: boolean
  importedOn: string | null
  /** The package the case was imported into (null: not imported, or by another company). */
  importedInto: string | null
  dispensary: ApiDispensary | null
}

/** Everything the station knows, without asking anyone, about where a case belongs. */
export interface CaseWhereabouts {
  /** Packages whose loaded manifest lists the case. */
  manifestPackages: string[]
  /** Cached lookup answers that list the case, newest first. */
  api: CachedCaseAnswer[]
}

/** The station's settings as every face may see them (never the client secret). */
export interface PublicSettings {
  /** 'builtin' or a base URL. */
  apiUrl: string
  usingBuiltin: boolean
  /** The API's name as a person knows it: "Built-in sandbox", "LucidRetail test", "LucidRetail production" or the address. */
  apiName: string
  clientId: string
  hasClientSecret: boolean
  stationName: string
  operator: string
  /** Requests per sliding minute the station allows itself. */
  rateLimit: number
  /** CaseIDs sent in parallel. */
  concurrency: number
  /** IANA time zone for days in the review and the export. */
  timeZone: string
}

export interface SettingsPatch {
  apiUrl: string
  clientId: string
  /** Write-only. An empty string or null removes it. */
  clientSecret: string | null
  stationName: string
  operator: string
  rateLimit: number
  concurrency: number
  timeZone: string
}
