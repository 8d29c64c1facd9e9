// The station facade: everything the desktop app, the browser host and the command line do with a
// data folder goes through here, so all three behave the same.
import fs from 'node:fs'
import path from 'node:path'
import { LucidClient } from './client/lucid'
import { CHECK_EVERY_MS, CHECK_PACKAGE_UID, REFUSED_CHECK_EVERY_MS, checkState, connectionView } from './connection/connection'
import { prepareLookupCache, type PrepareResult } from './lookup/prepare'
import { Worker } from './outbox/worker'
import { dayCsv } from './review/csv'
import { dayRows, reviewDay, undoReason, undoTarget, type ReviewDay, type ReviewQuery } from './review/review'
import { dayBounds, isoInZone, localDate } from './review/time'
import { reconcile, type ReconcileResult } from './reconcile/classify'
import { reconciledCsv } from './reconcile/csv'
import { refreshAnswers, type ReconcileProgress, type RefreshResult } from './reconcile/refresh'
import { knownOwnDispensaries, ownDispensaryKey, rememberOwnDispensaries } from './lookup/ownDispensaryFile'
import { Settings, type PublicSettings, type SettingsPatch } from './settings/settings'
import { apiBindingOf, apiName, sameApi, type ApiBinding } from './settings/apiBinding'
import type { SecretDescription, SecretStore } from './settings/secretStore'
import { envDbOptions, type Db, type DbOptions } from './store/db'
import { StorageError, writing } from './store/errors'
import { FileIdentity } from './store/fileIdentity'
import { openStationDatabase, type ReplacedDatabase } from './store/open'
import type { DatabaseOwnership } from './store/ownership'
import { describeSalvage } from './store/salvage'
import { ReviewStore, Store, apiColumns, toItem, type EnqueueValues, type JournalDbRow, type OutboxRow, type ReconcileOpRow } from './store/store'
import type {
  ApiDispensary,
  CachedCaseAnswer,
  CaseStatusWord,
  CaseWhereabouts,
  ConnectionView,
  DayOperationRow,
  ImportInput,
  JournalRow,
  LookupCase,
  LookupView,
  ManifestPackageView,
  ManifestRow,
  OutboxItem,
  QueueCounts,
  RemoveInput,
  StationEvent,
  StationNotice
} from './types'
import { StationError, optionalText, packageUid as checkPackageUid, requiredText, shortUuid } from './validate'

export type { PublicSettings, SettingsPatch } from './settings/settings'
export type * from './types'
export { StationError } from './validate'
export { StoreVersionError } from './store/db'
export { StorageError } from './store/errors'
export { SettingsError } from './settings/settings'
export type { SecretDescription, SecretStore } from './settings/secretStore'
export type { ReviewDay, ReviewQuery } from './review/review'
export type { ApiBinding } from './settings/apiBinding'

/** A change of settings that points the station at another API, and the operations not sent to the one it leaves. */
export interface ApiSwitch {
  from: ApiBinding
  fromName: string
  to: ApiBinding
  toName: string
  /** Operations for `from` not done yet (pending, being sent, failed). */
  unsent: number
}

/** What to do with the operations not sent to the API being left: never sent elsewhere either way. */
export type UnsentOnSwitch = { keep: true } | { discard: string }

export type { ReconcileProgress } from './reconcile/refresh'
export type { Finding, ReconciledCase, ReconciledPackage } from './reconcile/classify'

/** The store's day from LucidRetail beside this station's journal (see reconcile/classify.ts). */
export interface ReconciledDay extends Omit<ReconcileResult, 'ownUuids'> {
  date: string
  timeZone: string
  /** When it was made, ISO with the zone's offset. */
  at: string
  /** False: made from the last answers without asking (the CSV export). */
  asked: boolean
  cancelled: boolean
  progress: ReconcileProgress | null
}

export type LogFn = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void

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
}

export const DATABASE_FILE = 'station.sqlite'

const PAUSE_KEY = 'runtime.paused'
const API_CHANGED_KEY = 'runtime.api_changed_at'
const NOTICE_PREFIX = 'notice.'

interface Pause {
  reason: 'credentials'
  fingerprint: string
  message: string
  at: number
}

export function openStation(options: StationOptions): Station {
  return new Station(options)
}

export class Station {
  readonly dataDir: string
  private readonly db: Db
  private readonly ownership: DatabaseOwnership
  /** The database file as opened: a scan is refused once the path names another file. */
  private readonly fileIdentity: FileIdentity
  private replacedUnder = false
  private readonly store: Store
  private readonly reviewStore: ReviewStore
  private readonly settings: Settings
  private readonly now: () => number
  private readonly log: LogFn
  private readonly worker: Worker
  private readonly listeners = new Set<(event: StationEvent) => void>()
  private lastJournalId: number
  private lastDataVersion = -1
  private pollTimer: NodeJS.Timeout | null = null
  private clientCache: { key: string; dataVersion: number; client: LucidClient | null; reason: string; api: ApiBinding } | null = null
  /** The settings fingerprint each client was built from. */
  private readonly clientKeys = new WeakMap<LucidClient, string>()
  private conn: { online: boolean | null; lastAnswerAt: number | null; lastNewsAt: number } = { online: null, lastAnswerAt: null, lastNewsAt: 0 }
  private monitorTimer: NodeJS.Timeout | null = null
  private checking: Promise<ConnectionView> | null = null
  private lastConnectionKey = ''
  private closed = false

  constructor(private readonly options: StationOptions) {
    this.dataDir = path.resolve(options.dataDir)
    fs.mkdirSync(this.dataDir, { recursive: true, mode: 0o700 })
    this.now = options.now ?? Date.now
    this.log = options.log ?? (() => {})
    const file = path.join(this.dataDir, DATABASE_FILE)
    const opened = writing(() => openStationDatabase(file, { ...envDbOptions(), ...options.database }, this.now()))
    this.db = opened.db
    this.ownership = opened.ownership
    this.fileIdentity = new FileIdentity(file)
    this.store = new Store(this.db)
    this.reviewStore = new ReviewStore(this.db)
    this.settings = new Settings(this.store, this.dataDir, options.secretStore)
    if (opened.replaced) this.noteReplacedDatabase(opened.replaced)
    this.lastJournalId = this.store.journalMaxId()
    this.worker = new Worker({
      store: this.store,
      client: () => {
        const c = this.currentClient()
        return c.client ? { client: c.client, api: c.api } : { client: null, reason: c.reason }
      },
      paused: () => this.pauseState() !== null,
      pause: (reason, message, client) => this.pause(reason, message, client),
      limits: () => this.settings.limits(),
      now: this.now,
      ...(options.random ? { random: options.random } : {}),
      log: this.log,
      changed: () => this.pump(),
      answered: (reachable, at) => this.answered(reachable, at),
      ...(options.leaseMs ? { leaseMs: options.leaseMs, heartbeatMs: Math.max(50, Math.floor(options.leaseMs / 4)) } : {})
    })
  }

