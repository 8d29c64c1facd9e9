// The station facade: everything the desktop app, the browser host and the command line do with a
// data folder goes through here, so all three behave the same. It only composes the parts, each in
// its own module with one job (see docs/ARCHITECTURE.md, "The station's parts").
import path from 'node:path'
import { ownerOnlyDataDir, prepareDataDir } from './dataDir'
import { ApiAccess } from './connection/apiAccess'
import { ConnectionMonitor } from './connection/monitor'
import { ChangeFeed } from './events/changeFeed'
import type { LogFn } from './log/logFn'
import { Lookups } from './lookup/lookups'
import type { PrepareResult } from './lookup/prepare'
import { ManifestPackages } from './manifest/packages'
import { Notices } from './notices/notices'
import { OutboxOperations, type DrainReport, type OutboxQueue } from './outbox/operations'
import { Worker } from './outbox/worker'
import type { LastScans } from './receiving/lastScans'
import { Receiving, type ReceiveAllResult } from './receiving/receiving'
import { journalScan, type ScanRecord } from './receiving/scanJournal'
import { receivingPorts } from './receiving/stationPorts'
import { Reconciler, type ReconciledDay } from './reconcile/reconcileDay'
import type { ReconcileProgress } from './reconcile/refresh'
import { DayReview } from './review/dayReview'
import type { ReviewDay, ReviewQuery } from './review/review.std'
import { apiBindingOf, type ApiBinding } from './settings/apiBinding.std'
import { apiSwitchOf, changeSettings, type ApiSwitch, type UnsentOnSwitch } from './settings/apiSwitch'
import type { SecretDescription, SecretStore } from './settings/secretStore'
import { Settings, type PublicSettings, type SettingsPatch } from './settings/settings'
import { envDbOptions, type Db, type DbOptions } from './store/db'
import { writing } from './store/errors'
import { FileIdentity } from './store/fileIdentity'
import { openStationDatabase } from './store/open'
import type { DatabaseOwnership } from './store/ownership'
import { ReviewStore, Store } from './store/store'
import { WriteGuard } from './store/writeGuard'
import type * as T from './types'

export type { PublicSettings, SettingsPatch } from './settings/settings'
export type * from './types'
export { StationError } from './validate.std'
export { StoreVersionError } from './store/db'
export { StorageError } from './store/errors'
export { SettingsError } from './settings/settings'
export type { SecretDescription, SecretStore } from './settings/secretStore'
export type { ReviewDay, ReviewQuery } from './review/review.std'
export type { ApiBinding } from './settings/apiBinding.std'
export type { ApiSwitch, UnsentOnSwitch } from './settings/apiSwitch'
export type { ReconcileProgress } from './reconcile/refresh'
export type { Finding, ReconciledCase, ReconciledPackage } from './reconcile/classify.std'
export type { ReconciledDay } from './reconcile/reconcileDay'
export type { LogFn } from './log/logFn'
export type { OutboxQueue } from './outbox/operations'
export { mergeCases } from './lookup/merge.std'
export { LastScans } from './receiving/lastScans'

export interface StationOptions {
  dataDir: string
  /** Used when the api-url setting is 'builtin' (the default of a new data folder). */
  builtinApi?: { url: string; clientId: string; clientSecret: string }
  now?: () => number
  /** Never receives the secret. */
  log?: LogFn
  /** Per request, default 10 s. */
  requestTimeoutMs?: number
  /** Lease of a claimed item, default 8 s (heartbeat every quarter of it). */
  leaseMs?: number
  random?: () => number
  /** Database open options; unset ones come from the environment (STATION_SQLITE_BINDING, STATION_DB_MAX_PAGE_COUNT). */
  database?: DbOptions
  /** Where the client secret is kept; default the owner-only file <dataDir>/client-secret (the desktop app passes its keyring store). */
  secretStore?: SecretStore
  /** "Undo last scan" memory of the screens, kept by whoever outlives this opening (a host reopens the station on a switch of API); default this station's own. */
  lastScans?: LastScans
}

export const DATABASE_FILE = 'station.sqlite'

export function openStation(options: StationOptions): Station {
  return new Station(options)
}

export class Station {
  readonly dataDir: string
  private readonly db: Db
  private readonly ownership: DatabaseOwnership
  private readonly settings: Settings
  /** What most parts are built on: the store, the settings, the guarded writes, the clock. */
  private readonly base: { store: Store; settings: Settings; writes: WriteGuard; now: () => number }
  private readonly notices: Notices
  private readonly feed: ChangeFeed
  private readonly access: ApiAccess
  private readonly monitor: ConnectionMonitor
  private readonly worker: Worker
  private readonly operations: OutboxOperations
  private readonly packages: ManifestPackages
  private readonly lookups: Lookups
  private readonly review: DayReview
  private readonly reconciler: Reconciler
  /** What a scan means at the dock; "undo last scan" in the memory given (StationOptions.lastScans). */
  readonly receiving: Receiving
  private closed = false

