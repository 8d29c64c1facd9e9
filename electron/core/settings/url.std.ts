// Which API base URLs the station accepts: https anywhere, plain http only on loopback.
import { API_PRESETS } from '../../shared/apis.std'

export { API_PRESETS } from '../../shared/apis.std'

const PRESET_OF_WORD: Readonly<Record<string, string>> = API_PRESETS

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (h === '::1') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/** Returns the normalised base URL (no trailing slash) or throws a message fit for the operator. */
export function normaliseApiUrl(input: string): string {
  const raw = input.trim()
  const preset = PRESET_OF_WORD[raw.toLowerCase()]
  if (preset) return preset
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(raw.slice(0, 200))} (use https://host, or "builtin", "test", "production")`)
  }
  if (url.username || url.password) throw new Error('the API URL must not contain a user name or password')
  if (url.search || url.hash) throw new Error('the API URL must not contain a query or fragment')
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) throw new Error(`refused: ${url.origin} is plain http; the API URL must be https:// unless it is on this computer (loopback)`)
  } else if (url.protocol !== 'https:') {
    throw new Error(`refused: ${url.protocol} URLs are not supported; the API URL must be https://`)
  }
  return url.toString().replace(/\/+$/, '')
}