  // ---------------- notices ----------------

  private noteReplacedDatabase({ movedTo, reason, salvage }: ReplacedDatabase): void {
    const at = this.now()
    const { kept, lost } = describeSalvage(salvage)
    const notice: StationNotice = {
      id: `database_replaced-${at}`,
      kind: 'database_replaced',
      at,
      file: movedTo,
      message:
        `The station's database was damaged and could not be read whole, so a new one was started. The damaged file was kept as ${movedTo}. ` +
        `Kept from it: ${kept}. Not kept: ${lost}.`
    }
    this.log('error', 'the station database was damaged: kept aside, a new one started with what could be read', { movedTo, reason, kept, lost })
    this.store.putNotice(NOTICE_PREFIX + notice.id, JSON.stringify(notice), at, {
      event: 'database_replaced',
      station: this.settings.get().stationName,
      detail: JSON.stringify({ movedTo, reason, settingsKept: salvage.settings, unsentKept: salvage.unsent.rows })
    })
  }

  /**
   * Runs a write; a storage failure comes out as a StorageError. Refused, before and after, once the
   * database path names another file (moved or replaced by another program): a scan written there would
   * be where the next start does not look, so it is never called queued.
   */
  private saving<T>(write: () => T): T {
    this.assertFileUnchanged()
    const result = writing(write)
    this.assertFileUnchanged()
    return result
  }

  private assertFileUnchanged(): void {
    if (!this.replacedUnder && this.fileIdentity.unchanged()) return
    if (!this.replacedUnder) this.log('error', 'the database file was moved or replaced while open: scans are refused until restart', { file: this.fileIdentity.file })
    this.replacedUnder = true
    throw new StorageError('replaced', 'FILE_REPLACED')
  }

  /** What the operator must be told (a damaged database replaced at start), until dismissed. */
  get startupNotices(): StationNotice[] {
    const out: StationNotice[] = []
    for (const [k, v] of Object.entries(this.store.allSettings())) {
      if (!k.startsWith(NOTICE_PREFIX)) continue
      try {
        out.push(JSON.parse(v) as StationNotice)
      } catch {
        // A notice row is written only by noteReplacedDatabase; an unreadable one is skipped.
      }
    }
    return out.sort((a, b) => a.at - b.at)
  }

  dismissNotice(id: string): void {
    this.saving(() => this.store.putNotice(NOTICE_PREFIX + id, null, this.now(), { event: 'notice_dismissed', station: this.station(), detail: JSON.stringify({ id }) }))
  }

  // ---------------- settings ----------------

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

  /** What a patch would do to the API binding (validated, nothing written); null when it stays on the same API. */
  apiSwitch(patch: Partial<SettingsPatch>): ApiSwitch | null {
    const from = this.currentApi()
    const to = this.settings.apiAfter(patch)
    if (sameApi(from, to)) return null
    return { from, fromName: apiName(from.url), to, toName: apiName(to.url), unsent: this.store.unsentCount(from) }
  }

  /**
   * Validates all, then writes. A change of API or credentials un-pauses a queue paused by refused
   * credentials. A change of API with operations not sent to the current one is refused unless
   * `unsent` says what to do with them: keep them for that API (they wait, and go when it is chosen
   * again) or discard them with a reason. They are never sent to the new API.
   */
  setSettings(patch: Partial<SettingsPatch>, unsent?: UnsentOnSwitch): PublicSettings {
    const change = this.apiSwitch(patch)
    if (change && change.unsent > 0) {
      if (!unsent) {
        throw new StationError(
          'conflict',
          `${change.unsent} operation${change.unsent === 1 ? '' : 's'} not sent yet to ${change.fromName}: they are never sent to ${change.toName}. ` +
            `Keep them for ${change.fromName} (they wait and are sent when it is chosen again), or discard them with a reason.`
        )
      }
      const operator = this.settings.get().operator || null
      if ('discard' in unsent) {
        const reason = requiredText('reason', unsent.discard, 500)
        this.saving(() => this.store.discardUnsent(change.from, reason, operator, this.now()))
      } else {
        this.bestEffort('journal the operations kept for their API', () =>
          this.store.journal({
            at: this.now(),
            event: 'queue_kept_for_api',
            operator,
            station: this.station(),
            api_url: change.from.url,
            api_client_id: change.from.clientId,
            detail: JSON.stringify({ kept: change.unsent, api: change.fromName, switchedTo: change.toName })
          })
        )
      }
    }
    const { connectionChanged } = this.saving(() => this.settings.set(patch, this.now()))
    if (connectionChanged) {
      this.clientCache = null
      // The lookup cache holds the last API's answers: a reconcile asks again whatever their age.
      this.bestEffort('note when the API changed', () => this.store.putSettings({ [API_CHANGED_KEY]: String(this.now()) }, this.now(), null))
      this.clearPause()
      this.conn = { online: null, lastAnswerAt: null, lastNewsAt: 0 }
      this.worker.connectionChanged()
      if (this.monitorTimer) void this.checkConnection()
    }
    // pump() publishes the settings event from the journal row just written.
    this.pump()
    return this.settings.get()
  }

  private apiConfig(): { url: string; clientId: string; secret: string } | { reason: string } {
    const s = this.settings.get()
    if (s.apiUrl === 'builtin') {
      const b = this.options.builtinApi
      if (!b) return { reason: 'the built-in sandbox is not running in this process' }
      return { url: b.url, clientId: b.clientId, secret: b.clientSecret }
    }
    const secret = this.settings.readSecret()
    if (!s.clientId) return { reason: 'no client id set' }
    if (!secret) return { reason: this.settings.describeSecret().unreadable ?? 'no client secret set' }
    return { url: s.apiUrl, clientId: s.clientId, secret }
  }

  /**
   * The client for the current settings, rebuilt when they change: here (setSettings drops it) or in
   * another process, whose commit changes PRAGMA data_version (a secret change writes a journal row).
   */
  private currentClient(): { client: LucidClient | null; reason: string; api: ApiBinding } {
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number
    if (this.clientCache && this.clientCache.dataVersion === dataVersion) return this.clientCache
    const key = this.settings.connectionFingerprint()
    if (this.clientCache && this.clientCache.key === key) {
      this.clientCache.dataVersion = dataVersion
      return this.clientCache
    }
    const cfg = this.apiConfig()
    let client: LucidClient | null = null
    let reason = ''
    if ('reason' in cfg) reason = cfg.reason
    else {
      try {
        client = new LucidClient({ baseUrl: cfg.url, clientId: cfg.clientId, clientSecret: cfg.secret, timeoutMs: this.options.requestTimeoutMs ?? 10_000, now: this.now })
        this.clientKeys.set(client, key)
      } catch (err) {
        reason = (err as Error).message
      }
    }
    this.clientCache = { key, dataVersion, client, reason, api: this.currentApi() }
    this.emitConnection()
    return this.clientCache
  }

