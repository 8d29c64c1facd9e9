import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  displaySafe,
  encodeShortUuid,
  decodeShortUuid,
  isShortUuid,
  idOfScan,
  ITEM_MESSAGE,
  packageUidFromOperator,
  normaliseTag,
  parseScan,
  SHORTUUID_ALPHABET,
  type ScanResult
} from '../../../electron/core/scan/parse.std'

const ID = 'UNDTMBovdue9tFWfhamnDM'
const METRC = '1A4FF0100000022000000123'
const MAX_ID = 'oZEq7ovRbLq6UnGMPwc8B5' // 2^128 - 1
const shortUuid = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map(encodeShortUuid)
const metrc = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 24, maxLength: 24 })
const aim = fc.constantFrom('', ']Q1', ']C0', ']d2', ']E0', ']e0', ']Q3', ']z0')
const tail = fc.constantFrom('', '\r', '\n', '\r\n', '\t', ' ', '  \r\n', '\n\r')
const lead = fc.constantFrom('', ' ', '  ')

function unrecognised(r: ScanResult): { shown: string; message: string } {
  if (r.kind !== 'unrecognised') throw new Error(`expected unrecognised, got ${JSON.stringify(r)}`)
  return r
}

describe('ShortUUID', () => {
  it('matches values computed by Python shortuuid', () => {
    expect(encodeShortUuid(BigInt('0xcfbff0d193755685968c48ce8b15ae17'))).toBe('exu3DTbj2ncsn9tLdLWspw')
    expect(encodeShortUuid(0n)).toBe('2222222222222222222222')
    expect(encodeShortUuid((1n << 128n) - 1n)).toBe(MAX_ID)
  })

  it('accepts up to 2^128 - 1 and refuses 22 characters beyond it', () => {
    expect(isShortUuid(MAX_ID)).toBe(true)
    expect(isShortUuid('oZEq7ovRbLq6UnGMPwc8B6')).toBe(false)
    expect(isShortUuid('zzzzzzzzzzzzzzzzzzzzzz')).toBe(false)
    expect(unrecognised(parseScan('zzzzzzzzzzzzzzzzzzzzzz')).message).toMatch(/128 bits/)
    expect(unrecognised(parseScan(`https://qr.lcdg.io/case/oZEq7ovRbLq6UnGMPwc8B6`)).message).toMatch(/128 bits/)
  })

  it('round-trips every 128-bit integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (n) => {
        expect(decodeShortUuid(encodeShortUuid(n))).toBe(n)
      })
    )
  })
})

