// Station settings: in the database (shared by the app, the browser host and the command line),
// except the client secret, which a SecretStore keeps (by default <dataDir>/client-secret, readable by its owner only).
import os from 'node:os'
import { createHash, randomUUID } from 'node:crypto'
import type { Store } from '../store/store'
import type { PublicSettings, SettingsPatch } from '../types'
import { FileSecretStore, type SecretDescription, type SecretStore } from './secretStore'
import { normaliseApiUrl } from './url.std'
import { apiBindingOf, apiName, type ApiBinding } from './apiBinding.std'
import { validTimeZone } from '../review/time.std'
import { BIDI_CONTROL_WORDS, hasBidiControl, hasControl } from '../validate.std'

export const DEFAULT_RATE_LIMIT = 950
export const DEFAULT_CONCURRENCY = 4

export type { PublicSettings, SettingsPatch }

export class SettingsError extends Error {
  constructor(
    readonly key: string,
    message: string
  ) {
    super(`${key}: ${message}`)
    this.name = 'SettingsError'
  }
}

const KEYS = {
  apiUrl: 'api_url',
  clientId: 'client_id',
  stationName: 'station_name',
  operator: 'operator',
  rateLimit: 'rate_limit',
  concurrency: 'concurrency',
  timeZone: 'time_zone',
  /** A random id, new whenever the API address, client id or secret changes (in any process). */
  connectionGeneration: 'connection_generation'
} as const

let cachedZone: string | null = null
export function systemTimeZone(): string {
  cachedZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  return cachedZone
}

const text = (key: string, v: unknown, max: number): string => {
  if (typeof v !== 'string') throw new SettingsError(key, 'must be text')
  const t = v.trim()
  if (t.length > max) throw new SettingsError(key, `must be at most ${max} characters`)
  if (hasControl(t)) throw new SettingsError(key, 'must not contain control characters')
  if (hasBidiControl(t)) throw new SettingsError(key, BIDI_CONTROL_WORDS)
  return t
}

export class Settings {
  private readonly secrets: SecretStore

  constructor(
    private readonly store: Store,
    dataDir: string,
    secrets?: SecretStore
  ) {
    this.secrets = secrets ?? new FileSecretStore(dataDir)
  }

  readSecret(): string | null {
    return this.secrets.read()
  }

  /** Whether a secret is set, how it is kept, and why this process cannot use it if it cannot (never the secret). */
  describeSecret(): SecretDescription {
    return this.secrets.describe()
  }

  private writeSecret(secret: string | null): void {
    if (secret === null) this.secrets.clear()
    else this.secrets.write(secret)
  }

  get(): PublicSettings {
    const all = this.store.allSettings()
    const apiUrl = all[KEYS.apiUrl] ?? 'builtin'
    return {
      apiUrl,
      usingBuiltin: apiUrl === 'builtin',
      apiName: apiName(apiUrl),
      clientId: all[KEYS.clientId] ?? '',
      hasClientSecret: this.secrets.describe().set,
      stationName: all[KEYS.stationName] ?? os.hostname(),
      operator: all[KEYS.operator] ?? '',
      rateLimit: Number(all[KEYS.rateLimit] ?? DEFAULT_RATE_LIMIT),
      concurrency: Number(all[KEYS.concurrency] ?? DEFAULT_CONCURRENCY),
      timeZone: all[KEYS.timeZone] ?? systemTimeZone()
    }
  }

  /** What the worker reads on every turn: cheap (no secret file read). */
  limits(): { rateLimit: number; concurrency: number } {
    return {
      rateLimit: Number(this.store.getSetting(KEYS.rateLimit) ?? DEFAULT_RATE_LIMIT),
      concurrency: Number(this.store.getSetting(KEYS.concurrency) ?? DEFAULT_CONCURRENCY)
    }
  }

  /**
   * A fingerprint of what the API connection depends on, for this process's memory only: it is a
   * digest of the secret, so it is never written anywhere (use connectionGeneration() for that).
   */
  connectionFingerprint(): string {
    const s = this.get()
    return this.fingerprintOf(s.apiUrl, s.clientId)
  }

  private fingerprintOf(apiUrl: string, clientId: string): string {
    return createHash('sha256').update(JSON.stringify([apiUrl, clientId, this.readSecret() ?? ''])).digest('hex')
  }