  // ---------------- pause ----------------

  private pauseState(): Pause | null {
    const raw = this.store.getSetting(PAUSE_KEY)
    if (!raw) return null
    let p: Pause
    try {
      p = JSON.parse(raw) as Pause
    } catch {
      return null
    }
    // A process that cannot read the secret (the command line, when the desktop app keeps it in the
    // keyring) cannot tell whether the credentials changed: the pause stands.
    if (p.fingerprint !== this.settings.connectionFingerprint() && this.settings.describeSecret().unreadable === null) {
      // The settings changed since (maybe in another process): resume, with a client built from them.
      this.clientCache = null
      this.clearPause()
      return null
    }
    return p
  }

  /**
   * Pauses the queue for the credentials the refusing client was built with: if the settings changed
   * meanwhile (maybe in another process), the pause does not hold for the new ones.
   */
  private pause(reason: 'credentials', message: string, client?: LucidClient): void {
    const fingerprint = (client && this.clientKeys.get(client)) ?? this.clientCache?.key ?? this.settings.connectionFingerprint()
    const p: Pause = { reason, fingerprint, message, at: this.now() }
    const s = this.settings.get()
    this.store.putSettings({ [PAUSE_KEY]: JSON.stringify(p) }, this.now(), { event: 'queue_paused', operator: null, station: s.stationName, keys: [PAUSE_KEY] })
    this.log('warn', 'queue paused: the API refused the credentials; change them in the settings to resume', { message })
    this.pump()
    this.emitConnection()
  }

  private clearPause(): void {
    if (this.store.getSetting(PAUSE_KEY) === null) return
    const s = this.settings.get()
    this.store.putSettings({ [PAUSE_KEY]: null }, this.now(), { event: 'queue_resumed', operator: null, station: s.stationName, keys: [PAUSE_KEY] })
    this.emitConnection()
  }

  // ---------------- connection ----------------

  private answered(reachable: boolean, at: number): void {
    this.conn = { online: reachable, lastAnswerAt: reachable ? at : this.conn.lastAnswerAt, lastNewsAt: at }
    this.emitConnection()
  }

  connection(): ConnectionView {
    const pause = this.pauseState()
    const c = this.currentClient()
    const s = this.settings.get()
    const builtin = s.apiUrl === 'builtin'
    let apiHost: string | null = null
    if (!builtin) {
      try {
        apiHost = new URL(s.apiUrl).host
      } catch {
        apiHost = null
      }
    }
    const state = pause ? 'refused' : !c.client ? 'not_configured' : this.conn.online === null ? 'checking' : this.conn.online ? 'working' : 'unreachable'
    return connectionView({ state, apiHost, builtin, clientId: builtin ? null : s.clientId || null, reason: c.client ? null : c.reason, lastAnswerAt: this.conn.lastAnswerAt })
  }

  /**
   * Checks the API now (a token and one cheap lookup) and says what came of it. Refused credentials
   * pause the queue as a refused send would; a change of settings resumes it.
   */
  checkConnection(): Promise<ConnectionView> {
    this.checking ??= (async () => {
      try {
        const c = this.currentClient()
        if (!c.client) return this.connection()
        const client = c.client
        this.bestEffort('count a connection check in the rate limiter', () => this.store.recordRequest(this.now()))
        const outcome = await client.caseidsForPackageUid(CHECK_PACKAGE_UID)
        if (this.closed) return this.connection()
        // The settings may have changed while the check was out: its answer is then about the old ones.
        if (this.currentClient().client !== client) return this.connection()
        const state = checkState(outcome)
        if (outcome.kind === 'credentials') {
          if (!this.pauseState()) this.pause('credentials', outcome.message, client)
        } else {
          // Accepted now (the API side may have been fixed): a queue paused for these credentials resumes.
          if (state === 'working') this.clearPause()
          this.answered(state === 'working', this.now())
        }
        return this.connection()
      } finally {
        this.checking = null
      }
    })()
    return this.checking
  }

  /**
   * Keeps the connection's words true without a scan: a check at once, then whenever the API has given
   * no news for CHECK_EVERY_MS while nothing waits to be sent (items waiting: the outbox's own sends
   * and probes are the news), every REFUSED_CHECK_EVERY_MS while the credentials are refused.
   */
  startConnectionMonitor(): void {
    if (this.monitorTimer || this.closed) return
    this.monitorTimer = setInterval(() => this.monitorTick(), 250)
    this.monitorTimer.unref()
    void this.checkConnection()
  }

  private monitorTick(): void {
    if (this.closed || this.checking) return
    try {
      const now = this.now()
      const pause = this.pauseState()
      if (pause) {
        if (now - Math.max(pause.at, this.conn.lastNewsAt) >= REFUSED_CHECK_EVERY_MS) {
          this.conn.lastNewsAt = now
          void this.checkConnection()
        }
        return
      }
      const waiting = this.store.drainState(this.currentApi())
      if (this.worker.isRunning && waiting.pending + waiting.in_flight > waiting.blocked) return
      if (now - this.conn.lastNewsAt >= CHECK_EVERY_MS) void this.checkConnection()
    } catch (err) {
      this.log('warn', 'connection check failed', { error: (err as Error).message })
    }
  }

  private emitConnection(): void {
    if (this.listeners.size === 0) return
    const c = this.connection()
    const key = JSON.stringify(c)
    if (key === this.lastConnectionKey) return
    this.lastConnectionKey = key
    this.emit({ type: 'connection', connection: c })
  }

  // ---------------- events ----------------

