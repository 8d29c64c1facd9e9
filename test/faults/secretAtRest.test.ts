// No derivative of a secret at rest (issue 14, item 5): a refused secret run through the real
// processes (the command line sets it, the browser host is refused with it and pauses the queue,
// backs up, then the right one is set and works). Afterwards every file in the data folder and every
// backup is read as bytes: neither the refused secret nor the right one appears outside the secret's
// own file, nor any hex or base64 digest of them (SHA-256, SHA-1, SHA-512, MD5 of the plausible inputs,
// whole or cut to 16 characters, as an older version stored the pause).
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { openStation } from '../../electron/core/station'
import { cli } from '../cli/helpers'
import { startHostProcess } from './support/host'
import { CLIENT_ID, CLIENT_SECRET, faultWorldOnSandbox, tempDir } from './support/world'

const REFUSED_SECRET = 'refused-secret-Qx7!never-at-rest'
const SECRET_FILE = 'client-secret'

const cleanups = cleanupsAfterEach()

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : []
  })
}

/** The secret and what a program might have stored instead of it, as the bytes to look for. */
function derivatives(secret: string, apiUrl: string, clientId: string): { what: string; bytes: Buffer }[] {
  const inputs: Record<string, string> = {
    secret,
    'JSON [url, id, secret]': JSON.stringify([apiUrl, clientId, secret]),
    'url+id+secret': apiUrl + clientId + secret,
    'url\\nid\\nsecret': `${apiUrl}\n${clientId}\n${secret}`,
    'id:secret': `${clientId}:${secret}`,
    'id+secret': clientId + secret
  }
  const out: { what: string; bytes: Buffer }[] = [
    { what: 'the secret', bytes: Buffer.from(secret) },
    { what: 'the secret in UTF-16', bytes: Buffer.from(secret, 'utf16le') },
    { what: 'base64 of the secret', bytes: Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, '')) },
    { what: 'base64 of id:secret (Basic)', bytes: Buffer.from(Buffer.from(`${clientId}:${secret}`).toString('base64').replace(/=+$/, '')) }
  ]
  for (const [name, input] of Object.entries(inputs)) {
    for (const algorithm of ['sha256', 'sha1', 'sha512', 'md5']) {
      const digest = createHash(algorithm).update(input).digest()
      const hex = digest.toString('hex')
      out.push({ what: `${algorithm} hex of ${name}`, bytes: Buffer.from(hex.slice(0, 16)) })
      out.push({ what: `${algorithm} HEX of ${name}`, bytes: Buffer.from(hex.slice(0, 16).toUpperCase()) })
      out.push({ what: `${algorithm} base64 of ${name}`, bytes: Buffer.from(digest.toString('base64').slice(0, 16)) })
      out.push({ what: `${algorithm} base64url of ${name}`, bytes: Buffer.from(digest.toString('base64url').slice(0, 16)) })
      out.push({ what: `${algorithm} raw of ${name}`, bytes: digest.subarray(0, 12) })
    }
  }
  return out
}

function findings(dir: string, needles: { what: string; bytes: Buffer }[], allowedIn: (file: string) => boolean): string[] {
  const found: string[] = []
  for (const file of filesUnder(dir)) {
    if (allowedIn(file)) continue
    const bytes = fs.readFileSync(file)
    for (const n of needles) if (bytes.includes(n.bytes)) found.push(`${path.relative(dir, file)}: ${n.what}`)
  }
  return found
}

describe('no derivative of a secret at rest', () => {
  it('a refused secret and the right one leave no trace in any file of the data folder or any backup', { timeout: 120_000 }, async () => {
    const { sb } = await faultWorldOnSandbox(cleanups, 2)
    const dir = tempDir('station-secret-')
    for (const [key, value] of [['api-url', sb.url], ['client-id', CLIENT_ID], ['client-secret', REFUSED_SECRET]]) {
      const r = await cli(['config', 'set', key!, value!, '--data', dir])
      expect(r.code, r.stderr).toBe(0)
    }

    const host = await startHostProcess(dir)
    cleanups.push(() => host.stop())
    const refused = await host.bridge<{ state: string; paused: string | null }>('testConnection')
    expect(refused).toMatchObject({ ok: true, value: { state: 'refused', paused: 'credentials' } })
    const settings = await host.bridge<{ apiUrl: string; clientId: string }>('getSettings')
    if (!settings.ok) throw new Error(settings.error.message)
    expect((await host.bridge('backupNow')).ok).toBe(true) // a backup taken while the refused secret's pause is in force

    const fixed = await host.bridge('setSettings', { clientSecret: CLIENT_SECRET })
    expect(fixed.ok, JSON.stringify(fixed)).toBe(true)
    await expect.poll(() => host.bridge('testConnection'), { timeout: 20_000 }).toMatchObject({ ok: true, value: { state: 'working', paused: null } })
    expect((await host.bridge('backupNow')).ok).toBe(true)
    await host.stop()
    expect((await cli(['queue', '--data', dir])).code).toBe(0) // the command line opens the folder too

    const { apiUrl, clientId } = settings.value
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.sqlite'))).toHaveLength(2)
    // The refused secret: nowhere at all. The right one: only in its own owner-only file.
    expect(findings(dir, derivatives(REFUSED_SECRET, apiUrl, clientId), () => false)).toEqual([])
    expect(findings(dir, derivatives(CLIENT_SECRET, apiUrl, clientId), (f) => f === path.join(dir, SECRET_FILE))).toEqual([])
    expect(fs.readFileSync(path.join(dir, SECRET_FILE), 'utf8').trim()).toBe(CLIENT_SECRET)
  })

  it('a pause written by an older version (a digest of the refused secret) is replaced at the next read and its bytes leave the file', async () => {
    const { sb } = await faultWorldOnSandbox(cleanups, 2)
    const dir = tempDir('station-secret-legacy-')
    const first = openStation({ dataDir: dir })
    first.setSettings({ apiUrl: sb.url, clientId: CLIENT_ID, clientSecret: REFUSED_SECRET })
    const { apiUrl } = first.getSettings()
    await first.close()
    // As versions before issue 14 wrote it: the first 16 hex digits of SHA-256 of [url, id, secret].
    const legacyDigest = createHash('sha256').update(JSON.stringify([apiUrl, CLIENT_ID, REFUSED_SECRET])).digest('hex').slice(0, 16)
    const db = new Database(path.join(dir, 'station.sqlite'))
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('runtime.paused', ?)").run(JSON.stringify({ reason: 'credentials', fingerprint: legacyDigest, message: 'The API refused the client id or secret.', at: Date.now() }))
    db.close()
    const inFolder = (): string[] => findings(dir, [{ what: 'the legacy digest', bytes: Buffer.from(legacyDigest) }], () => false)
    expect(inFolder()).not.toEqual([])

    const st = openStation({ dataDir: dir })
    cleanups.push(() => st.close())
    expect(st.connection().paused).toBe('credentials') // the same credentials: still refused
    expect(inFolder()).toEqual([])
    st.setSettings({ clientSecret: CLIENT_SECRET })
    expect(st.connection().paused).toBeNull()
  })
})
