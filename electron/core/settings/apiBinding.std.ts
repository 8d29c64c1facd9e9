// Which API an operation is for: the API address setting ('builtin' or a base URL) and the client id.
// Every outbox item and its journal rows carry one, set when it is queued; the worker sends an item
// only while the station points at that same API, so an operation never reaches another LucidRetail.
import { API_NAMES, API_PRESETS } from '../../shared/apis.std'

export interface ApiBinding {
  /** 'builtin' (the built-in sandbox, wherever it listens in this run) or a normalised base URL. */
  url: string
  /** '' for the built-in sandbox (it has its own demo client). */
  clientId: string
}

/** The binding the settings point at. The built-in sandbox is one API whatever client id is set. */
export function apiBindingOf(settings: { apiUrl: string; clientId: string }): ApiBinding {
  return settings.apiUrl === 'builtin' ? { url: 'builtin', clientId: '' } : { url: settings.apiUrl, clientId: settings.clientId }
}

export function sameApi(a: ApiBinding, b: ApiBinding): boolean {
  return a.url === b.url && a.clientId === b.clientId
}

const PRESET_NAMES: Readonly<Record<string, string>> = {
  [API_PRESETS.test]: API_NAMES.test,
  [API_PRESETS.production]: API_NAMES.production
}

/** The name a person recognises: "Built-in sandbox", "LucidRetail test", "LucidRetail production", or the address. */
export function apiName(url: string): string {
  if (url === 'builtin') return API_NAMES.builtin
  return PRESET_NAMES[url] ?? url
}

/**
 * What an operation not sent yet waits for when it is bound to another API than the current one:
 * that API's name (it is sent when the station points at it again); null when it may go now.
 */
export function waitingForApi(op: { state: string; api: ApiBinding }, current: ApiBinding | null): string | null {
  if (current === null || (op.state !== 'pending' && op.state !== 'in_flight')) return null
  return sameApi(op.api, current) ? null : apiName(op.api.url)
}
