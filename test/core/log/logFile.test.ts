import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LogFile } from '../../../electron/core/log/logFile'
import { redact, REDACTED } from '../../../electron/core/log/redact.std'

let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseid-log-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const SECRET = 'sEcReT-9f8e7d6c5b4a'
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGF0aW9uIn0.c2lnbmF0dXJl'

describe('redact', () => {
  it('masks known secret values wherever they appear, and credential shapes whose value is unknown', () => {
    const text = [
      `secret ${SECRET} inside text`,
      `Authorization: Bearer ${TOKEN}`,
      `{"access_token":"${TOKEN}","expires_in":3600}`,
      `client_secret=${SECRET}&grant_type=client_credentials`,
      'http://127.0.0.1:5177/?token=abcdef0123456789'
    ].join('\n')
    const out = redact(text, [SECRET])
    expect(out).not.toContain(SECRET)
    expect(out).not.toContain(TOKEN)
    expect(out).not.toContain('abcdef0123456789')
    expect(out).toContain('Bearer [redacted]')
    expect(out).toContain('"expires_in":3600')
    expect(out).toContain('grant_type=client_credentials')
  })

  it('leaves ordinary station text alone', () => {
    const text = 'import of 7nGvFz3Hq2xK8mPwR4tYbC into 1A4060300002EE1000012345 failed: 503'
    expect(redact(text, ['', null, 'abc'])).toBe(text)
  })
})

describe('LogFile', () => {
  it('writes one line per entry with time, level, message and fields, secrets redacted', () => {
    const log = new LogFile({ dataDir, secrets: () => [SECRET], now: () => new Date('2026-11-29T10:00:00Z') })
    log.write('warn', `token refused for ${SECRET}`, { header: `Bearer ${TOKEN}`, body: { client_secret: SECRET }, error: new Error('multi\nline') })
    log.write('info', 'the API answers again')
    const text = readFileSync(join(dataDir, 'logs/station.log'), 'utf8')
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(TOKEN)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^2026-11-29T10:00:00\.000Z WARN {2}token refused for \[redacted\] \{/)
    expect(lines[0]).toContain('"error":"multi\\nline"')
    expect(lines[1]).toBe('2026-11-29T10:00:00.000Z INFO  the API answers again')
    expect(log.tail(1)).toEqual([lines[1]])
  })

  it('picks up a secret that changes while it runs', () => {
    let secrets = ['first-secret-value']
    const log = new LogFile({ dataDir, secrets: () => secrets })
    secrets = ['second-secret-value']
    log.write('info', 'saw second-secret-value and first-secret-value')
    const text = readFileSync(log.file, 'utf8')
    expect(text).toContain(`saw ${REDACTED} and first-secret-value`)
  })

  it('rotates at the size cap and keeps only the configured number of old files', () => {
    const log = new LogFile({ dataDir, maxBytes: 2_000, keep: 3 })
    for (let i = 0; i < 400; i++) log.write('info', `entry ${String(i).padStart(4, '0')} ${'x'.repeat(40)}`)
    const files = readdirSync(join(dataDir, 'logs')).sort()
    expect(files).toEqual(['station.log', 'station.log.1', 'station.log.2', 'station.log.3'])
    for (const file of files) expect(statSync(join(dataDir, 'logs', file)).size).toBeLessThanOrEqual(2_000)
    // Nothing lost across a rotation: the newest entries run on without a gap from .1 into the current file.
    const recent = log.tail(30).map((line) => Number(/entry (\d+)/.exec(line)?.[1]))
    expect(recent).toEqual(Array.from({ length: 30 }, (_, i) => 370 + i))
    const oldest = Number(/entry (\d+)/.exec(readFileSync(join(dataDir, 'logs/station.log.3'), 'utf8'))?.[1])
    expect(oldest).toBeGreaterThan(0) // the first entries were dropped with the oldest file
  })

  it('never throws, even when the folder is gone', () => {
    const log = new LogFile({ dataDir })
    rmSync(dataDir, { recursive: true, force: true })
    expect(() => log.write('error', 'no folder')).not.toThrow()
    expect(log.tail(5)).toEqual([])
  })
})
