// LucidRetail CaseIDs API client: OAuth2 client credentials, a timeout on every call, and each
// answer classified (see classify.std.ts). The secret and the token never leave this module: errors
// carry only status codes and messages built here.
import { classifyHttp, type ApiOutcome } from './classify.std'
import { normaliseApiUrl } from '../settings/url.std'
import { packageUid as checkPackageUid } from '../validate.std'

export interface LucidConfig {
  baseUrl: string
  clientId: string
  clientSecret: string
  /** Per call (token, import, remove, lookup). Default 10 s. */
  timeoutMs?: number
  now?: () => number
  fetch?: typeof fetch
}

export interface ImportRequest {
  case_uuid: string
  packaged_product_uuid: string
  pos_product_id: string
  pos_inventory_id: string
  package_uid: string
  sku?: string
}

export interface RemoveRequest {
  case_uuid: string
  package_uid: string
  packaged_product_uuid?: string
}

export const API_PREFIX = '/api/v1.2'

type TokenResult = { ok: true; token: string } | { ok: false; outcome: ApiOutcome }

/** Network failures in words an operator can act on (never a code such as ECONNREFUSED). */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at its address',
  ENOTFOUND: 'its address cannot be found (check the network and the API address)',
  EAI_AGAIN: 'its address cannot be looked up (check the network)',
  ECONNRESET: 'the connection was cut',
  UND_ERR_SOCKET: 'the connection was cut',
  EHOSTUNREACH: 'no route to it (check the network)',
  ENETUNREACH: 'this computer has no network',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not trusted'
}

function describeError(err: unknown, timedOut: boolean): string {
  if (timedOut) return 'no answer from the API in time'
  const e = err as { name?: string; cause?: { code?: string }; code?: string }
  const code = e?.cause?.code ?? e?.code
  if (e?.name === 'AbortError') return 'request aborted'
  const words = code ? NETWORK_WORDS[code] : undefined
  return `cannot reach the API${words ? `: ${words}` : ''}`
}

export class LucidClient {
  readonly baseUrl: string
  private readonly clientId: string
  #secret: string
  #token: { value: string; refreshAt: number } | null = null
  #tokenPromise: Promise<TokenResult> | null = null
  private readonly timeoutMs: number
  private readonly now: () => number
  private readonly fetchFn: typeof fetch

  constructor(cfg: LucidConfig) {
    this.baseUrl = normaliseApiUrl(cfg.baseUrl)
    this.clientId = cfg.clientId
    this.#secret = cfg.clientSecret
    this.timeoutMs = cfg.timeoutMs ?? 10_000
    this.now = cfg.now ?? Date.now
    this.fetchFn = cfg.fetch ?? fetch
  }

  /** Never the secret. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, clientId: this.clientId }
  }

  invalidateToken(): void {
    this.#token = null
  }

  private async send(url: string, init: RequestInit, signal?: AbortSignal): Promise<{ res: Response; body: unknown } | { error: ApiOutcome }> {
    const timeout = AbortSignal.timeout(this.timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout
    try {
      const res = await this.fetchFn(url, { ...init, signal: combined, redirect: 'error' })
      const text = await res.text()
      let body: unknown = null
      if (text) {
        try {
          body = JSON.parse(text)
        } catch {
          body = text.slice(0, 500)
        }
      }
      return { res, body }
    } catch (err) {
      return { error: { kind: 'retry', status: null, unreachable: true, message: describeError(err, timeout.aborted) } }
    }
  }

  private fetchToken(signal?: AbortSignal): Promise<TokenResult> {
    this.#tokenPromise ??= (async (): Promise<TokenResult> => {
      try {
        const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.#secret })
        const r = await this.send(
          `${this.baseUrl}/o/token/`,
          { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form.toString() },
          signal
        )
        if ('error' in r) return { ok: false, outcome: r.error }
        const { res, body } = r
        if (res.status === 400 || res.status === 401 || res.status === 403) {
          return { ok: false, outcome: { kind: 'credentials', status: res.status, message: `the API refused the client id or secret (token endpoint answered ${res.status})` } }
        }
        if (res.status === 429 || res.status >= 500 || res.status === 408) {
          const c = classifyHttp(res.status, null, res.headers.get('retry-after'), this.now())
          return { ok: false, outcome: c.kind === 'refused' ? { kind: 'retry', status: res.status, unreachable: false, message: c.message } : c }
        }
        const b = body as { access_token?: unknown; expires_in?: unknown } | null
        if (res.status !== 200 || !b || typeof b.access_token !== 'string' || !b.access_token) {
          return { ok: false, outcome: { kind: 'retry', status: res.status, unreachable: false, message: `unexpected answer from the token endpoint (${res.status})` } }
        }
        const ttlMs = (typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : 3600) * 1000
        // Renew shortly before expiry: 60 s early, or 10% of a short lifetime.
        const margin = Math.min(60_000, ttlMs * 0.1)
        this.#token = { value: b.access_token, refreshAt: this.now() + ttlMs - margin }
        return { ok: true, token: b.access_token }
      } finally {
        this.#tokenPromise = null
      }
    })()
    return this.#tokenPromise
  }

  private async token(signal?: AbortSignal): Promise<TokenResult> {
    if (this.#token && this.now() < this.#token.refreshAt) return { ok: true, token: this.#token.value }
    this.#token = null
    return this.fetchToken(signal)
  }

  /** One API call with a bearer token; on 401 a new token once, then the call again. */
  async call(method: 'GET' | 'POST', path: string, json: unknown, signal?: AbortSignal): Promise<ApiOutcome> {
    for (let round = 0; round < 2; round++) {
      const t = await this.token(signal)
      if (!t.ok) return t.outcome
      const headers: Record<string, string> = { Authorization: `Bearer ${t.token}`, Accept: 'application/json' }
      if (method === 'POST') headers['Content-Type'] = 'application/json'
      const r = await this.send(`${this.baseUrl}${path}`, { method, headers, body: method === 'POST' ? JSON.stringify(json) : undefined }, signal)
      if ('error' in r) return r.error
      if (r.res.status === 401 && round === 0) {
        if (this.#token?.value === t.token) this.#token = null
        continue
      }
      return classifyHttp(r.res.status, r.body, r.res.headers.get('retry-after'), this.now())
    }
    return { kind: 'credentials', status: 401, message: 'the API refused a freshly issued token (401)' }
  }

  importCase(req: ImportRequest, signal?: AbortSignal): Promise<ApiOutcome> {
    return this.call('POST', `${API_PREFIX}/caseids/import/`, req, signal)
  }

  removeCase(req: RemoveRequest, signal?: AbortSignal): Promise<ApiOutcome> {
    return this.call('POST', `${API_PREFIX}/caseids/import/remove/`, req, signal)
  }

  caseidsForPackageUid(packageUid: string, signal?: AbortSignal): Promise<ApiOutcome> {
    // Checked here too: "." or ".." in the path would send the request to another address of the API.
    return this.call('GET', `${API_PREFIX}/package-uids/${encodeURIComponent(checkPackageUid('packageUid', packageUid))}/caseids/`, undefined, signal)
  }
}