  /** Every state change: one 'item' event per changed item (from the journal), then one 'queue' event. */
  on(listener: (event: StationEvent) => void): () => void {
    this.listeners.add(listener)
    if (!this.pollTimer) {
      // Changes made by other processes on the same folder (the command line, a second host).
      this.pollTimer = setInterval(() => this.pollOtherProcesses(), 500)
      this.pollTimer.unref()
    }
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0 && this.pollTimer) {
        clearInterval(this.pollTimer)
        this.pollTimer = null
      }
    }
  }

  private emit(event: StationEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event)
      } catch (err) {
        this.log('error', 'station event listener threw', { error: (err as Error).message })
      }
    }
  }

  private pollOtherProcesses(): void {
    if (this.closed) return
    try {
      const v = this.db.pragma('data_version', { simple: true }) as number
      if (v !== this.lastDataVersion) {
        this.lastDataVersion = v
        this.pump()
      }
      this.emitConnection()
    } catch (err) {
      this.log('warn', 'event poll failed', { error: (err as Error).message })
    }
  }

  private pump(): void {
    if (this.closed) return
    if (this.listeners.size === 0) {
      this.lastJournalId = this.store.journalMaxId()
      return
    }
    let rows = this.store.journalSince(this.lastJournalId)
    let any = false
    while (rows.length > 0) {
      const changed = new Map<number, string>()
      for (const r of rows) {
        this.lastJournalId = r.id
        if (r.outbox_id !== null) changed.set(r.outbox_id, r.event)
        else if (r.event === 'manifest_loaded' || r.event === 'package_remembered' || r.event === 'case_remembered') {
          this.emit({ type: 'manifest', packages: this.store.pkgs().length })
        } else if (r.event === 'settings_changed') {
          this.clientCache = null
          this.emit({ type: 'settings', settings: this.settings.get() })
        }
      }
      for (const [id, event] of changed) {
        const row = this.store.item(id)
        if (row) this.emit({ type: 'item', item: toItem(row, this.currentApi()), event })
      }
      any = any || changed.size > 0
      rows = this.store.journalSince(this.lastJournalId)
    }
    if (any) this.emit({ type: 'queue', counts: this.store.counts() })
    this.emitConnection()
  }

  // ---------------- scans ----------------

  /**
   * A journal row for a scan that queued nothing (a package, a duplicate, an unrecognised code...):
   * with the operations' own rows, the journal holds every scan, who made it and what came of it.
   * Best effort: a scan's answer to the operator never depends on this row.
   */
  recordScan(scan: { outcome: string; message: string; source?: string | null; packageUid?: string | null; caseUuid?: string | null }): void {
    const s = this.settings.get()
    const clip = (v: string | null | undefined, max: number) => (v ? v.slice(0, max) : null)
    this.bestEffort('journal a scan', () =>
      this.store.journal({
        at: this.now(),
        event: 'scan',
        outcome: clip(scan.outcome, 40),
        operator: s.operator || null,
        station: s.stationName,
        package_uid: clip(scan.packageUid, 64),
        case_uuid: clip(scan.caseUuid, 64),
        detail: JSON.stringify({ source: clip(scan.source, 32), message: clip(scan.message, 500) })
      })
    )
  }

  // ---------------- outbox ----------------

  private station(): string {
    return this.settings.get().stationName
  }

  private importValues(input: ImportInput): EnqueueValues {
    const s = this.settings.get()
    return {
      operation: 'import',
      case_uuid: shortUuid('caseUuid', input.caseUuid),
      packaged_product_uuid: shortUuid('packagedProductUuid', input.packagedProductUuid),
      package_uid: checkPackageUid('packageUid', input.packageUid),
      pos_product_id: requiredText('posProductId', input.posProductId),
      pos_inventory_id: requiredText('posInventoryId', input.posInventoryId),
      sku: optionalText('sku', input.sku, 128),
      reason: null,
      operator: optionalText('operator', input.operator, 100) ?? (s.operator || null),
      station: s.stationName,
      source: optionalText('source', input.source, 32),
      ...apiColumns(apiBindingOf(s))
    }
  }

  /** Validated, then committed (outbox row + journal row, one transaction) before it returns. Sends nothing. */
  enqueueImport(input: ImportInput): OutboxItem {
    const values = this.importValues(input)
    const row = this.saving(() => this.store.enqueue(values, this.now()))
    this.pump()
    this.worker.wake()
    return toItem(row, this.currentApi())
  }

  /** Several imports: every one validated first, then all committed in one transaction, or none. */
  enqueueImports(inputs: ImportInput[]): OutboxItem[] {
    const values = inputs.map((input, i) => {
      try {
        return this.importValues(input)
      } catch (err) {
        if (err instanceof StationError) throw new StationError('invalid', `item ${i + 1}: ${err.message}`, err.field)
        throw err
      }
    })
    const rows = this.saving(() => this.store.enqueueMany(values, this.now()))
    this.pump()
    this.worker.wake()
    const current = this.currentApi()
    return rows.map((r) => toItem(r, current))
  }

  /**
   * Queues a remove, or, when it undoes an import never sent (same case, packaged product, package),
   * cancels both locally and returns them.
   */
  enqueueRemove(input: RemoveInput, api?: ApiBinding): OutboxItem | { cancelled: OutboxItem[] } {
    const s = this.settings.get()
    const caseUuid = shortUuid('caseUuid', input.caseUuid)
    const packageUid = checkPackageUid('packageUid', input.packageUid)
    const packagedProductUuid = input.packagedProductUuid ? shortUuid('packagedProductUuid', input.packagedProductUuid) : null
    // A remove undoes an import: it goes to that import's API (the latest one), never to whatever the station points at now.
    const target = api ?? this.store.latestImportApi(caseUuid, packageUid, packagedProductUuid) ?? apiBindingOf(s)
    const values = {
      case_uuid: caseUuid,
      package_uid: packageUid,
      packaged_product_uuid: packagedProductUuid,
      reason: optionalText('reason', input.reason, 500),
      operator: optionalText('operator', input.operator, 100) ?? (s.operator || null),
      station: s.stationName,
      source: optionalText('source', input.source, 32),
      ...apiColumns(target)
    }
    const r = this.saving(() => this.store.enqueueRemove(values, this.now()))
    this.pump()
    this.worker.wake()
    const current = this.currentApi()
    if ('queued' in r) return toItem(r.queued, current)
    return { cancelled: r.cancelled.map((row) => toItem(row, current)) }
  }

  item(id: number): OutboxItem | null {
    const r = this.store.item(id)
    return r ? toItem(r, this.currentApi()) : null
  }

  /**
   * Counts over the whole outbox; items: every item not done (pending, in flight, failed) plus the
   * ones done or cancelled since the start of today in the station's time zone, oldest first.
   * With { all: true }: every item ever.
   */
  queue(opts: { all?: boolean } = {}): { counts: QueueCounts; items: OutboxItem[] } {
    const tz = this.settings.get().timeZone
    const start = dayBounds(localDate(this.now(), tz), tz).start
    const current = this.currentApi()
    return { counts: this.store.counts(), items: this.store.listItems(opts.all ? null : start).map((r) => toItem(r, current)) }
  }

  /** Cases whose import was confirmed (imported or already imported) today, in the station's time zone: a multi-batch case counts once. */
  importedToday(): number {
    const tz = this.settings.get().timeZone
    const { start } = dayBounds(localDate(this.now(), tz), tz)
    const done = this.store.listItems(start).filter((r) => r.operation === 'import' && r.state === 'done' && (r.done_at ?? 0) >= start)
    return new Set(done.map((r) => `${r.case_uuid}|${r.package_uid}`)).size
  }

  /**
   * The operations for one API (default: the current one). What the receiving screen shows and
   * decides from is the current API's: an import into another LucidRetail (the demo sandbox, a test
   * account) neither makes a case imported here nor keeps it from being received here.
   */
  private ofApi(rows: OutboxRow[], api: ApiBinding = this.currentApi()): OutboxRow[] {
    return rows.filter((r) => sameApi({ url: r.api_url, clientId: r.api_client_id }, api))
  }

  /** This station's operations on a case for the current API, oldest first. */
  operationsOnCase(caseUuid: string): OutboxItem[] {
    const current = this.currentApi()
    return this.ofApi(this.store.opsOfCase(caseUuid), current).map((r) => toItem(r, current))
  }

  retry(id: number): void {
    const r = this.saving(() => this.store.retry(id, this.now(), this.settings.get().operator || null))
    if (!r) throw new StationError('not_found', `item ${id} is not a failed item`)
    this.pump()
    this.worker.wake()
  }

  retryFailed(): number {
    const rows = this.saving(() => this.store.retryFailed(this.now(), this.settings.get().operator || null))
    this.pump()
    this.worker.wake()
    return rows.length
  }

  /** Only a failed item can be discarded: it is kept, marked discarded, with who did it. */
  discard(id: number, reason?: string): void {
    const why = optionalText('reason', reason, 500)
    const r = this.saving(() => this.store.discard(id, this.now(), this.settings.get().operator || null, why))
    if (!r) throw new StationError('not_found', `item ${id} is not a failed item`)
    this.pump()
    this.worker.wake()
  }

  startWorker(): void {
    if (this.closed) throw new StationError('unavailable', 'the station is closed')
    this.worker.start()
  }

  stopWorker(): Promise<void> {
    return this.worker.stop()
  }

  /** Wakes the worker and skips backoff waits (a Retry-After from the API is still honoured). */
  syncNow(): void {
    this.worker.wake(true)
    if (!this.worker.isRunning) this.pump()
  }

  /**
   * Runs the worker until nothing for the current API is pending or in flight (true); operations
   * bound to another API wait for it (other_api). Gives up (false) at the timeout, when the queue is
   * paused, or when all that is left waits behind failed items of the same case.
   */
  async drain(opts: { timeoutMs?: number } = {}): Promise<boolean> {
    return (await this.drainReport(opts)).ok
  }

  async drainReport(
    opts: { timeoutMs?: number } = {}
  ): Promise<{ ok: boolean; reason: 'drained' | 'timeout' | 'paused' | 'blocked'; pending: number; in_flight: number; blocked: number; failed: number; other_api: number }> {
    const started = this.worker.isRunning
    this.startWorker()
    const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : Number.POSITIVE_INFINITY
    let blockedSince: number | null = null
    try {
      for (;;) {
        const st = this.store.drainState(this.currentApi())
        const failed = this.store.counts().failed
        if (st.pending === 0 && st.in_flight === 0) return { ok: true, reason: 'drained', ...st, failed }
        if (this.pauseState()) return { ok: false, reason: 'paused', ...st, failed }
        if (st.in_flight === 0 && st.pending === st.blocked) {
          blockedSince ??= Date.now()
          if (Date.now() - blockedSince > 300) return { ok: false, reason: 'blocked', ...st, failed }
        } else blockedSince = null
        if (Date.now() >= deadline) return { ok: false, reason: 'timeout', ...st, failed }
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      if (!started) await this.worker.stop()
    }
  }

  // ---------------- manifest ----------------

  /** Loads parsed manifest rows: each package present in the rows is replaced by its rows here. */
  loadManifest(rows: ManifestRow[]): { packages: number; rows: number } {
    const s = this.settings.get()
    const r = this.saving(() => this.store.loadManifest(rows, this.now(), s.operator || null, s.stationName))
    this.pump()
    return r
  }

  private packageView(uid: string, ops?: OutboxRow[]): ManifestPackageView | null {
    const p = this.store.pkg(uid)
    if (!p) return null
    const caseRows = this.store.pkgCases(uid)
    const byCase = new Map<string, string[]>()
    for (const c of caseRows) {
      const list = byCase.get(c.case_uuid) ?? []
      if (c.packaged_product_uuid) list.push(c.packaged_product_uuid)
      byCase.set(c.case_uuid, list)
    }
    const state = importedPairs(ops ?? this.ofApi(this.store.opsOfPackage(uid)))
    let expected = 0
    let imported = 0
    for (const [caseUuid, pps] of byCase) {
      if (pps.length === 0) {
        expected++
        if ([...state.keys()].some((k) => k.startsWith(`${caseUuid}|`) && state.get(k))) imported++
      } else
        for (const pp of pps) {
          expected++
          if (state.get(`${caseUuid}|${pp}`)) imported++
        }
    }
    return {
      packageUid: p.package_uid,
      productName: p.product_name,
      sku: p.sku,
      posProductId: p.pos_product_id,
      posInventoryId: p.pos_inventory_id,
      onManifest: p.on_manifest === 1,
      expectedCases: expected,
      importedCases: imported,
      cases: [...byCase].map(([caseUuid, packagedProductUuids]) => ({ caseUuid, packagedProductUuids }))
    }
  }

  manifestPackages(): ManifestPackageView[] {
    const ops = new Map<string, OutboxRow[]>()
    for (const r of this.ofApi(this.store.liveOps())) {
      const l = ops.get(r.package_uid) ?? []
      l.push(r)
      ops.set(r.package_uid, l)
    }
    return this.store
      .pkgs()
      .map((p) => this.packageView(p.package_uid, ops.get(p.package_uid) ?? []))
      .filter((v): v is ManifestPackageView => v !== null)
  }

  manifestFor(packageUid: string): ManifestPackageView | null {
    return this.packageView(packageUid)
  }

  /** A package an operator entered by hand (not on the manifest); remembered for next time. */
  rememberPackage(input: { packageUid: string; posProductId: string; posInventoryId: string; sku?: string | null; productName?: string | null }): void {
    const s = this.settings.get()
    const values = {
      package_uid: checkPackageUid('packageUid', input.packageUid),
      pos_product_id: requiredText('posProductId', input.posProductId),
      pos_inventory_id: requiredText('posInventoryId', input.posInventoryId),
      sku: optionalText('sku', input.sku, 128) ?? '',
      product_name: optionalText('productName', input.productName, 200) ?? ''
    }
    this.saving(() => this.store.rememberPackage(values, this.now(), s.operator || null, s.stationName))
    this.pump()
  }

  /** The packaged products known (manifest or remembered) for a case in a package. */
  rememberedPackagedProducts(caseUuid: string, packageUid: string): string[] {
    return this.store
      .pkgCases(packageUid)
      .filter((c) => c.case_uuid === caseUuid && c.packaged_product_uuid)
      .map((c) => c.packaged_product_uuid!)
  }

  /** Remembers the packaged products an operator gave for a case of a package (the package must be known). */
  rememberPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): void {
    const s = this.settings.get()
    const c = shortUuid('caseUuid', caseUuid)
    const p = checkPackageUid('packageUid', packageUid)
    const pps = packagedProductUuids.map((u) => shortUuid('packagedProductUuid', u))
    for (const pp of pps) {
      if (!this.saving(() => this.store.rememberCase({ package_uid: p, case_uuid: c, packaged_product_uuid: pp }, this.now(), s.operator || null, s.stationName))) {
        throw new StationError('not_found', `package ${p} is not known: enter its POS ids first`)
      }
    }
    this.pump()
  }

  // ---------------- lookup ----------------

  /**
   * The API's answer for a Package UID (cached with its fetch time), merged with this station's own
   * operations on those CaseIDs. Offline: the cached answer, stale: true. With refresh: false the
   * cached answer is used when there is one.
   */
  async lookup(packageUid: string, opts: { refresh?: boolean } = {}): Promise<LookupView> {
    const uid = checkPackageUid('packageUid', packageUid)
    const refresh = opts.refresh ?? true
    let error: string | null = null
    let stale = false
    let cached = this.store.cacheGet(uid)
    if (refresh || !cached) {
      const asked = await this.askApi(uid)
      if (asked.ok) cached = asked.cached
      else {
        error = asked.message
        stale = true
      }
    }
    const now = this.now()
    let body: unknown = null
    if (cached) {
      try {
        body = JSON.parse(cached.body)
      } catch {
        body = null
      }
    }
    return {
      packageUid: uid,
      fetchedAt: cached ? new Date(cached.fetched_at).toISOString() : null,
      fetchedAtMs: cached?.fetched_at ?? null,
      ageMs: cached ? Math.max(0, now - cached.fetched_at) : null,
      stale,
      error,
      manifest: this.packageView(uid),
      cases: mergeCases(uid, body, cached?.fetched_at ?? null, this.store.pkgCases(uid), this.ofApi(this.store.opsOfPackage(uid)))
    }
  }

  /**
   * One `caseids_for_package_uid` through the station's client, counted in the rate limiter's window;
   * the answer goes into the lookup cache, dated when asked.
   */
  private async askApi(uid: string, signal?: AbortSignal): Promise<{ ok: true; cached: { body: string; fetched_at: number } } | { ok: false; message: string; unreachable: boolean }> {
    const c = this.currentClient()
    const pause = this.pauseState()
    if (!c.client) return { ok: false, message: `not configured: ${c.reason}`, unreachable: true }
    if (pause) return { ok: false, message: `paused: ${pause.message}`, unreachable: true }
    const askedAt = this.now()
    this.bestEffort('count a lookup in the rate limiter', () => this.store.recordRequest(askedAt))
    const outcome = await c.client.caseidsForPackageUid(uid, signal)
    const at = this.now()
    const unreachable = outcome.kind === 'retry' && outcome.unreachable
    if (!signal?.aborted) this.answered(!unreachable, at)
    if (outcome.kind === 'ok') {
      const body = JSON.stringify(outcome.body)
      // Dated when asked, not when answered: an answer computed before an operation confirmed
      // while it travelled must not look newer than that operation (mergeCases prefers newer answers).
      this.bestEffort('cache a lookup answer', () => this.store.cachePut(uid, body, askedAt))
      return { ok: true, cached: { body, fetched_at: askedAt } }
    }
    if (outcome.kind === 'credentials') this.pause('credentials', outcome.message, c.client)
    return { ok: false, message: outcome.message, unreachable: unreachable || outcome.kind === 'credentials' }
  }

  /** What the manifest and the cached lookups say about a case (no request): see core/receiving/guard.ts. */
  caseWhereabouts(caseUuid: string): CaseWhereabouts {
    const api: CachedCaseAnswer[] = []
    for (const row of this.store.cacheMentioning(caseUuid)) {
      const answer = cachedCaseAnswer(row.package_uid, row.body, row.fetched_at, caseUuid)
      if (answer) api.push(answer)
    }
    api.sort((a, b) => b.fetchedAt - a.fetchedAt)
    return { manifestPackages: this.store.manifestPackagesOfCase(caseUuid), api }
  }

  /** The product name the station knows for a package (manifest or entered by hand), '' when none. */
  productNameOf(packageUid: string): string {
    return this.store.pkg(packageUid)?.product_name ?? ''
  }

  /** A write whose loss costs nothing but freshness (a full disk must not stop a lookup from answering). */
  private bestEffort(what: string, write: () => void): void {
    try {
      write()
    } catch (err) {
      this.log('warn', `could not ${what}`, { error: (err as Error).message })
    }
  }

  /**
   * "Prepare for the day": the dispensary's Package UIDs export into the lookup cache, so packages
   * never looked up still show their CaseIDs offline. Cached live answers are kept.
   */
  async prepareForDay(): Promise<PrepareResult> {
    const c = this.currentClient()
    const pause = this.pauseState()
    if (!c.client) return { ok: false, message: `not configured: ${c.reason}` }
    if (pause) return { ok: false, message: `paused: ${pause.message}` }
    const client = c.client
    return prepareLookupCache({
      call: async (method, path) => {
        this.bestEffort('count a request in the rate limiter', () => this.store.recordRequest(this.now()))
        const outcome = await client.call(method, path, undefined)
        this.answered(!(outcome.kind === 'retry' && outcome.unreachable), this.now())
        // Against the client that was refused: the settings may have changed while it was out.
        if (outcome.kind === 'credentials') this.pause('credentials', outcome.message, client)
        return outcome
      },
      cached: (uid) => this.store.cacheGet(uid),
      put: (uid, body, at) => this.store.cachePut(uid, body, at),
      inOneTransaction: (write) => this.saving(() => this.store.inTransaction(write)),
      now: this.now
    })
  }

  // ---------------- review ----------------

  journalForDay(date: string, tz?: string): JournalRow[] {
    const zone = tz ?? this.settings.get().timeZone
    const { start, end } = dayBounds(date, zone)
    return this.store.journalBetween(start, end).map((r) => journalRow(r, zone))
  }

  /** Every import and remove queued that day (local day in tz), with its current state. */
  operationsForDay(date: string, tz?: string): DayOperationRow[] {
    return dayRows(this.reviewStore, date, tz ?? this.settings.get().timeZone)
  }

  /** The manager's day: filtered and sorted rows, totals, imports per hour, discrepancies. Default: today. */
  reviewDay(query: ReviewQuery = {}, tz?: string): ReviewDay {
    return reviewDay(this.reviewStore, query, tz ?? this.settings.get().timeZone, this.now())
  }

  /**
   * "Reconcile with LucidRetail": asks the API about every package of the day (the manifest loaded that
   * day and the packages operated on), at most once each and not when the cached answer is younger than
   * a minute, through this station's client and rate limiter; then compares every case with this
   * station's journal. Cancelled or offline: the last answers, with their age, and what was not checked.
   */
  async reconcileDay(date: string, opts: { tz?: string; signal?: AbortSignal; onProgress?: (p: ReconcileProgress) => void } = {}): Promise<ReconciledDay> {
    const zone = opts.tz ?? this.settings.get().timeZone
    const { start, end } = dayBounds(date, zone)
    const uids = this.reviewStore.dayPackageUids(start, end)
    const refreshed = await refreshAnswers(uids, {
      answeredAt: (uid) => this.store.cacheGet(uid)?.fetched_at ?? null,
      changedAt: (uid) => Math.max(this.reviewStore.lastChangeOfPackage(uid, this.currentApi()) ?? 0, Number(this.store.getSetting(API_CHANGED_KEY) ?? 0)),
      ask: (uid, signal) => this.askApi(uid, signal),
      room: (signal) => this.rateLimiterRoom(signal),
      now: this.now,
      concurrency: this.settings.limits().concurrency,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {})
    })
    return this.reconciled(date, zone, uids, refreshed)
  }

  /** The reconciled day from the last answers only (no request): what the CSV export writes. */
  reconciledDay(date: string, tz?: string): ReconciledDay {
    const zone = tz ?? this.settings.get().timeZone
    const { start, end } = dayBounds(date, zone)
    return this.reconciled(date, zone, this.reviewStore.dayPackageUids(start, end), null)
  }

  private reconciled(date: string, zone: string, uids: string[], refreshed: RefreshResult | null): ReconciledDay {
    const s = this.settings.get()
    const ownKey = ownDispensaryKey(s.apiUrl, s.clientId)
    const known = knownOwnDispensaries(this.dataDir, ownKey)
    const result = this.reviewStore.snapshot(() => {
      const pkgs = new Map(this.reviewStore.packagesByUid(uids).map((p) => [p.package_uid, p]))
      const manifestCases = new Map<string, string[]>()
      for (const c of this.reviewStore.casesOfPackages(uids)) {
        if (c.on_manifest !== 1) continue
        const list = manifestCases.get(c.package_uid) ?? []
        if (!list.includes(c.case_uuid)) list.push(c.case_uuid)
        manifestCases.set(c.package_uid, list)
      }
      const ops = new Map<string, ReconcileOpRow[]>()
      for (const o of this.reviewStore.reconcileOps(uids, this.currentApi())) ops.set(o.package_uid, [...(ops.get(o.package_uid) ?? []), o])
      const answers = new Map(this.reviewStore.cacheOfPackages(uids).map((c) => [c.package_uid, { body: c.body, fetchedAt: c.fetched_at }]))
      return reconcile({
        packages: uids.map((uid) => ({ packageUid: uid, pkg: pkgs.get(uid) ?? null, manifestCases: manifestCases.get(uid) ?? [], ops: ops.get(uid) ?? [], answer: answers.get(uid) ?? null })),
        knownOwn: known,
        problems: refreshed?.problems ?? new Map(),
        now: this.now()
      })
    })
    if ([...result.ownUuids].some((u) => !known.has(u))) this.bestEffort('remember this station\'s dispensary', () => rememberOwnDispensaries(this.dataDir, ownKey, result.ownUuids))
    const { ownUuids: _own, ...view } = result
    return {
      date,
      timeZone: zone,
      at: isoInZone(this.now(), zone),
      asked: refreshed !== null,
      cancelled: refreshed?.cancelled ?? false,
      progress: refreshed?.progress ?? null,
      ...view
    }
  }

  /** The reconciled day (last answers, no request) as CSV; columns in reconcile/csv.ts (RECONCILED_COLUMNS). */
  exportReconciledCsv(date: string, tz?: string): { csv: string; rows: number } {
    const zone = tz ?? this.settings.get().timeZone
    const view = this.reconciledDay(date, zone)
    return { csv: reconciledCsv(view, (ms) => isoInZone(ms, zone)), rows: view.cases.length }
  }

  /** Waits until the rate limiter's window has room for one more request (shared with the outbox worker). */
  private async rateLimiterRoom(signal: AbortSignal): Promise<void> {
    while (this.store.requestsInWindow(this.now()) >= this.settings.limits().rateLimit) {
      if (signal.aborted) throw new Error('aborted')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250)
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
      })
    }
  }

  /**
   * Undoes an import with a remove through the outbox (or cancels both locally when it was never
   * sent). The reason is required; it and the operator go into the outbox row and the journal.
   */
  undoImport(id: number, reason: string, operator?: string | null): OutboxItem | { cancelled: OutboxItem[] } {
    const why = undoReason(reason)
    const target = undoTarget(this.reviewStore, id)
    return this.enqueueRemove(
      {
        caseUuid: target.case_uuid,
        packageUid: target.package_uid,
        packagedProductUuid: target.packaged_product_uuid,
        reason: why,
        operator: operator ?? null,
        source: 'review'
      },
      { url: target.api_url, clientId: target.api_client_id }
    )
  }

  /** columns: time,operation,state,operator,station,package_uid,product_name,sku,pos_product_id,pos_inventory_id,case_uuid,packaged_product_uuid,api_message,reason */
  exportDayCsv(date: string, tz?: string): string {
    return dayCsv(this.operationsForDay(date, tz))
  }

  async close(): Promise<void> {
    if (this.closed) return
    if (this.monitorTimer) clearInterval(this.monitorTimer)
    this.monitorTimer = null
    await this.checking
    await this.worker.stop()
    this.closed = true
    if (this.pollTimer) clearInterval(this.pollTimer)
    this.pollTimer = null
    this.listeners.clear()
    this.db.close()
    this.ownership.release()
  }
}

