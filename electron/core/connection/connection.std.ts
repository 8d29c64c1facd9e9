// What the station says about its connection to the API (issue 12, item 5): one rule for every face
// (top bar, queue panel, status line, Settings, command line), in words a person would write.
import type { ApiOutcome } from '../client/classify.std'
import type { ConnectionState, ConnectionView } from '../types'

/** Without news from the API for this long (and nothing waiting to be sent), the station checks it. */
export const CHECK_EVERY_MS = 4_000
/** While the credentials are refused, a check this often (a settings change checks at once). */
export const REFUSED_CHECK_EVERY_MS = 30_000
/** The Package UID the cheap check looks up: well-formed, never issued (any answer but 401 will do). */
export const CHECK_PACKAGE_UID = '1A4000000000000000000000'

/** What a check's outcome (token + one lookup) says about the connection. */
export function checkState(outcome: ApiOutcome): 'working' | 'refused' | 'unreachable' {
  if (outcome.kind === 'credentials') return 'refused'
  if (outcome.kind === 'retry' && outcome.unreachable) return 'unreachable'
  return 'working'
}

export interface ConnectionFacts {
  state: ConnectionState
  /** Where the station sends its calls (the host only), or null when not configured. */
  apiHost: string | null
  builtin: boolean
  clientId: string | null
  /** Why the station has no client (not configured). */
  reason: string | null
  lastAnswerAt: number | null
}

/** The connection in words: a short headline for the top bar and a sentence that says what to check. */
export function describeConnection(f: ConnectionFacts): ConnectionView {
  const where = f.builtin ? 'the built-in sandbox' : f.apiHost ? `the API at ${f.apiHost}` : 'the API'
  const who = f.clientId ? ` as client ${f.clientId}` : ''
  const base = { state: f.state, lastAnswerAt: f.lastAnswerAt, online: f.state === 'working' ? true : f.state === 'unreachable' ? false : null }
  switch (f.state) {
    case 'not_configured':
      return { ...base, paused: 'not_configured', headline: 'Not set up', message: `Not set up: ${f.reason ?? 'the API settings are incomplete'}. Enter the client id and secret in Settings (F9) → API.` }
    case 'refused':
      return {
        ...base,
        paused: 'credentials',
        headline: 'Credentials refused',
        message: `Credentials refused: ${where} does not accept the client id and secret. Check them in Settings (F9) → API; scans stay queued until then.`
      }
    case 'unreachable':
      return {
        ...base,
        paused: null,
        headline: 'Unreachable',
        message: `Unreachable: ${where} does not answer. Check the network cable or Wi-Fi and the API address in Settings; scans stay queued and are sent when it answers.`
      }
    case 'working':
      return { ...base, paused: null, headline: 'Working', message: `Working: ${where} accepts this station${who}.` }
    case 'checking':
      return { ...base, paused: null, headline: 'Checking…', message: `Checking the connection to ${where}…` }
  }
}
