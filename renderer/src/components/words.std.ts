// What the receiving screen says, in words, from the station's values: pure functions, tested on their own.
import type { Connection, CsvError, LookupCase, LookupView } from '../../../electron/contract'
import { formatClock } from './format.std'

/** What the Details cell says: the station's reason, where it went, and multi-batch progress. */
export function caseDetails(c: LookupCase): string {
  const parts: string[] = []
  if (c.detail) parts.push(c.detail)
  else if (c.status === 'Imported' && c.dispensary?.name) parts.push(`${c.dispensary.name}${c.dispensary.state ? `, ${c.dispensary.state}` : ''}`)
  if (c.packagedProducts.length > 1) {
    // Each packaged product of a multi-batch case is tracked on its own (never from is_imported).
    const done = c.packagedProducts.filter((p) => p.status === 'Imported').length
    parts.push(`${done}/${c.packagedProducts.length} packaged products done`)
    const failing = c.packagedProducts.find((p) => p.status === 'Failed' && p.detail)
    if (failing && failing.detail !== c.detail) parts.push(failing.detail ?? '')
  }
  return parts.join(' · ')
}

/**
 * "Live answer at 10:42", or the answer shown when this lookup got none: "Answer from 10:42; no fresh
 * one (why)". About this lookup only, so it never contradicts the connection in the top bar.
 */
export function lookupAge(lookup: LookupView | null): string {
  if (lookup === null) return 'Looking up its CaseIDs…'
  const why = lookup.error ? ` (${lookup.error})` : ''
  if (lookup.stale) return lookup.fetchedAt ? `Answer from ${formatClock(lookup.fetchedAt)}; no fresh one${why}` : `The API has not answered for this package yet${why}`
  return lookup.fetchedAt ? `Live answer at ${formatClock(lookup.fetchedAt)}` : 'The API has not answered for this package yet'
}

const CONNECTION_TONES: Record<Connection['state'], string> = {
  checking: '',
  working: 'tone-accepted',
  refused: 'tone-refused',
  unreachable: 'tone-refused',
  not_configured: 'tone-refused'
}

/** The station's own words for the connection (its headline), coloured, with the time of the last answer when it matters. */
export function connectionWords(connection: Connection | undefined): { word: string; tone: string; detail: string } {
  if (!connection) return { word: 'Starting…', tone: '', detail: '' }
  const detail = connection.lastAnswerAt && (connection.state === 'working' || connection.state === 'unreachable') ? `last answer ${formatClock(connection.lastAnswerAt)}` : ''
  return { word: connection.headline, tone: CONNECTION_TONES[connection.state], detail }
}

/** The status line when no scan has spoken yet: ready, and the connection's own sentence when it is not working. */
export function idleStatus(connection: Connection | undefined): string {
  const ready = 'Ready to scan: scan a Package UID, then its cases.'
  if (!connection || connection.state === 'working' || connection.state === 'checking') return ready
  return `${ready} ${connection.message}`
}

/** "Line 3, column case_uuid: …"; an error of the whole file has no line or column. */
export function describeCsvError(e: CsvError): string {
  const where = [e.line > 0 ? `Line ${e.line}` : '', e.column ? `column ${e.column}` : ''].filter(Boolean).join(', ')
  return where ? `${where}: ${e.message}` : e.message
}
