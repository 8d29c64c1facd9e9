// Checks on identifiers before anything is queued: never a request built from garbage.

import { DOT_SEGMENT_WORDS, isDotSegment, PACKAGE_UID, PACKAGE_UID_MAX, SHORT_UUID } from '../shared/ids.std'

export class StationError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found' | 'conflict' | 'unavailable',
    message: string,
    readonly field?: string
  ) {
    super(message)
    this.name = 'StationError'
  }
}

export function shortUuid(field: string, v: unknown): string {
  if (typeof v !== 'string' || !SHORT_UUID.test(v.trim())) throw new StationError('invalid', `${field} must be a 22-character ShortUUID`, field)
  return v.trim()
}

export function packageUid(field: string, v: unknown): string {
  if (typeof v === 'string' && isDotSegment(v.trim())) throw new StationError('invalid', `${field} "${v.trim()}" cannot be a Package UID: ${DOT_SEGMENT_WORDS}`, field)
  if (typeof v !== 'string' || !PACKAGE_UID.test(v.trim())) throw new StationError('invalid', `${field} must be 1 to ${PACKAGE_UID_MAX} printable characters without spaces`, field)
  return v.trim()
}

export function requiredText(field: string, v: unknown, max = 128): string {
  if (typeof v !== 'string' || v.trim() === '') throw new StationError('invalid', `${field} is required`, field)
  return optionalText(field, v, max)!
}

export function optionalText(field: string, v: unknown, max = 500): string | null {
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw new StationError('invalid', `${field} must be text`, field)
  const t = v.trim()
  if (t.length > max) throw new StationError('invalid', `${field} must be at most ${max} characters`, field)
  if (hasControl(t, true)) throw new StationError('invalid', `${field} must not contain control characters`, field)
  if (hasBidiControl(t)) throw new StationError('invalid', `${field} ${BIDI_CONTROL_WORDS}`, field)
  return t === '' ? null : t
}

/** Said after the field's name when text holds a bidi control character. */
export const BIDI_CONTROL_WORDS = 'must not contain direction marks (invisible characters that show the text reversed)'

/** True when s holds a bidirectional control (U+200E/F, U+202A-E, U+2066-9): shown raw, it reorders the text. */
export function hasBidiControl(s: string): boolean {
  return /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(s)
}

/** True when s holds a control character (tab and line breaks allowed with allowWhitespace). */
export function hasControl(s: string, allowWhitespace = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (allowWhitespace && (c === 9 || c === 10 || c === 13)) continue
    if (isControlCode(c)) return true
  }
  return false
}

/** A C0 control or DEL. */
export function isControlCode(c: number): boolean {
  return c < 32 || c === 127
}
