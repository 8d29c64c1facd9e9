// Which encoding a manifest file is in, and its text. Excel's default "CSV (Comma delimited)" on
// Windows is Windows-1252, "CSV UTF-8" is UTF-8 with a BOM, "Unicode Text" UTF-16 LE with a BOM:
// a BOM decides; without one, valid UTF-8 is UTF-8, and anything else is read as Windows-1252 when
// every byte is defined there. A file that is none of these is refused: never read with "�" in it.
//
// Windows-1252 is decoded here from its table, not by TextDecoder: Node 20's TextDecoder('windows-1252')
// decodes 0x80-0x9F as Latin-1 control characters (nodejs/node#56542), so "€" and "’" would be lost.

export type ManifestEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252'

export type DecodedText = { ok: true; text: string; encoding: ManifestEncoding } | { ok: false; message: string }

/** Windows-1252's characters for 0x80-0x9F (0 where the code page defines none: 0x81, 0x8D, 0x8F, 0x90, 0x9D). */
const CP1252_HIGH_CONTROLS = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
]

const SAVE_AS = 'Save it again from the spreadsheet as "CSV UTF-8" (or "CSV (Comma delimited)") and load that file.'

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`
}

function strict(label: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return null
  }
}

/** Byte offset (0-based) of the first byte Windows-1252 does not define, or -1. */
function undefinedIn1252(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b >= 0x80 && b <= 0x9f && CP1252_HIGH_CONTROLS[b - 0x80] === 0) return i
  }
  return -1
}

function decode1252(bytes: Uint8Array): string {
  let out = ''
  const CHUNK = 8192
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = []
    const end = Math.min(bytes.length, start + CHUNK)
    for (let i = start; i < end; i++) {
      const b = bytes[i]!
      codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH_CONTROLS[b - 0x80]! : b)
    }
    out += String.fromCharCode(...codes)
  }
  return out
}

function refuse(message: string): DecodedText {
  return { ok: false, message: `${message} ${SAVE_AS}` }
}

function withBom(label: 'utf-8' | 'utf-16le' | 'utf-16be', encoding: ManifestEncoding, body: Uint8Array): DecodedText {
  const text = strict(label, body)
  if (text === null) return refuse(`The file starts with the mark of ${encoding.replace(' with BOM', '')} but is not valid ${encoding.replace(' with BOM', '')} after it, so it was not loaded.`)
  return checked(text, encoding)
}

/** A text that already holds "�" (U+FFFD) was damaged by an earlier conversion: its lost letters cannot be read back. */
function checked(text: string, encoding: ManifestEncoding): DecodedText {
  const at = text.indexOf('\uFFFD')
  if (at >= 0) {
    const line = text.slice(0, at).split('\n').length
    return refuse(`The file (read as ${encoding}) contains the replacement character "�" on line ${line}: letters were already lost when it was converted before, so it was not loaded.`)
  }
  return { ok: true, text, encoding }
}

/** Detects the encoding of a manifest file and decodes it, or says why it cannot be read. */
export function decodeManifestBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return withBom('utf-8', 'UTF-8 with BOM', bytes.subarray(3))
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return withBom('utf-16le', 'UTF-16 LE', bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return withBom('utf-16be', 'UTF-16 BE', bytes.subarray(2))
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    return refuse(`The file has a NUL byte at byte ${nul + 1}: it is not a text CSV (or it is UTF-16 without the mark that says so), so it was not loaded.`)
  }
  const utf8 = strict('utf-8', bytes)
  if (utf8 !== null) return checked(utf8, 'UTF-8')
  const bad = undefinedIn1252(bytes)
  if (bad >= 0) {
    return refuse(`The file is neither UTF-8 nor Windows-1252 (byte ${hex(bytes[bad]!)} at byte ${bad + 1} means nothing in either), so it was not loaded.`)
  }
  return checked(decode1252(bytes), 'Windows-1252')
}