describe('parseScan: what the labels hold', () => {
  it('reads a CaseID URL, with http or https, any host case, a trailing slash, a query or a fragment', () => {
    for (const url of [
      `https://qr.lcdg.io/case/${ID}`,
      `http://qr.lcdg.io/case/${ID}`,
      `HTTPS://QR.LCDG.IO/case/${ID}`,
      `https://qr.lcdg.io/case/${ID}/`,
      `https://qr.lcdg.io/case/${ID}?utm=x&y=/z`,
      `https://qr.lcdg.io/case/${ID}#top`,
      `https://qr.lcdg.io/case/${ID}/?a=1#b`,
      `qr.lcdg.io/case/${ID}`
    ]) {
      expect(parseScan(url), url).toEqual({ kind: 'case', caseUuid: ID })
    }
  })

  it('reads a bare 22-character ShortUUID as a CaseID', () => {
    expect(parseScan(ID)).toEqual({ kind: 'case', caseUuid: ID })
  })

  it('reads an item LucidID URL as an item and says to scan the case label', () => {
    expect(parseScan(`https://qr.lcdg.io/${ID}`)).toEqual({ kind: 'item', lucidId: ID, message: ITEM_MESSAGE })
    expect(ITEM_MESSAGE).toBe('This is an item label: scan the case label (CaseID QR).')
    expect(parseScan(`http://QR.lcdg.io/${ID}/?x#y`)).toMatchObject({ kind: 'item', lucidId: ID })
  })

  it('reads 24 upper-case letters and digits as a Metrc Package UID', () => {
    expect(parseScan(METRC)).toEqual({ kind: 'package', packageUid: METRC, format: 'metrc' })
  })

  it('strips AIM identifiers, surrounding spaces and trailing CR, LF and Tab', () => {
    expect(parseScan(`]Q1https://qr.lcdg.io/case/${ID}\r\n`)).toEqual({ kind: 'case', caseUuid: ID })
    expect(parseScan(`]C0${METRC}\t`)).toEqual({ kind: 'package', packageUid: METRC, format: 'metrc' })
    expect(parseScan(`  ]d2${ID}\n`)).toEqual({ kind: 'case', caseUuid: ID })
    expect(parseScan(`]E0${METRC}`)).toMatchObject({ kind: 'package' })
  })

  it('refuses any other host, naming it', () => {
    const r = unrecognised(parseScan(`https://qr.lcdg.io.evil.com/case/${ID}`))
    expect(r.message).toContain('qr.lcdg.io.evil.com')
    expect(unrecognised(parseScan(`https://lcdg.io/case/${ID}`)).message).toContain('lcdg.io')
    expect(unrecognised(parseScan(`https://user@qr.lcdg.io/case/${ID}`)).message).toContain('user@qr.lcdg.io')
    expect(unrecognised(parseScan(`https://qr.lcdg.io:8443/case/${ID}`)).message).toContain('qr.lcdg.io:8443')
    expect(unrecognised(parseScan(`ftp://qr.lcdg.io/case/${ID}`)).message).toMatch(/ftp link/)
    expect(unrecognised(parseScan(`javascript://qr.lcdg.io/case/${ID}`)).message).toMatch(/javascript link/)
  })

  it('refuses other paths on the CaseID host', () => {
    for (const url of [`https://qr.lcdg.io/`, `https://qr.lcdg.io`, `https://qr.lcdg.io/case/`, `https://qr.lcdg.io/case/${ID}/extra`, `https://qr.lcdg.io//case/${ID}`, `https://qr.lcdg.io/a/b`, `https://qr.lcdg.io/<b>`]) {
      expect(parseScan(url).kind, url).toBe('unrecognised')
    }
  })

  it('says precisely what is wrong with a near miss', () => {
    expect(unrecognised(parseScan(ID.slice(0, 21))).message).toBe('21 characters: a CaseID has 22.')
    expect(unrecognised(parseScan(`${ID}A`)).message).toBe('23 characters: a CaseID has 22.')
    for (const bad of ['0', 'O', 'I', 'l', '1']) {
      const r = unrecognised(parseScan(`${ID.slice(0, 10)}${bad}${ID.slice(11)}`))
      expect(r.message).toContain(`'${bad}', which is not in a CaseID`)
    }
    expect(unrecognised(parseScan(`https://qr.lcdg.io/case/${ID.slice(1)}`)).message).toContain('21 characters: a CaseID has 22')
    expect(unrecognised(parseScan(METRC.toLowerCase())).message).toMatch(/upper case/)
    expect(unrecognised(parseScan(METRC.slice(1))).message).toBe('23 characters: a Metrc Package UID has 24.')
    expect(unrecognised(parseScan('ABCDEFGHJKLMNPQRSTUVWXY')).message).toBe('23 characters: a CaseID has 22, a Metrc Package UID has 24.')
    expect(unrecognised(parseScan('')).message).toMatch(/empty/)
    expect(unrecognised(parseScan(' \r\n')).message).toMatch(/empty/)
    expect(unrecognised(parseScan('hello')).message).toMatch(/neither a CaseID/)
  })

  it('shows markup as text, never interpreting it', () => {
    const r = unrecognised(parseScan('<img src=x onerror=alert(1)>'))
    expect(r.shown).toBe('<img src=x onerror=alert(1)>')
  })
})

describe('idOfScan: what the review searches for when a code is scanned there', () => {
  it('is the id a label names, read as a scan is read; other text as cleaned', () => {
    const cases: [string, string][] = [
      [`https://qr.lcdg.io/case/${ID}`, ID],
      [`]Q1https://qr.lcdg.io/case/${ID}\r\n`, ID],
      [`qr.lcdg.io/case/${ID}`, ID],
      [`HTTPS://QR.LCDG.IO/case/${ID}/?from=box#top`, ID],
      ['https://qr.lcdg.io/abc123', 'abc123'],
      [` ${ID}\t`, ID],
      [`]C0${METRC}\r`, METRC],
      ['https://example.com/labels/XYZ-42?x=1', 'XYZ-42'],
      ['https://example.com', 'https://example.com'],
      ['ftp://example.com/a/b', 'ftp://example.com/a/b'],
      ['  part of an id ', 'part of an id']
    ]
    for (const [scanned, id] of cases) expect([scanned, idOfScan(scanned)]).toEqual([scanned, id])
  })
})

