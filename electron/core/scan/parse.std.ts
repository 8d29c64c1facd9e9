// Scan parsing, shared by every input (keyboard wedge, webcam, typed by hand). Pure: no I/O, never throws.
// See DESIGN "Scan parsing" and LUCIDRETAIL "What is printed on the labels".
import { inShortUuidAlphabet, isInvisible, isShortUuid, shortUuidProblem, SHORTUUID_LENGTH } from './shortuuid.std'

export { isShortUuid, shortUuidProblem, decodeShortUuid, encodeShortUuid, SHORTUUID_ALPHABET, SHORTUUID_LENGTH } from './shortuuid.std'

export type ScanResult =
  | { kind: 'case'; caseUuid: string }
  | { kind: 'item'; lucidId: string; message: string }
  | { kind: 'package'; packageUid: string; format: 'metrc' | 'operator' }
  | { kind: 'unrecognised'; shown: string; message: string }

export const ITEM_MESSAGE = 'This is an item label: scan the case label (CaseID QR).'
export const CASEID_HOST = 'qr.lcdg.io'
/** Longest text the parser looks at; a label never comes close. */
export const MAX_SCAN_LENGTH = 4096
/** Longest Package UID accepted from an operator. */
export const MAX_PACKAGE_UID_LENGTH = 64

const METRC = /^[A-Z0-9]{24}$/
const LUCID_ID = /^[A-Za-z0-9_-]{1,64}$/
const AIM = /^\][A-Za-z][0-9A-Za-z]/
const WHITE = new Set([0x20, 0x09, 0x0a, 0x0d])

/**
 * What a scanner adds around a code removed: surrounding spaces, CR, LF and Tab, and an AIM
 * symbology identifier (`]Q1`, `]C0`, `]d2`, `]E0`, ...) at the start.
 */
export function cleanScan(raw: string): string {
  if (typeof raw !== 'string') return ''
  let s = trimWhite(raw)
  if (AIM.test(s)) s = trimWhite(s.slice(3))
  return s
}

function trimWhite(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && WHITE.has(s.charCodeAt(a))) a++
  while (b > a && WHITE.has(s.charCodeAt(b - 1))) b--
  return a === 0 && b === s.length ? s : s.slice(a, b)
}

export function parseScan(raw: string): ScanResult {
  try {
    return parseClean(cleanScan(raw))
  } catch {
    // Not expected; the parser is written not to throw, and this keeps the promise whatever happens.
    return unrecognised(typeof raw === 'string' ? raw : '', 'This code could not be read.')
  }
}

function parseClean(s: string): ScanResult {
  if (s.length === 0) return unrecognised(s, 'Nothing was read: the scan was empty.')
  if (s.length > MAX_SCAN_LENGTH) return unrecognised(s, `${s.length} characters: far too long for a CaseID or a Package UID.`)
  if (hasControl(s)) return unrecognised(s, 'It contains control characters (shown as symbols): not a label code.')

  const url = splitUrl(s)
  if (url) return parseUrl(s, url)

  if (s.length === SHORTUUID_LENGTH && isShortUuid(s)) return { kind: 'case', caseUuid: s }
  if (METRC.test(s)) return { kind: 'package', packageUid: s, format: 'metrc' }
  return unrecognised(s, diagnose(s))
}

type Url = { scheme: string | null; host: string; path: string }

/** Splits `scheme://host/path?query#fragment` (or `qr.lcdg.io/...` without a scheme); null when `s` is no link. */
function splitUrl(s: string): Url | null {
  let rest: string
  let scheme: string | null = null
  const m = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):\/\//.exec(s)
  if (m) {
    scheme = m[1]!.toLowerCase()
    rest = s.slice(m[0].length)
  } else if (s.slice(0, CASEID_HOST.length + 1).toLowerCase() === `${CASEID_HOST}/`) {
    rest = s
  } else {
    return null
  }
  let end = rest.length
  for (const sep of ['/', '?', '#']) {
    const i = rest.indexOf(sep)
    if (i >= 0 && i < end) end = i
  }
  const host = rest.slice(0, end).toLowerCase()
  let path = rest.slice(end)
  for (const sep of ['?', '#']) {
    const i = path.indexOf(sep)
    if (i >= 0) path = path.slice(0, i)
  }
  return { scheme, host, path }
}

function parseUrl(s: string, url: Url): ScanResult {
  if (url.scheme !== null && url.scheme !== 'http' && url.scheme !== 'https') {
    return unrecognised(s, `A ${displaySafe(url.scheme, 16)} link, not a CaseID label (https://${CASEID_HOST}/case/…).`)
  }
  if (url.host !== CASEID_HOST) {
    const host = url.host === '' ? 'a link without a host' : `a link to ${displaySafe(url.host, 40)}`
    return unrecognised(s, `This is ${host}, not to ${CASEID_HOST}: only CaseID labels (https://${CASEID_HOST}/case/…) are accepted.`)
  }
  const segments = url.path.split('/').slice(1)
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop()
  if (segments.length === 2 && segments[0]!.toLowerCase() === 'case') {
    const id = segments[1]!
    const problem = shortUuidProblem(id, 'a CaseID')
    if (problem === null) return { kind: 'case', caseUuid: id }
    return unrecognised(s, `A CaseID link, but its id is damaged: ${problem}.`)
  }
  if (segments.length === 1 && segments[0]!.toLowerCase() !== 'case' && LUCID_ID.test(segments[0]!)) {
    return { kind: 'item', lucidId: segments[0]!, message: ITEM_MESSAGE }
  }
  return unrecognised(s, `A ${CASEID_HOST} link, but neither a CaseID (…/case/<id>) nor an item label.`)
}