  /**
   * Which version of the API settings is in force: a random id (no derivative of any secret), new
   * whenever set() changes the address, client id or secret, so that every process on the folder,
   * even one that cannot read the secret, can tell that the credentials changed.
   */
  connectionGeneration(): string {
    return this.store.getSetting(KEYS.connectionGeneration) ?? ''
  }

  /** The API the settings would point at after this patch (validated, nothing written). */
  apiAfter(patch: Partial<SettingsPatch>): ApiBinding {
    const { values } = this.validate(patch)
    const cur = this.get()
    return apiBindingOf({ apiUrl: values[KEYS.apiUrl] ?? cur.apiUrl, clientId: values[KEYS.clientId] ?? cur.clientId })
  }

  /** Validates everything first, then writes; returns whether the API or the credentials changed. */
  set(patch: Partial<SettingsPatch>, now: number): { connectionChanged: boolean } {
    const { values, secret } = this.validate(patch)
    const before = this.connectionFingerprint()
    if (secret !== undefined) this.writeSecret(secret)
    const keys = [...Object.keys(values), ...(secret !== undefined ? ['client_secret'] : [])]
    const cur = this.get()
    const connectionChanged = before !== this.connectionAfter(values)
    // The journal names the keys changed, never their values.
    this.store.putSettings(connectionChanged ? { ...values, [KEYS.connectionGeneration]: randomUUID() } : values, now,
      keys.length ? { event: 'settings_changed', operator: cur.operator || null, station: cur.stationName, keys } : null)
    return { connectionChanged }
  }

  /** The fingerprint once `values` are written (the secret is already). */
  private connectionAfter(values: Record<string, string>): string {
    const cur = this.get()
    return this.fingerprintOf(values[KEYS.apiUrl] ?? cur.apiUrl, values[KEYS.clientId] ?? cur.clientId)
  }

  /** The settings rows a patch writes (normalised) and the secret (undefined: unchanged; null: removed). */
  private validate(patch: Partial<SettingsPatch>): { values: Record<string, string>; secret: string | null | undefined } {
    const values: Record<string, string> = {}
    let secret: string | null | undefined
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue
      switch (k) {
        case 'apiUrl': {
          const t = text('apiUrl', v, 2048)
          if (t.toLowerCase() === 'builtin') values[KEYS.apiUrl] = 'builtin'
          else {
            try {
              values[KEYS.apiUrl] = normaliseApiUrl(t)
            } catch (err) {
              throw new SettingsError('apiUrl', (err as Error).message)
            }
          }
          break
        }
        case 'clientId':
          values[KEYS.clientId] = text('clientId', v, 256)
          break
        case 'clientSecret':
          if (v === null) secret = null
          else {
            if (typeof v !== 'string') throw new SettingsError('clientSecret', 'must be text')
            const t = v.trim()
            if (t.length > 1024) throw new SettingsError('clientSecret', 'must be at most 1024 characters')
            if (/\s/.test(t) || hasControl(t)) throw new SettingsError('clientSecret', 'must not contain spaces or control characters')
            secret = t.length > 0 ? t : null
          }
          break
        case 'stationName':
          values[KEYS.stationName] = text('stationName', v, 100)
          break
        case 'operator':
          values[KEYS.operator] = text('operator', v, 100)
          break
        case 'rateLimit': {
          const n = typeof v === 'string' ? Number(v) : v
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000) throw new SettingsError('rateLimit', 'must be a whole number of requests per minute from 1 to 100000')
          values[KEYS.rateLimit] = String(n)
          break
        }
        case 'concurrency': {
          const n = typeof v === 'string' ? Number(v) : v
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 32) throw new SettingsError('concurrency', 'must be a whole number from 1 to 32')
          values[KEYS.concurrency] = String(n)
          break
        }
        case 'timeZone': {
          const t = text('timeZone', v, 64)
          if (!validTimeZone(t)) throw new SettingsError('timeZone', `unknown time zone ${JSON.stringify(t)}`)
          values[KEYS.timeZone] = t
          break
        }
        default:
          throw new SettingsError(k, 'unknown setting')
      }
    }
    return { values, secret }
  }
}
