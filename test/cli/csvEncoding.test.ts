// `manifest load` and `import --csv` read the file's encoding (issue 14): Excel's default Windows CSV
// loads with its accents and the command says what it read; a file in no known encoding is refused,
// nothing loaded or queued.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeWorld, tempDir } from '../core/helpers'
import { CAFE_CREME_1252, manifestBytes } from '../support/manifestBytes'
import { cli } from './helpers'

const ROW = { pkg: '1A4FF0100000022000000123', caseUuid: 'UNDTMBovdue9tFWfhamnDM', pp: '2222222222222222222222' }

describe('station command line: manifest encodings', () => {
  it('loads a Windows-1252 manifest with its accents and names the encoding; refuses one that is neither UTF-8 nor Windows-1252', { timeout: 90_000 }, async () => {
    const dir = tempDir()
    const excel = path.join(dir, 'excel-windows.csv')
    fs.writeFileSync(excel, manifestBytes(CAFE_CREME_1252, ROW))
    const text = await cli(['manifest', 'load', excel, '--data', dir])
    expect(text.code).toBe(0)
    expect(text.stdout).toBe('loaded 1 package, 1 row, read as Windows-1252\n')
    const json = await cli(['manifest', 'load', excel, '--json', '--data', dir])
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, rows: 1, encoding: 'Windows-1252' })
    const show = JSON.parse((await cli(['manifest', 'show', '--json', '--data', dir])).stdout) as { packages: { productName: string }[] }
    expect(show.packages.map((p) => p.productName)).toEqual(['Café Crème'])

    const neither = path.join(dir, 'neither.csv')
    fs.writeFileSync(neither, manifestBytes([...CAFE_CREME_1252, 0x81], { ...ROW, pkg: '1A4FF0100000022000000999' }))
    const refused = await cli(['manifest', 'load', neither, '--json', '--data', dir])
    expect(refused.code).toBe(1)
    const doc = JSON.parse(refused.stdout) as { ok: boolean; encoding: string | null; errors: { line: number; message: string }[] }
    expect(doc).toMatchObject({ ok: false, encoding: null })
    expect(doc.errors[0]!.message).toMatch(/neither UTF-8 nor Windows-1252 \(byte 0x81 at byte \d+ means nothing in either\)/)
    expect(refused.stderr).toMatch(/^The file is neither UTF-8 nor Windows-1252/m)
    expect(refused.stderr).toContain('nothing was loaded')
    const after = JSON.parse((await cli(['manifest', 'show', '--json', '--data', dir])).stdout) as { packages: { packageUid: string }[] }
    expect(after.packages.map((p) => p.packageUid)).toEqual([ROW.pkg])
  })
})

describe('station command line: import --csv encodings', () => {
  const IMPORT_HEADER = 'case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku'
  type Queue = { counts: { pending: number }; items: { caseUuid: string; sku: string | null }[] }

  it('queues a Windows-1252 and a UTF-16 LE file with their accents and names the encoding; refuses one that is neither, queueing nothing', { timeout: 90_000 }, async () => {
    const dir = tempDir()
    const [a, b, c] = makeWorld(3).cases
    const row = (k: { uuid: string; pp: string; pkg: string }, sku: string) => `${k.uuid},${k.pp},${k.pkg},P1,I1,${sku}\r\n`

    const excel = path.join(dir, 'excel-windows.csv')
    fs.writeFileSync(excel, Buffer.concat([Buffer.from(`${IMPORT_HEADER}\r\n${a!.uuid},${a!.pp},${a!.pkg},P1,I1,`, 'ascii'), Buffer.from(CAFE_CREME_1252), Buffer.from('\r\n', 'ascii')]))
    const json = await cli(['import', '--csv', excel, '--json', '--data', dir])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, queued: 1, encoding: 'Windows-1252' })

    const unicode = path.join(dir, 'unicode-text.csv')
    fs.writeFileSync(unicode, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${IMPORT_HEADER}\r\n${row(b!, 'Crème brûlée')}`, 'utf16le')]))
    const text = await cli(['import', '--csv', unicode, '--data', dir])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^queued 1 import\(s\): ids \d+\.\.\d+, read as UTF-16 LE\n$/)

    const neither = path.join(dir, 'neither.csv')
    fs.writeFileSync(neither, Buffer.concat([Buffer.from(`${IMPORT_HEADER}\r\n${row(c!, 'S')}`, 'ascii'), Buffer.from([0xe9, 0x81])]))
    const refused = await cli(['import', '--csv', neither, '--json', '--data', dir])
    expect(refused.code).toBe(1)
    const doc = JSON.parse(refused.stdout) as { ok: boolean; encoding: string | null; errors: { message: string }[] }
    expect(doc).toMatchObject({ ok: false, encoding: null })
    expect(doc.errors[0]!.message).toMatch(/neither UTF-8 nor Windows-1252 \(byte 0x81 at byte \d+ means nothing in either\)/)
    expect(refused.stderr).toContain('nothing was queued')

    const queue = JSON.parse((await cli(['queue', '--json', '--data', dir])).stdout) as Queue
    expect(queue.items.map((i) => [i.caseUuid, i.sku])).toEqual([
      [a!.uuid, 'Café Crème'],
      [b!.uuid, 'Crème brûlée']
    ])
  })
})