describe('displaySafe', () => {
  it('makes control characters visible and hides nothing', () => {
    const shown = {
      'a\u0000b\u001bc\u007f': 'a\u2400b\u241bc\u2421',
      'x\u0085y': 'x\\x85y',
      'a\u202eb\u200bc\ufeff': 'a\\u202Eb\\u200Bc\\uFEFF',
      '\ud800x\udc00': '\ufffdx\ufffd',
      '😀': '😀'
    }
    for (const [text, safe] of Object.entries(shown)) expect(displaySafe(text), JSON.stringify(text)).toBe(safe)
  })

  it('cuts long text with an ellipsis, within the limit', () => {
    expect(displaySafe('x'.repeat(80))).toBe('x'.repeat(80))
    expect(displaySafe('x'.repeat(81))).toBe(`${'x'.repeat(79)}…`)
    expect(displaySafe('abcdef', 4)).toBe('abc…')
    expect(displaySafe('😀😀😀', 4)).toBe('😀…') // never half a surrogate pair
    expect(displaySafe('\u0085\u0085\u0085', 5)).toBe('\\x85…')
  })
})

describe('packageUidFromOperator', () => {
  it('accepts a tag typed in lower case, with spaces or dashes, normalised to 24 upper-case letters and digits', () => {
    expect(packageUidFromOperator(`]C0${METRC}`)).toEqual({ ok: true, packageUid: METRC })
    expect(packageUidFromOperator(` ${METRC.toLowerCase()}\r\n`)).toEqual({ ok: true, packageUid: METRC })
    expect(packageUidFromOperator(`${METRC.slice(0, 4)}-${METRC.slice(4, 12)} ${METRC.slice(12).toLowerCase()}`)).toEqual({ ok: true, packageUid: METRC })
    expect(normaliseTag(METRC.toLowerCase())).toBe(METRC)
  })

  it('refuses a code that cannot be a tag (another system\'s code, 23 or 25 characters), saying why', () => {
    for (const bad of ['ABC-123/x', 'HELLO-WORLD-123', 'x'.repeat(64), METRC.slice(1), `${METRC}0`]) {
      const r = packageUidFromOperator(bad)
      expect(r, bad).toMatchObject({ ok: false, message: expect.stringContaining('a Metrc tag has 24 letters and digits') })
      expect(normaliseTag(bad)).toBeNull()
    }
  })

  it('refuses garbage with a reason', () => {
    for (const bad of ['', '  \r\n', 'a b', 'x'.repeat(65), 'ab\u0000c', 'café', '\ud800', `https://qr.lcdg.io/case/${ID}`, `https://example.com/x`, ID]) {
      const r = packageUidFromOperator(bad)
      expect(r.ok, JSON.stringify(bad)).toBe(false)
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10)
    }
  })
})

// ---- properties and fuzz ------------------------------------------------------------------------

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true
  }
  return false
}

/** No lone surrogate. */
function wellFormed(s: string): boolean {
  try {
    encodeURIComponent(s)
    return true
  } catch {
    return false
  }
}

function checkResult(r: ScanResult, cut = 80) {
  expect(['case', 'item', 'package', 'unrecognised']).toContain(r.kind)
  if (r.kind === 'unrecognised') {
    expect(r.shown.length).toBeLessThanOrEqual(cut)
    expect(r.message.length).toBeGreaterThan(0)
    expect(hasControl(r.shown)).toBe(false)
    expect(wellFormed(r.shown)).toBe(true)
  }
  if (r.kind === 'case') expect(isShortUuid(r.caseUuid)).toBe(true)
  if (r.kind === 'package') expect(r.packageUid).toMatch(/^[A-Z0-9]{24}$/)
}

const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c)) })
const base57Near = fc.integer({ min: 19, max: 25 }).chain((n) =>
  fc.string({ unit: fc.constantFrom(...SHORTUUID_ALPHABET, '0', 'O', 'I', 'l', '1'), minLength: n, maxLength: n })
)
const anyScan = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.uint8Array({ maxLength: 120 }).map((b) => String.fromCharCode(...b)),
  fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  controlChars,
  base57Near,
  fc.tuple(aim, shortUuid, tail).map(([a, s, t]) => `${a}${s}${t}`),
  fc.tuple(aim, fc.constantFrom('http', 'https', 'HTTPS', 'ftp', 'data'), fc.constantFrom('qr.lcdg.io', 'QR.LCDG.IO', 'evil.io', 'qr.lcdg.io.evil.io', ''), fc.constantFrom('/case/', '/', '//', '/case'), fc.oneof(shortUuid, base57Near, fc.string()), fc.constantFrom('', '/', '?q=1', '#f', '/x')).map(
    ([a, scheme, host, path, id, rest]) => `${a}${scheme}://${host}${path}${id}${rest}`
  ),
  fc.tuple(aim, metrc, tail).map(([a, m, t]) => `${a}${m}${t}`),
  fc.tuple(metrc, fc.integer({ min: 0, max: 23 }), fc.constantFrom('a', '-', ' ', '\u0000', 'é')).map(([m, i, c]) => m.slice(0, i) + c + m.slice(i + 1))
)