  constructor(options: StationOptions) {
    this.dataDir = path.resolve(options.dataDir)
    prepareDataDir(this.dataDir)
    const now = options.now ?? Date.now
    const log = options.log ?? (() => {})
    const file = path.join(this.dataDir, DATABASE_FILE)
    const opened = writing(() => openStationDatabase(file, { ...envDbOptions(), ...options.database }, now()))
    ownerOnlyDataDir(this.dataDir) // the database, its -wal, -shm and owner lock, as SQLite created them
    const db = (this.db = opened.db)
    this.ownership = opened.ownership
    const writes = new WriteGuard(new FileIdentity(file), log)
    const store = new Store(db, opened.settingsCopy, writes)
    const reviewStore = new ReviewStore(db)
    const settings = (this.settings = new Settings(store, this.dataDir, options.secretStore))
    const base = (this.base = { store, settings, writes, now })
    this.notices = new Notices(store, () => settings.get().stationName, now, log)
    if (opened.replaced) this.notices.noteReplacedDatabase(opened.replaced)
    const currentApi = () => this.currentApi()
    const feed = (this.feed = new ChangeFeed({
      db,
      store,
      settings: () => settings.get(),
      currentApi,
      log,
      settingsChanged: () => this.access.forget(),
      afterChanges: () => this.monitor.publishIfChanged()
    }))
    const changed = () => feed.publishChanges()
    const isClosed = () => this.closed
    const access = (this.access = new ApiAccess({
      db,
      store,
      settings,
      builtinApi: options.builtinApi,
      requestTimeoutMs: options.requestTimeoutMs,
      now,
      log,
      connectionMayHaveChanged: () => this.monitor.publishIfChanged(),
      changed
    }))
    this.monitor = new ConnectionMonitor({ ...base, access, log, workerRunning: () => this.worker.isRunning, hasListeners: () => feed.hasListeners, emit: (e) => feed.emit(e), isClosed })
    const answered = (reachable: boolean, at: number) => this.monitor.answered(reachable, at)
    this.worker = new Worker({
      store,
      client: () => {
        const c = access.currentClient()
        return c.client ? { client: c.client, api: c.api } : { client: null, reason: c.reason }
      },
      paused: () => access.pauseState() !== null,
      pause: (reason, message, client) => access.pause(reason, message, client),
      limits: () => settings.limits(),
      now,
      ...(options.random ? { random: options.random } : {}),
      log,
      changed,
      answered,
      ...(options.leaseMs ? { leaseMs: options.leaseMs, heartbeatMs: Math.max(50, Math.floor(options.leaseMs / 4)) } : {})
    })
    this.operations = new OutboxOperations({ ...base, worker: this.worker, paused: () => access.pauseState() !== null, changed, isClosed })
    this.packages = new ManifestPackages({ ...base, changed })
    const operations = this.operations
    this.lookups = new Lookups({ ...base, dataDir: this.dataDir, access, packages: this.packages, answered, operationsOnCase: (c) => operations.operationsOnCase(c) })
    this.review = new DayReview({ ...base, reviewStore, operations: this.operations })
    this.reconciler = new Reconciler({ ...base, dataDir: this.dataDir, reviewStore, ask: (uid, signal) => this.lookups.askApi(uid, signal) })
    const journal = (scan: ScanRecord) => journalScan(base, scan)
    this.receiving = new Receiving(operations, receivingPorts({ dataDir: this.dataDir, settings, packages: this.packages, lookups: this.lookups, journalScan: journal }), options.lastScans)
  }

  // notices (notices/notices.ts)
  /** What the operator must be told (a damaged database replaced at start), until dismissed. */
  get startupNotices(): T.StationNotice[] {
    return this.notices.list()
  }
  dismissNotice(id: string): void {
    this.notices.dismiss(id)
  }

  // settings (settings/settings.ts, settings/apiSwitch.ts)
  getSettings(): PublicSettings {
    return this.settings.get()
  }
  /** Whether the client secret is set, how it is kept, and why this process cannot use it if so (never the secret). */
  clientSecretStatus(): SecretDescription {
    return this.settings.describeSecret()
  }
  /** The API the station points at now: new operations are bound to it, and only its operations are sent. */
  currentApi(): ApiBinding {
    return apiBindingOf(this.settings.get())
  }
  apiSwitch(patch: Partial<SettingsPatch>): ApiSwitch | null {
    return apiSwitchOf(this.base, patch)
  }
  /** See changeSettings; a change of API or credentials also un-pauses the queue and forgets the old link. */
  setSettings(patch: Partial<SettingsPatch>, unsent?: UnsentOnSwitch): PublicSettings {
    const { connectionChanged } = changeSettings(this.base, patch, unsent)
    if (connectionChanged) {
      this.access.forget()
      this.access.clearPause()
      this.worker.connectionChanged()
      this.monitor.apiChanged()
    }
    // Publishes the settings event from the journal row just written.
    this.feed.publishChanges()
    return this.settings.get()
  }

  // connection and pause (connection/monitor.ts, connection/apiAccess.ts)
  connection(): T.ConnectionView {
    return this.monitor.view()
  }
  checkConnection(): Promise<T.ConnectionView> {
    return this.monitor.check()
  }
  startConnectionMonitor(): void {
    this.monitor.start()
  }