function journalRow(r: JournalDbRow, tz: string): JournalRow {
  return {
    id: r.id,
    at: r.at,
    time: isoInZone(r.at, tz),
    event: r.event,
    outboxId: r.outbox_id,
    operation: r.operation,
    state: r.state,
    outcome: r.outcome,
    operator: r.operator,
    station: r.station,
    caseUuid: r.case_uuid,
    packagedProductUuid: r.packaged_product_uuid,
    packageUid: r.package_uid,
    apiMessage: r.api_message,
    reason: r.reason,
    detail: r.detail,
    api: r.api_url === null ? null : { url: r.api_url, clientId: r.api_client_id ?? '' }
  }
}

/** `${case}|${pp}` → imported (true) or not, from this station's confirmed operations in id order. */
function importedPairs(ops: OutboxRow[]): Map<string, boolean> {
  const m = new Map<string, boolean>()
  for (const o of ops) {
    if (o.state !== 'done') continue
    if (o.operation === 'import') m.set(`${o.case_uuid}|${o.packaged_product_uuid}`, true)
    else if (o.packaged_product_uuid) m.set(`${o.case_uuid}|${o.packaged_product_uuid}`, false)
    else for (const k of m.keys()) if (k.startsWith(`${o.case_uuid}|`)) m.set(k, false)
  }
  return m
}

