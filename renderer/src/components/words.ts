// What the receiving screen says, in words, from the station's values: pure functions, tested on their own.
import type { Connection, CsvError, LookupCase, LookupView } from '../../../electron/contract'
import { formatClock } from './format'

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

/** "Live answer at 10:42" or "As of 10:42, offline". */
export function lookupAge(lookup: LookupView | null): string {
  if (lookup === null) return 'Looking up its CaseIDs…'
  if (lookup.stale) return `As of ${lookup.fetchedAt ? formatClock(lookup.fetchedAt) : 'never'}, offline${lookup.error ? ` (${lookup.error})` : ''}`
  return lookup.fetchedAt ? `Live answer at ${formatClock(lookup.fetchedAt)}` : 'No answer yet'
}

/** "Online", "Offline" or why the queue waits, with the time of the API's last answer. */
export function connectionWords(connection: Connection | undefined): { word: string; tone: string; detail: string } {
  const last = connection?.lastAnswerAt ? `last answer ${formatClock(connection.lastAnswerAt)}` : 'no answer yet'
  if (!connection) return { word: 'Starting', tone: '', detail: '' }
  if (connection.paused === 'credentials') return { word: 'Paused', tone: 'tone-refused', detail: connection.message }
  if (connection.paused === 'not_configured') return { word: 'Not configured', tone: 'tone-refused', detail: connection.message }
  if (connection.online === true) return { word: 'Online', tone: 'tone-accepted', detail: last }
  if (connection.online === false) return { word: 'Offline', tone: 'tone-refused', detail: last }
  return { word: 'Connecting', tone: '', detail: last }
}

/** "Line 3, column case_uuid: …"; an error of the whole file has no line or column. */
export function describeCsvError(e: CsvError): string {
  const where = [e.line > 0 ? `Line ${e.line}` : '', e.column ? `column ${e.column}` : ''].filter(Boolean).join(', ')
  return where ? `${where}: ${e.message}` : e.message
}