  // change feed (events/changeFeed.ts)
  on(listener: (event: T.StationEvent) => void): () => void {
    return this.feed.on(listener)
  }

  // receiving (receiving/receiving.ts: scans through `receiving`; receiving/scanJournal.ts)
  recordScan(scan: ScanRecord): void {
    journalScan(this.base, scan)
  }
  /** F4: every case the lookup (cached answer) shows "Not imported", received as if typed by hand. */
  async importAllNotImported(packageUid: string): Promise<ReceiveAllResult> {
    const view = await this.lookup(packageUid, { refresh: false })
    return this.receiving.receiveAll(view.cases.filter((c) => c.status === 'Not imported').map((c) => c.caseUuid), packageUid)
  }

  // outbox (outbox/operations.ts)
  enqueueImport = (input: T.ImportInput): T.OutboxItem => this.operations.enqueueImport(input)
  enqueueImports = (inputs: T.ImportInput[]): T.OutboxItem[] => this.operations.enqueueImports(inputs)
  enqueueRemove = (input: T.RemoveInput, api?: ApiBinding): T.OutboxItem | { cancelled: T.OutboxItem[] } => this.operations.enqueueRemove(input, api)
  item = (id: number): T.OutboxItem | null => this.operations.item(id)
  queue = (opts: { all?: boolean } = {}): OutboxQueue => this.operations.queue(opts)
  importedToday = (): number => this.operations.importedToday()
  operationsOnCase = (caseUuid: string): T.OutboxItem[] => this.operations.operationsOnCase(caseUuid)
  retry = (id: number): void => this.operations.retry(id)
  retryFailed = (): number => this.operations.retryFailed()
  discard = (id: number, reason?: string): void => this.operations.discard(id, reason)
  startWorker = (): void => this.operations.startWorker()
  stopWorker = (): Promise<void> => this.worker.stop()
  syncNow = (): void => this.operations.syncNow()
  drainReport = (opts: { timeoutMs?: number } = {}): Promise<DrainReport> => this.operations.drain(opts)
  async drain(opts: { timeoutMs?: number } = {}): Promise<boolean> {
    return (await this.operations.drain(opts)).ok
  }

  // manifest packages (manifest/packages.ts)
  loadManifest = (rows: T.ManifestRow[]): { packages: number; rows: number } => this.packages.load(rows)
  manifestPackages = (): T.ManifestPackageView[] => this.packages.all()
  manifestFor = (packageUid: string): T.ManifestPackageView | null => this.packages.view(packageUid)
  rememberPackage = (input: Parameters<ManifestPackages['rememberPackage']>[0]): void => this.packages.rememberPackage(input)
  rememberedPackagedProducts = (caseUuid: string, packageUid: string): string[] => this.packages.packagedProductsOf(caseUuid, packageUid)
  rememberPackagedProducts = (caseUuid: string, packageUid: string, uuids: string[]): void => this.packages.rememberPackagedProducts(caseUuid, packageUid, uuids)
  productNameOf = (packageUid: string): string => this.packages.productNameOf(packageUid)

  // lookup (lookup/lookups.ts, lookup/merge.std.ts)
  lookup = (packageUid: string, opts: { refresh?: boolean } = {}): Promise<T.LookupView> => this.lookups.lookup(packageUid, opts)
  caseWhereabouts = (caseUuid: string): T.CaseWhereabouts => this.lookups.caseWhereabouts(caseUuid)
  prepareForDay = (): Promise<PrepareResult> => this.lookups.prepareForDay()

  // review (review/dayReview.ts) and reconcile (reconcile/reconcileDay.ts)
  journalForDay = (date: string, tz?: string): T.JournalRow[] => this.review.journalForDay(date, tz)
  operationsForDay = (date: string, tz?: string): T.DayOperationRow[] => this.review.operationsForDay(date, tz)
  reviewDay = (query: ReviewQuery = {}, tz?: string): ReviewDay => this.review.reviewDay(query, tz)
  undoImport = (id: number, reason: string, operator?: string | null): T.OutboxItem | { cancelled: T.OutboxItem[] } => this.review.undoImport(id, reason, operator)
  exportDayCsv = (date: string, tz?: string): { csv: string; rows: number } => this.review.exportDayCsv(date, tz)
  reconcileDay = (date: string, opts: { tz?: string; signal?: AbortSignal; onProgress?: (p: ReconcileProgress) => void } = {}): Promise<ReconciledDay> =>
    this.reconciler.reconcileDay(date, opts)
  reconciledDay = (date: string, tz?: string): ReconciledDay => this.reconciler.reconciledDay(date, tz)
  exportReconciledCsv = (date: string, tz?: string): { csv: string; rows: number } => this.reconciler.exportReconciledCsv(date, tz)

  async close(): Promise<void> {
    if (this.closed) return
    await this.monitor.stop()
    await this.worker.stop()
    this.closed = true
    this.feed.close()
    this.db.close()
    this.ownership.release()
  }
}
