// Manifest files in the encodings spreadsheets save (issue 14): bytes built here, read by the core as
// every face reads them (parseManifestFile).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeManifestBytes } from '../../../electron/core/manifest/encoding'
import { parseManifestFile } from '../../../electron/core/manifest/file'
import { CAFE_CREME_1252, MANIFEST_HEADER, manifestBytes as oneRowManifest } from '../../support/manifestBytes'

const PKG = '1A4FF0100000022000000123'
const C1 = 'UNDTMBovdue9tFWfhamnDM'
const P1 = '2222222222222222222222'
const HEADER = MANIFEST_HEADER

function manifestBytes(productName: number[]): Buffer {
  return oneRowManifest(productName, { pkg: PKG, caseUuid: C1, pp: P1 })
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le')
  return le.swap16()
}

function loadedName(bytes: Uint8Array): { name: string; encoding: string } {
  const r = parseManifestFile(bytes)
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.errors)}`)
  return { name: r.rows[0]!.productName, encoding: r.encoding }
}

function refusal(bytes: Uint8Array): string {
  const r = parseManifestFile(bytes)
  if (r.ok) throw new Error(`loaded ${JSON.stringify(r.rows)} as ${r.encoding}`)
  expect(r.errors).toHaveLength(1)
  expect(r.errors[0]!.line).toBe(0)
  return r.errors[0]!.message
}

describe('manifest encodings', () => {
  it("loads Excel's default Windows CSV (Windows-1252) with its accents, and says so", () => {
    expect(loadedName(manifestBytes(CAFE_CREME_1252))).toEqual({ name: 'Café Crème', encoding: 'Windows-1252' })
  })

  it('reads the Windows-1252 letters of 0x80-0x9F from the code page (Node 20 TextDecoder reads them as Latin-1 controls)', () => {
    // € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ, and é to make the file invalid UTF-8.
    const high = [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f, 0xe9]
    const decoded = decodeManifestBytes(Buffer.from(high))
    expect(decoded).toEqual({ ok: true, encoding: 'Windows-1252', text: '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸé' })
  })

  it('reads UTF-8 with and without its BOM, and UTF-16 LE and BE with theirs, naming each', () => {
    const name = 'Café Crème – Sativa “Haze” 10 €'
    const text = `${HEADER}\n${PKG},P1,I1,S1,"${name}",${C1},${P1}\n`
    const files: [Buffer, string][] = [
      [Buffer.from(text, 'utf8'), 'UTF-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'UTF-8 with BOM'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'UTF-16 LE'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), 'UTF-16 BE']
    ]
    for (const [bytes, encoding] of files) expect(loadedName(bytes)).toEqual({ name, encoding })
  })

  it('any text round-trips through UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM (fuzz)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !s.includes('\0') && !s.includes('\uFFFD') && s.charCodeAt(0) !== 0xfeff)
    fc.assert(
      fc.property(text, (s) => {
        expect(decodeManifestBytes(Buffer.from(s, 'utf8'))).toEqual({ ok: true, text: s, encoding: 'UTF-8' })
        expect(decodeManifestBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]))).toEqual({ ok: true, text: s, encoding: 'UTF-8 with BOM' })
        expect(decodeManifestBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]))).toEqual({ ok: true, text: s, encoding: 'UTF-16 LE' })
        expect(decodeManifestBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(s)]))).toEqual({ ok: true, text: s, encoding: 'UTF-16 BE' })
      }),
      { numRuns: 500 }
    )
  })

  it('refuses a file that is neither UTF-8 nor Windows-1252, naming the byte, instead of loading "�"', () => {
    for (const undefinedByte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      const message = refusal(manifestBytes([...CAFE_CREME_1252, undefinedByte]))
      expect(message).toContain(`neither UTF-8 nor Windows-1252 (byte 0x${undefinedByte.toString(16).toUpperCase()} at byte`)
      expect(message).toMatch(/not loaded\. Save it again from the spreadsheet as "CSV UTF-8"/)
    }
  })

  it('refuses NUL bytes without a UTF-16 BOM, a UTF-16 file cut in the middle of a character, and a BOM followed by invalid UTF-8', () => {
    const text = `${HEADER}\n${PKG},P1,I1,S1,Café,${C1},${P1}\n`
    expect(refusal(Buffer.from(text, 'utf16le'))).toMatch(/NUL byte at byte 2: it is not a text CSV \(or it is UTF-16 without the mark/)
    expect(refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x41])]))).toMatch(/mark of UTF-16 LE but is not valid UTF-16 LE/)
    expect(refusal(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), manifestBytes(CAFE_CREME_1252)]))).toMatch(/mark of UTF-8 but is not valid UTF-8/)
  })

  it('refuses a file that already holds the replacement character (letters lost by an earlier conversion), naming the line', () => {
    const damaged = `${HEADER}\n${PKG},P1,I1,S1,Caf\uFFFD Cr\uFFFDme,${C1},${P1}\n`
    expect(refusal(Buffer.from(damaged, 'utf8'))).toMatch(/read as UTF-8\) contains the replacement character "�" on line 2/)
  })

  it('an empty file or a plain ASCII one reads as UTF-8; a row error still names the encoding read', () => {
    expect(decodeManifestBytes(Buffer.alloc(0))).toEqual({ ok: true, text: '', encoding: 'UTF-8' })
    const bad = parseManifestFile(Buffer.concat([Buffer.from(`${HEADER}\n${PKG},,I1,S1,`), Buffer.from(CAFE_CREME_1252), Buffer.from(`,${C1},${P1}\n`)]))
    expect(bad.ok).toBe(false)
    expect(bad.encoding).toBe('Windows-1252')
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ line: 2, column: 'pos_product_id' })
  })
})