/**
 * The id a scanned text names, to search for it (the manager's review): a CaseID, an item's LucidID or
 * a Package UID as parseScan reads them; for any other http(s) link the last segment of its path (a
 * label of another kind puts its id there); else the code as cleanScan leaves it.
 */
export function idOfScan(raw: string): string {
  const s = cleanScan(raw)
  const scan = parseScan(s)
  if (scan.kind === 'case') return scan.caseUuid
  if (scan.kind === 'item') return scan.lucidId
  if (scan.kind === 'package') return scan.packageUid
  const url = splitUrl(s)
  if (url && (url.scheme === 'http' || url.scheme === 'https')) return url.path.split('/').filter(Boolean).pop() ?? s
  return s
}

/** The most specific reason we can give for a code that is neither a CaseID nor a Metrc tag. */
function diagnose(s: string): string {
  const alnum = /^[A-Za-z0-9]+$/.test(s)
  if (alnum && s.length === 24 && /[a-z]/.test(s)) {
    return '24 letters and digits, but some are lower case: a Metrc Package UID is all upper case.'
  }
  if (/^[A-Z0-9]+$/.test(s) && (s.length === 23 || s.length === 25)) {
    // 23 upper-case letters and digits of the base57 alphabet could be a damaged CaseID as well.
    const caseToo = s.length === SHORTUUID_LENGTH + 1 && shortUuidProblem(s.slice(1)) === null
    return `${s.length} characters: ${caseToo ? `a CaseID has ${SHORTUUID_LENGTH}, ` : ''}a Metrc Package UID has 24.`
  }
  if (s.length >= SHORTUUID_LENGTH - 3 && s.length <= SHORTUUID_LENGTH + 3 && nearlyBase57(s)) {
    const problem = shortUuidProblem(s, 'a CaseID')
    if (problem !== null) return `${capitalise(problem)}.`
  }
  return `${s.length} character${s.length === 1 ? '' : 's'}: neither a CaseID (22 characters, or a https://${CASEID_HOST}/case/… link) nor a Metrc Package UID (24 upper-case letters and digits).`
}

/**
 * A Package UID typed by hand or chosen with "Use as Package UID": a Metrc tag once trimmed,
 * upper-cased and stripped of spaces and dashes (24 letters and digits). Anything else is refused
 * with the reason, so a stray code never becomes a package.
 */
export function packageUidFromOperator(raw: string): { ok: true; packageUid: string } | { ok: false; message: string } {
  try {
    const s = cleanScan(raw)
    if (s.length === 0) return { ok: false, message: 'The Package UID is empty.' }
    if (s.length > MAX_PACKAGE_UID_LENGTH) {
      return { ok: false, message: `${s.length} characters: a Package UID has 24 letters and digits.` }
    }
    if (splitUrl(s) !== null) return { ok: false, message: 'This is a link, not a Package UID: scan the package tag.' }
    if (s.length === SHORTUUID_LENGTH && isShortUuid(s)) {
      return { ok: false, message: 'This is a CaseID (22-character ShortUUID), not a Package UID: scan the package tag.' }
    }
    const tag = normaliseTag(s)
    if (tag === null) {
      return { ok: false, message: `“${displaySafe(s, 40)}” cannot be a Package UID: a Metrc tag has 24 letters and digits (spaces and dashes are ignored).` }
    }
    return { ok: true, packageUid: tag }
  } catch {
    return { ok: false, message: 'This cannot be used as a Package UID.' }
  }
}

/** A code as a Metrc tag: trimmed, upper case, spaces and dashes removed; null unless 24 letters and digits. */
export function normaliseTag(raw: string): string | null {
  const s = cleanScan(raw).toUpperCase().replace(/[\s-]+/g, '')
  return METRC.test(s) ? s : null
}

/**
 * `raw` as plain text that is safe and readable on screen: control characters made visible
 * (U+2400 symbols, `\xNN` for C1), invisible and bidi characters escaped, lone surrogates replaced,
 * and cut to at most `max` UTF-16 units with an ellipsis. The UI renders it as text, never as HTML.
 */
export function displaySafe(raw: string, max = 80): string {
  const limit = Number.isFinite(max) ? Math.max(1, Math.floor(max)) : 80
  if (typeof raw !== 'string') return ''
  const tokens: string[] = []
  let length = 0
  let i = 0
  while (i < raw.length && length <= limit) {
    const c = raw.charCodeAt(i)
    let token: string
    let step = 1
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < raw.length ? raw.charCodeAt(i + 1) : 0
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000
        token = isInvisible(cp) || (cp >= 0xe0000 && cp <= 0xe007f) ? `\\u{${cp.toString(16).toUpperCase()}}` : raw.slice(i, i + 2)
        step = 2
      } else {
        token = '\uFFFD'
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      token = '\uFFFD'
    } else if (c < 0x20) {
      token = String.fromCharCode(0x2400 + c)
    } else if (c === 0x7f) {
      token = '\u2421'
    } else if (c >= 0x80 && c <= 0x9f) {
      token = `\\x${c.toString(16).toUpperCase()}`
    } else if (isInvisible(c)) {
      token = `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`
    } else {
      token = raw.charAt(i)
    }
    tokens.push(token)
    length += token.length
    i += step
  }
  if (i >= raw.length && length <= limit) return tokens.join('')
  while (tokens.length > 0 && length > limit - 1) length -= tokens.pop()!.length
  return `${tokens.join('')}\u2026`
}

function unrecognised(s: string, message: string): ScanResult {
  return { kind: 'unrecognised', shown: displaySafe(s), message }
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return true
  }
  return false
}

/** All but at most three characters are in the CaseID alphabet: a damaged CaseID rather than something else. */
function nearlyBase57(s: string): boolean {
  let outside = 0
  for (const ch of s) if (!inShortUuidAlphabet(ch) && ++outside > 3) return false
  return true
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
