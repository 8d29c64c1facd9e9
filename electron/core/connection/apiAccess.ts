// The station's way to the API: the client for the current settings (rebuilt when they change, here
// or in another process) and the pause of the queue after the API refused the credentials.
import { LucidClient } from '../client/lucid'
import type { LogFn } from '../log/logFn'
import { apiBindingOf, type ApiBinding } from '../settings/apiBinding.std'
import type { Settings } from '../settings/settings'
import type { Db } from '../store/db'
import type { Store } from '../store/store'

const PAUSE_KEY = 'runtime.paused'

/** Written to the database (shared by every process on the folder): never a derivative of the secret. */
export interface Pause {
  reason: 'credentials'
  /** The settings' connection generation the refused client was built under. */
  generation: string
  message: string
  at: number
}

/** A pause as versions before issue 14 wrote it: with a digest of the secret, removed at first read. */
interface LegacyPause extends Omit<Pause, 'generation'> {
  fingerprint: string
}

/** The client for the current settings, or why there is none; `api` is the binding it sends to. */
export interface CurrentClient {
  client: LucidClient | null
  reason: string
  api: ApiBinding
}

export interface ApiAccessOptions {
  db: Db
  store: Store
  settings: Settings
  /** Used when the api-url setting is 'builtin'. */
  builtinApi?: { url: string; clientId: string; clientSecret: string } | undefined
  requestTimeoutMs?: number | undefined
  now: () => number
  log: LogFn
  /** The connection's words may have changed (a client built, a pause set or lifted). */
  connectionMayHaveChanged: () => void
  /** A journal row was written (a pause): publish it. */
  changed: () => void
}

export class ApiAccess {
  private clientCache: (CurrentClient & { key: string; dataVersion: number }) | null = null
  /** The connection generation each client was built under. */
  private readonly clientGenerations = new WeakMap<LucidClient, string>()

  constructor(private readonly o: ApiAccessOptions) {}

  /**
   * The client for the current settings, rebuilt when they change: here (forget()) or in another
   * process, whose commit changes PRAGMA data_version (a secret change writes a journal row).
   */
  currentClient(): CurrentClient {
    const dataVersion = this.o.db.pragma('data_version', { simple: true }) as number
    if (this.clientCache && this.clientCache.dataVersion === dataVersion) return this.clientCache
    const key = this.o.settings.connectionFingerprint()
    if (this.clientCache && this.clientCache.key === key) {
      this.clientCache.dataVersion = dataVersion
      return this.clientCache
    }
    const generation = this.o.settings.connectionGeneration()
    const cfg = this.apiConfig()
    let client: LucidClient | null = null
    let reason = ''
    if ('reason' in cfg) reason = cfg.reason
    else {
      try {
        client = new LucidClient({ baseUrl: cfg.url, clientId: cfg.clientId, clientSecret: cfg.secret, timeoutMs: this.o.requestTimeoutMs ?? 10_000, now: this.o.now })
        this.clientGenerations.set(client, generation)
      } catch (err) {
        reason = (err as Error).message
      }
    }
    this.clientCache = { key, dataVersion, client, reason, api: apiBindingOf(this.o.settings.get()) }
    this.o.connectionMayHaveChanged()
    return this.clientCache
  }

  /** The settings changed: the next call builds a client from them. */
  forget(): void {
    this.clientCache = null
  }

  private apiConfig(): { url: string; clientId: string; secret: string } | { reason: string } {
    const s = this.o.settings.get()
    if (s.apiUrl === 'builtin') {
      const b = this.o.builtinApi
      if (!b) return { reason: 'the built-in sandbox is not running in this process' }
      return { url: b.url, clientId: b.clientId, secret: b.clientSecret }
    }
    const secret = this.o.settings.readSecret()
    if (!s.clientId) return { reason: 'no client id set' }
    if (!secret) return { reason: this.o.settings.describeSecret().unreadable ?? 'no client secret set' }
    return { url: s.apiUrl, clientId: s.clientId, secret }
  }

  /** The pause in force, null when the queue may send. */
  pauseState(): Pause | null {
    const raw = this.o.store.getSetting(PAUSE_KEY)
    if (!raw) return null
    let p: Pause | LegacyPause
    try {
      p = JSON.parse(raw) as Pause | LegacyPause
    } catch {
      return null
    }
    if ('fingerprint' in p) return this.replaceLegacyPause(p)
    if (p.generation !== this.o.settings.connectionGeneration()) {
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
  pause(reason: 'credentials', message: string, client?: LucidClient): void {
    const generation = (client && this.clientGenerations.get(client)) ?? this.o.settings.connectionGeneration()
    this.writePause({ reason, generation, message, at: this.o.now() })
    this.o.log('warn', 'queue paused: the API refused the credentials; change them in the settings to resume', { message })
    this.o.changed()
    this.o.connectionMayHaveChanged()
  }

  private writePause(p: Pause): void {
    const s = this.o.settings.get()
    this.o.store.putSettings({ [PAUSE_KEY]: JSON.stringify(p) }, this.o.now(), { event: 'queue_paused', operator: null, station: s.stationName, keys: [PAUSE_KEY] })
  }

  /**
   * A pause written by an older version holds a digest of the secret it was refused with. Compared
   * here in memory with the current credentials' (16 hex digits, as it was written), then replaced by
   * a pause under the current generation, or lifted; the old row's bytes are overwritten (secure_delete)
   * and the log is checkpointed, so the digest does not stay in the file or its WAL. A process that
   * cannot read the secret cannot compare: the pause stands for the current generation.
   */
  private replaceLegacyPause(legacy: LegacyPause): Pause | null {
    const unreadable = this.o.settings.describeSecret().unreadable !== null
    const same = unreadable || legacy.fingerprint === this.o.settings.connectionFingerprint().slice(0, legacy.fingerprint.length)
    const pause: Pause | null = same ? { reason: legacy.reason, generation: this.o.settings.connectionGeneration(), message: legacy.message, at: legacy.at } : null
    const previous = this.o.db.pragma('secure_delete', { simple: true }) as number
    this.o.db.pragma('secure_delete = ON')
    try {
      if (pause) this.o.store.putSettings({ [PAUSE_KEY]: JSON.stringify(pause) }, this.o.now(), null)
      else this.clearPause()
    } finally {
      this.o.db.pragma(`secure_delete = ${previous === 1 ? 'ON' : previous === 2 ? 'FAST' : 'OFF'}`)
    }
    try {
      this.o.db.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      // Another process reading: its next checkpoint overwrites the pages.
    }
    return pause
  }

  clearPause(): void {
    if (this.o.store.getSetting(PAUSE_KEY) === null) return
    const s = this.o.settings.get()
    this.o.store.putSettings({ [PAUSE_KEY]: null }, this.o.now(), { event: 'queue_resumed', operator: null, station: s.stationName, keys: [PAUSE_KEY] })
    this.o.connectionMayHaveChanged()
  }

  /** The client ready to ask (not configured or paused: why not, in the words lookups and "prepare" use). */
  readyClient(): { ok: true; client: LucidClient } | { ok: false; message: string } {
    const c = this.currentClient()
    const pause = this.pauseState()
    if (!c.client) return { ok: false, message: `not configured: ${c.reason}` }
    if (pause) return { ok: false, message: `paused: ${pause.message}` }
    return { ok: true, client: c.client }
  }
}