describe('parseScan properties', () => {
  it('never throws on 10,000 generated scan strings, and every answer is well formed (fuzz)', () => {
    fc.assert(
      fc.property(anyScan, (s) => {
        checkResult(parseScan(s))
        const op = packageUidFromOperator(s)
        if (op.ok) expect(op.packageUid).toMatch(/^[\x21-\x7e]{1,64}$/)
        expect(displaySafe(s).length).toBeLessThanOrEqual(80)
      }),
      { numRuns: 10_000 }
    )
  })

  it('never throws on 100,000-character strings', () => {
    fc.assert(
      fc.property(fc.constantFrom('x', 'Z', '\u0000', '\ud800', ' ', '/', '2', 'é', '😀'), fc.constantFrom('', ID, `https://qr.lcdg.io/case/${ID}`), (unit, around) => {
        const s = `${around}${unit.repeat(100_000 / unit.length)}${around}`
        const r = parseScan(s)
        checkResult(r)
        expect(r.kind).toBe('unrecognised')
        expect(packageUidFromOperator(s).ok).toBe(false)
      }),
      { numRuns: 30 }
    )
    // All spaces and line breaks, 100,000 of them: cleaning stays linear.
    expect(parseScan(' \r\n\t'.repeat(25_000)).kind).toBe('unrecognised')
    expect(parseScan(`${' '.repeat(100_000)}${ID}${'\r\n'.repeat(50_000)}`)).toEqual({ kind: 'case', caseUuid: ID })
  })

  it('keeps `shown` within any cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (s, cut) => {
        const shown = displaySafe(s, cut)
        expect(shown.length).toBeLessThanOrEqual(cut)
        expect(wellFormed(shown)).toBe(true)
      })
    )
  })

  it('round-trips every valid CaseID, item and Metrc tag, wrapped in AIM prefixes, spaces, CR, LF and Tab', () => {
    fc.assert(
      fc.property(shortUuid, metrc, aim, lead, tail, fc.constantFrom('http', 'https', 'HTTP'), fc.constantFrom('', '/', '?a=b', '#x', '/?a#b'), (id, tag, a, l, t, scheme, suffix) => {
        expect(parseScan(`${l}${a}${id}${t}`)).toEqual({ kind: 'case', caseUuid: id })
        expect(parseScan(`${l}${a}${scheme}://qr.lcdg.io/case/${id}${suffix}${t}`)).toEqual({ kind: 'case', caseUuid: id })
        expect(parseScan(`${l}${a}${scheme}://qr.lcdg.io/${id}${suffix}${t}`)).toEqual({ kind: 'item', lucidId: id, message: ITEM_MESSAGE })
        expect(parseScan(`${l}${a}${tag}${t}`)).toEqual({ kind: 'package', packageUid: tag, format: 'metrc' })
      }),
      { numRuns: 2000 }
    )
  })

  it('refuses every near miss: 21 or 23 characters, or a letter outside base57', () => {
    fc.assert(
      fc.property(shortUuid, fc.integer({ min: 0, max: 21 }), fc.constantFrom('0', 'O', 'I', 'l', '1', '-', '_', '+'), (id, i, bad) => {
        const short = unrecognised(parseScan(id.slice(0, 21)))
        expect(short.message).toBe('21 characters: a CaseID has 22.')
        expect(unrecognised(parseScan(`${id}${id.charAt(0)}`)).message).toMatch(/^23 characters: a CaseID has 22/)
        const swapped = id.slice(0, i) + bad + id.slice(i + 1)
        const r = parseScan(swapped)
        expect(r.kind).toBe('unrecognised')
        expect(unrecognised(r).message).toContain(`'${bad}'`)
        expect(parseScan(`https://qr.lcdg.io/case/${swapped}`).kind).toBe('unrecognised')
      }),
      { numRuns: 1000 }
    )
  })
})
