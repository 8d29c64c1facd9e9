// The shapes of the identifiers the station handles, defined once for both sides of the bridge: the
// contract (the page and the hosts) and the core import them from here. The sandbox keeps its own
// on purpose (it shares no code with the station).

/** Python shortuuid's base57 alphabet, as LucidRetail prints ShortUUIDs (no 0 O I l 1). */
export const SHORTUUID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
export const SHORTUUID_LENGTH = 22
/** A ShortUUID: 22 characters of SHORTUUID_ALPHABET. */
export const SHORT_UUID = /^[2-9A-HJ-NP-Za-km-z]{22}$/

/** A Package UID as the station accepts it (Metrc tags and others): printable ASCII without spaces, at most this long. */
export const PACKAGE_UID_MAX = 64
export const PACKAGE_UID_CHARACTERS = /^[\x21-\x7E]+$/
/** Never "." or "..": in an API path they are dot segments, which name another address of the API. */
export const PACKAGE_UID = /^(?!\.\.?$)[\x21-\x7E]{1,64}$/
export const isDotSegment = (s: string): boolean => s === '.' || s === '..'
export const DOT_SEGMENT_WORDS = '"." and ".." are not package tags'
