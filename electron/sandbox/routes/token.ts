import type { Store } from '../store'
import { empty, json, type Reply } from '../http'

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!m) return null
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) }
  } catch {
    return null
  }
}

/** `POST /o/token/`: OAuth2 client credentials, form-encoded, as django-oauth-toolkit answers it. */
export function tokenRoute(store: Store, ttlSeconds: number, method: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Reply {
  if (method !== 'POST') return empty(405, { Allow: 'POST, OPTIONS' })
  const contentType = String(headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams()
  if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' }, NO_STORE)
  const basic = basicCredentials(typeof headers.authorization === 'string' ? headers.authorization : undefined)
  const id = basic?.id ?? form.get('client_id')
  const secret = basic?.secret ?? form.get('client_secret')
  const client = id !== null && secret !== null ? store.clientFor(id, secret) : null
  if (!client) return json(401, { error: 'invalid_client' }, NO_STORE)
  const token = store.issueToken(client.clientId, ttlSeconds)
  return json(200, { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds, scope: 'read write' }, NO_STORE)
}
