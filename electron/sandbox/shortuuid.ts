import { createHash, randomUUID } from 'node:crypto'

// Python `shortuuid`: a UUID's 128-bit integer in base 57, most significant digit first, padded to 22.
export const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
export const SHORTUUID_LENGTH = 22
const BASE = BigInt(ALPHABET.length)
const MAX = 1n << 128n
const SHAPE = new RegExp(`^[${ALPHABET}]{${SHORTUUID_LENGTH}}$`)

/** The UUID's integer, or null when `value` is not a ShortUUID that Python's shortuuid would decode. */
export function decodeShortUuid(value: string): bigint | null {
  if (!SHAPE.test(value)) return null
  let n = 0n
  for (const ch of value) n = n * BASE + BigInt(ALPHABET.indexOf(ch))
  // 57^22 exceeds 2^128: some 22-character strings are not UUIDs.
  return n < MAX ? n : null
}

export function isShortUuid(value: unknown): value is string {
  return typeof value === 'string' && decodeShortUuid(value) !== null
}

export function encodeUuidInt(n: bigint): string {
  if (n < 0n || n >= MAX) throw new RangeError('not a 128-bit integer')
  let out = ''
  while (n > 0n) {
    out = ALPHABET[Number(n % BASE)] + out
    n /= BASE
  }
  return out.padStart(SHORTUUID_LENGTH, ALPHABET[0])
}

/** Encodes a canonical UUID string (`xxxxxxxx-xxxx-...`). */
export function encodeUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a UUID: ${uuid}`)
  return encodeUuidInt(BigInt(`0x${hex}`))
}

export function randomShortUuid(): string {
  return encodeUuid(randomUUID())
}

/** A version-4-shaped UUID derived from `label`, for deterministic demo data. */
export function shortUuidFrom(label: string): string {
  const bytes = createHash('sha256').update(label).digest().subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  return encodeUuidInt(BigInt(`0x${bytes.toString('hex')}`))
}