interface ApiCase {
  is_imported?: unknown
  imported_on?: unknown
  package_uid?: unknown
  dispensary?: unknown
}

function apiDispensary(v: unknown): ApiDispensary | null {
  if (!v || typeof v !== 'object') return null
  const o = v as Record<string, unknown>
  return { uuid: String(o.uuid ?? ''), name: String(o.name ?? ''), state: String(o.state ?? '') }
}

/** One case of a cached lookup body, or null when the body does not list it (or cannot be read). */
function cachedCaseAnswer(listedBy: string, body: string, fetchedAt: number, caseUuid: string): CachedCaseAnswer | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return null
  }
  const cases = parsed && typeof parsed === 'object' ? (parsed as { case_ids?: unknown }).case_ids : null
  if (!cases || typeof cases !== 'object' || !Object.hasOwn(cases, caseUuid)) return null
  const a = (cases as Record<string, ApiCase>)[caseUuid]
  if (!a || typeof a !== 'object') return null
  const isImported = a.is_imported === true
  return {
    listedBy,
    fetchedAt,
    isImported,
    importedOn: isImported && typeof a.imported_on === 'string' ? a.imported_on : null,
    importedInto: isImported && typeof a.package_uid === 'string' ? a.package_uid : null,
    dispensary: isImported ? apiDispensary(a.dispensary) : null
  }
}

