import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALPHABET, decodeShortUuid, encodeUuid, encodeUuidInt, isShortUuid, randomShortUuid, shortUuidFrom } from '../../electron/sandbox/shortuuid'

describe('ShortUUID (as Python shortuuid encodes a UUID)', () => {
  it('matches values computed by Python shortuuid', () => {
    // shortuuid.encode(uuid.uuid5(uuid.NAMESPACE_DNS, "example.com")), from the shortuuid README
    expect(encodeUuid('cfbff0d1-9375-5685-968c-48ce8b15ae17')).toBe('exu3DTbj2ncsn9tLdLWspw')
    expect(encodeUuid('00000000-0000-0000-0000-000000000000')).toBe('2222222222222222222222')
    expect(encodeUuid('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('oZEq7ovRbLq6UnGMPwc8B5')
  })

  it('round-trips every 128-bit integer', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (n) => {
      const s = encodeUuidInt(n)
      expect(s).toHaveLength(22)
      expect(decodeShortUuid(s)).toBe(n)
    }))
  })

  it('refuses strings of the wrong length or alphabet, and values past 2^128', () => {
    expect(isShortUuid('UNDTMBovdue9tFWfhamnDM')).toBe(true)
    expect(isShortUuid('UNDTMBovdue9tFWfhamnD')).toBe(false)
    expect(isShortUuid('UNDTMBovdue9tFWfhamnDMM')).toBe(false)
    for (const ch of ['0', '1', 'I', 'O', 'l', '-', ' ']) expect(isShortUuid(`${ch}NDTMBovdue9tFWfhamnDM`)).toBe(false)
    expect(isShortUuid('oZEq7ovRbLq6UnGMPwc8B6')).toBe(false)
    expect(isShortUuid('zzzzzzzzzzzzzzzzzzzzzz')).toBe(false)
    expect(isShortUuid(42)).toBe(false)
    expect(ALPHABET).toHaveLength(57)
  })

  it('generates valid ShortUUIDs, random or derived from a label', () => {
    expect(isShortUuid(randomShortUuid())).toBe(true)
    expect(randomShortUuid()).not.toBe(randomShortUuid())
    expect(shortUuidFrom('a')).toBe(shortUuidFrom('a'))
    expect(shortUuidFrom('a')).not.toBe(shortUuidFrom('b'))
    expect(isShortUuid(shortUuidFrom('a'))).toBe(true)
  })
})
