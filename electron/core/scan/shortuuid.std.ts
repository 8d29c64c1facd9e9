// ShortUUIDs as LucidRetail prints them: Python `shortuuid`, a UUID's 128-bit integer in base 57,
// most significant digit first, padded to 22 characters.
// Written for the station; the sandbox has its own copy on purpose (DESIGN: no shared ID parsing).

import { SHORTUUID_ALPHABET, SHORTUUID_LENGTH } from '../../shared/ids.std'

export { SHORTUUID_ALPHABET, SHORTUUID_LENGTH }

const BASE = BigInt(SHORTUUID_ALPHABET.length)
const LIMIT = 1n << 128n
const ALPHABET_SET = new Set(SHORTUUID_ALPHABET)

/** True when `ch` (one character) is in the base57 alphabet. */
export function inShortUuidAlphabet(ch: string): boolean {
  return ALPHABET_SET.has(ch)
}

/** The 128-bit integer a 22-character base57 string stands for, or null when it is not one. */
export function decodeShortUuid(value: string): bigint | null {
  if (typeof value !== 'string' || value.length !== SHORTUUID_LENGTH) return null
  let n = 0n
  for (let i = 0; i < value.length; i++) {
    const d = SHORTUUID_ALPHABET.indexOf(value.charAt(i))
    if (d < 0) return null
    n = n * BASE + BigInt(d)
  }
  // 57^22 is about 2^128.3: some 22-character strings are not the encoding of any UUID.
  return n < LIMIT ? n : null
}

/** Python shortuuid's encoding of a 128-bit integer (for tests and tools). */
export function encodeShortUuid(n: bigint): string {
  if (n < 0n || n >= LIMIT) throw new RangeError('not a 128-bit integer')
  let out = ''
  while (n > 0n) {
    out = SHORTUUID_ALPHABET.charAt(Number(n % BASE)) + out
    n /= BASE
  }
  return out.padStart(SHORTUUID_LENGTH, SHORTUUID_ALPHABET.charAt(0))
}

export function isShortUuid(value: unknown): value is string {
  return typeof value === 'string' && decodeShortUuid(value) !== null
}

/**
 * Why `value` is not a ShortUUID, in words for an operator (null when it is one).
 * `what` names the thing expected, e.g. "a CaseID".
 */
export function shortUuidProblem(value: string, what = 'a ShortUUID'): string | null {
  if (value.length === 0) return `it is empty: ${what} has ${SHORTUUID_LENGTH} characters`
  const bad: string[] = []
  for (const ch of value) {
    if (!ALPHABET_SET.has(ch) && !bad.includes(ch)) bad.push(ch)
    if (bad.length >= 3) break
  }
  if (bad.length > 0) {
    const list = bad.map((c) => `'${visibleChar(c)}'`).join(', ')
    const hint = bad.some((c) => '0OIl1'.includes(c)) ? ` (${what} never uses 0, O, I, l or 1)` : ''
    return `contains ${list}, which ${bad.length === 1 ? 'is' : 'are'} not in ${what}${hint}`
  }
  if (value.length !== SHORTUUID_LENGTH) {
    return `${value.length} character${value.length === 1 ? '' : 's'}: ${what} has ${SHORTUUID_LENGTH}`
  }
  if (decodeShortUuid(value) === null) return `not a valid ShortUUID: its value does not fit in 128 bits, so it cannot be ${what}`
  return null
}

function visibleChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0
  if (c < 0x20) return String.fromCodePoint(0x2400 + c)
  if (c === 0x7f) return '\u2421'
  if (c === 0x20) return 'space'
  if ((c >= 0x80 && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) || isInvisible(c)) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
  return ch
}

/** Code points that would hide or reorder text when shown: zero-width, bidi controls, BOM, separators. */
export function isInvisible(c: number): boolean {
  return (
    c === 0xad ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0xfeff ||
    (c >= 0xfff9 && c <= 0xfffb) ||
    c === 0x061c ||
    c === 0x180e
  )
}