const RANK: Record<CaseStatusWord, number> = { Failed: 6, Sending: 5, Queued: 4, 'Not imported': 3, 'Imported elsewhere': 2, Imported: 1 }

/** One row per CaseID: the API's answer, the manifest, and this station's own unconfirmed operations. */
export function mergeCases(
  packageUid: string,
  body: unknown,
  fetchedAt: number | null,
  manifestCases: { case_uuid: string; packaged_product_uuid: string | null }[],
  ops: OutboxRow[]
): LookupCase[] {
  const apiCases: Record<string, ApiCase> =
    body && typeof body === 'object' && (body as { case_ids?: unknown }).case_ids && typeof (body as { case_ids: unknown }).case_ids === 'object'
      ? ((body as { case_ids: Record<string, ApiCase> }).case_ids ?? {})
      : {}
  const order: string[] = []
  const seen = new Set<string>()
  const add = (c: string): void => {
    if (!seen.has(c)) {
      seen.add(c)
      order.push(c)
    }
  }
  for (const c of Object.keys(apiCases)) add(c)
  for (const m of manifestCases) add(m.case_uuid)
  for (const o of ops) add(o.case_uuid)

  return order.map((caseUuid): LookupCase => {
    const a = apiCases[caseUuid]
    const api = a
      ? {
          isImported: a.is_imported === true,
          importedOn: typeof a.imported_on === 'string' ? a.imported_on : null,
          packageUid: typeof a.package_uid === 'string' ? a.package_uid : null,
          dispensary: apiDispensary(a.dispensary)
        }
      : null
    const manifestPps = manifestCases.filter((m) => m.case_uuid === caseUuid)
    const caseOps = ops.filter((o) => o.case_uuid === caseUuid)
    const pps: string[] = []
    for (const m of manifestPps) if (m.packaged_product_uuid && !pps.includes(m.packaged_product_uuid)) pps.push(m.packaged_product_uuid)
    for (const o of caseOps) if (o.packaged_product_uuid && !pps.includes(o.packaged_product_uuid)) pps.push(o.packaged_product_uuid)

    const fromApi = (): { status: CaseStatusWord; detail: string | null } => {
      if (!api || !api.isImported) return { status: 'Not imported', detail: null }
      if (api.packageUid === packageUid) return { status: 'Imported', detail: null }
      const where = api.packageUid ? `into ${api.packageUid}` : 'by another company'
      const disp = api.dispensary ? ` (${api.dispensary.name}${api.dispensary.state ? `, ${api.dispensary.state}` : ''})` : ''
      return { status: 'Imported elsewhere', detail: `imported ${where}${disp}` }
    }
    const fromOp = (o: OutboxRow | undefined, multi: boolean): { status: CaseStatusWord; detail: string | null } => {
      if (!o) return multi ? { status: api?.isImported && api.packageUid !== packageUid ? fromApi().status : 'Not imported', detail: null } : fromApi()
      const what = o.operation === 'import' ? 'import' : 'remove'
      switch (o.state) {
        case 'pending':
          return { status: 'Queued', detail: `${what} queued${o.last_error ? ` (${o.last_error})` : ''}` }
        case 'in_flight':
          return { status: 'Sending', detail: `${what} being sent` }
        case 'failed':
          return { status: 'Failed', detail: o.api_message ?? o.last_error }
        default:
          // Done: the API's answer wins when it came after our operation (someone else changed it since).
          if (fetchedAt !== null && o.done_at !== null && fetchedAt > o.done_at && !multi) return fromApi()
          if (o.operation === 'import') return { status: 'Imported', detail: o.outcome === 'already_imported' ? 'already imported' : null }
          return { status: 'Not imported', detail: 'removed' }
      }
    }
    const lastFor = (pp: string | null): OutboxRow | undefined => {
      let last: OutboxRow | undefined
      for (const o of caseOps) {
        if (o.state === 'cancelled') continue
        if (pp === null || o.packaged_product_uuid === pp || (o.operation === 'remove' && o.packaged_product_uuid === null)) last = o
      }
      return last
    }
    const multi = pps.length > 1
    const packagedProducts = pps.map((uuid) => ({ uuid, ...fromOp(lastFor(uuid), multi) }))
    let top: { status: CaseStatusWord; detail: string | null }
    if (packagedProducts.length === 0) top = fromOp(lastFor(null), false)
    else top = packagedProducts.reduce((best, p) => (RANK[p.status] > RANK[best.status] ? { status: p.status, detail: p.detail } : best), { status: packagedProducts[0]!.status, detail: packagedProducts[0]!.detail })
    return {
      caseUuid,
      status: top.status,
      detail: top.detail,
      importedOn: api?.importedOn ?? null,
      importedInto: api?.packageUid ?? null,
      dispensary: api?.dispensary ?? null,
      api,
      onManifest: manifestPps.length > 0,
      packagedProducts
    }
  })
}
