import { request } from 'node:http'
import { connect } from 'node:net'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { CASE_1, PKG_A, PP_1, importBody, start } from './helpers'

const IMPORT = '/api/v1.2/caseids/import/'
const REMOVE = '/api/v1.2/caseids/import/remove/'
const LOOKUP = `/api/v1.2/package-uids/${PKG_A}/caseids/`
const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

/** Sends raw bytes and resolves with what came back before the server closed the connection. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes))
    let out = ''
    socket.on('data', (d) => { out += d.toString('latin1') })
    socket.on('close', () => resolve(out))
    socket.on('error', reject)
  })
}

describe('HTTP behaviour where the seed is silent (as DRF)', () => {
  it.each([
    ['PUT', IMPORT], ['GET', IMPORT], ['DELETE', REMOVE], ['GET', REMOVE], ['POST', LOOKUP], ['PATCH', LOOKUP]
  ])('answers 405 with the DRF detail to %s %s', async (method, path) => {
    const api = await start()
    const a = await api.call('home', method, path)
    expect(a.status).toBe(405)
    expect(a.body).toEqual({ detail: `Method "${method}" not allowed.` })
    expect(a.headers.get('allow')).toBeTruthy()
  })

  it.each(['/', '/api/', '/api/v1.2/caseids/', '/api/v1.2/caseids/import', '/api/v1.1/caseids/import/', '/api/v1.2/package-uids//caseids/', '/__sandbox/faults'])(
    'answers 404 {"detail": "Not found."} to %s', async (path) => {
      const api = await start()
      const a = await api.call('home', 'GET', path)
      expect(a.status).toBe(404)
      expect(a.body).toEqual({ detail: 'Not found.' })
    })

  it('answers 404 to a lookup path that is not valid percent-encoding', async () => {
    const api = await start()
    const a = await api.call('home', 'GET', '/api/v1.2/package-uids/%E0%A4%A/caseids/')
    expect(a.status).toBe(404)
    expect(a.body).toEqual({ detail: 'Not found.' })
  })

  it('answers 415 to a body that is not JSON', async () => {
    const api = await start()
    const token = await api.tokenFor('home')
    const a = await api.raw('POST', IMPORT, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' }, body: 'hello' })
    expect(a.status).toBe(415)
    expect(a.body).toEqual({ detail: 'Unsupported media type "text/plain" in request.' })
  })

  it('accepts application/json with a charset', async () => {
    const api = await start()
    const token = await api.tokenFor('home')
    const a = await api.raw('POST', IMPORT, {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(importBody(CASE_1, PP_1, PKG_A))
    })
    expect(a.status).toBe(200)
  })

  it('answers 400 "JSON parse error - ..." to malformed JSON', async () => {
    const api = await start()
    const token = await api.tokenFor('home')
    const a = await api.raw('POST', IMPORT, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"case_uuid": ' })
    expect(a.status).toBe(400)
    expect((a.body as { detail: string }).detail).toMatch(/^JSON parse error - /)
  })

  it('answers 4xx, never 5xx, to fuzzed bodies and content types', async () => {
    const api = await start()
    const token = await api.tokenFor('home')
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.uint8Array().map((b) => Buffer.from(b).toString('latin1'))),
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
      fc.constantFrom(IMPORT, REMOVE),
      async (body, contentType, path) => {
        const headers: Record<string, string> = { Authorization: `Bearer ${token}` }
        if (contentType) headers['Content-Type'] = contentType
        const a = await api.raw('POST', path, { headers, body })
        expect(a.status, `${contentType} ${JSON.stringify(body)} -> ${a.text}`).toBeGreaterThanOrEqual(200)
        expect(a.status).toBeLessThan(500)
        expect(a.status === 200 || a.status === 400 || a.status === 415).toBe(true)
      }
    ), { numRuns: 150 })
  })

  it('answers 4xx, never 5xx, to fuzzed import objects', async () => {
    const api = await start()
    await fc.assert(fc.asyncProperty(
      fc.dictionary(fc.constantFrom('case_uuid', 'packaged_product_uuid', 'pos_product_id', 'pos_inventory_id', 'package_uid', 'sku', 'x'), fc.jsonValue()),
      async (body) => {
        const a = await api.import('home', body)
        expect([200, 400], a.text).toContain(a.status)
      }
    ), { numRuns: 150 })
  })

  it('answers 400 to malformed request lines and headers without crashing', async () => {
    const api = await start()
    const port = api.sandbox.port
    for (const bytes of [
      'GARBAGE\r\n\r\n',
      'GET /api/v1.2/ HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'POST /api/v1.2/caseids/import/ HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nX: \u0000\r\n\r\n'
    ]) {
      expect(await rawExchange(port, bytes)).toMatch(/^HTTP\/1\.1 4\d\d /)
    }
    expect((await api.lookup('home', PKG_A)).status).toBe(200)
  })

  it('answers 500 with no body and no stack trace on an internal error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-500-'))
    dirs.push(dir)
    const file = join(dir, 'db.sqlite')
    const lines: string[] = []
    const api = await start({ db: file, log: (l) => lines.push(l) })
    await api.tokenFor('home')
    const other = new Database(file)
    other.exec('DROP TABLE imports')
    other.close()
    const a = await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    expect(a.status).toBe(500)
    expect(a.text).toBe('')
    expect(lines.join('\n')).toMatch(/internal error/)
  })

  it('stop() closes idle keep-alive connections and the port', async () => {
    const api = await start()
    const port = api.sandbox.port
    const socketClosed = new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', path: '/', headers: { Connection: 'keep-alive' } }, (res) => {
        res.resume()
        res.on('end', () => {
          req.socket?.on('close', () => resolve())
          void api.sandbox.stop()
        })
      })
      req.end()
    })
    await socketClosed
    await api.sandbox.stop()
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  })
})

describe('request size', () => {
  it('answers 400 to a body over 1 MiB, and keeps serving', async () => {
    const api = await start()
    const a = await api.import('home', { ...importBody(CASE_1, PP_1, PKG_A), sku: 'x'.repeat(1024 * 1024 + 1) })
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ detail: expect.stringMatching(/exceeded/) })
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
  })
})
