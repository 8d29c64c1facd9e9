// The desktop app's keyring-protected client secret, with Electron's safeStorage stood in for by a
// real cipher (./keyring.ts; Electron is not installable here, and the store only needs encrypt/decrypt):
// who wins between the desktop's encrypted file and a plaintext secret the command line set, file
// modes, the move into the encrypted file, what the command line says, and the log never holding it.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { FileSecretStore, PROTECTED_SECRET_FILE, SECRET_FILE } from '../../electron/core/settings/secretStore'
import { openStation, type Station } from '../../electron/core/station'
import { desktopSecretStore, KeyringSecretStore, UNDECRYPTABLE_MESSAGE } from '../../electron/main/secretStore'
import { startSandbox, DEMO_CLIENT } from '../../electron/sandbox'
import { startStationRuntime } from '../../electron/service/runtime'
import { CLIENT_ID, CLIENT_SECRET, tempDir, worldOnSandbox } from '../core/helpers'
import { keyring } from './keyring'

const cleanups = cleanupsAfterEach()

function folder(): { dir: string; plain: string; encrypted: string } {
  const dir = tempDir('caseid-secret-')
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return { dir, plain: path.join(dir, SECRET_FILE), encrypted: path.join(dir, PROTECTED_SECRET_FILE) }
}

function open(dir: string, secretStore?: KeyringSecretStore): Station {
  const st = openStation({ dataDir: dir, ...(secretStore ? { secretStore } : {}) })
  cleanups.push(() => st.close())
  return st
}

const mode = (file: string) => fs.statSync(file).mode & 0o777
const setMtime = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds)

describe('the desktop app keeps the client secret with the OS keyring', () => {
  it('writes only the encrypted file (0600, not the secret in clear), removes a plaintext one, and reads it back', () => {
    const { dir, plain, encrypted } = folder()
    const ring = keyring()
    fs.writeFileSync(plain, 'older-plain-secret', { mode: 0o600 })
    const st = open(dir, new KeyringSecretStore(dir, ring))
    st.setSettings({ apiUrl: 'https://retail-test.lucidgreen.io', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
    expect(fs.existsSync(plain)).toBe(false)
    expect(mode(encrypted)).toBe(0o600)
    expect(fs.readFileSync(encrypted).includes(Buffer.from(CLIENT_SECRET))).toBe(false)
    expect(JSON.stringify(st.getSettings())).not.toContain(CLIENT_SECRET)
    expect(st.getSettings().hasClientSecret).toBe(true)
    expect(st.clientSecretStatus()).toEqual({ set: true, keptIn: 'keyring', unreadable: null })
    expect(st.connection().paused).toBeNull()
    // A later start of the app (a new store, the same keyring) reads it.
    expect(new KeyringSecretStore(dir, ring).read()).toBe(CLIENT_SECRET)
    // Removing it from the desktop's Settings leaves no file at all.
    st.setSettings({ clientSecret: null })
    expect(fs.existsSync(encrypted)).toBe(false)
    expect(fs.existsSync(plain)).toBe(false)
    expect(st.getSettings().hasClientSecret).toBe(false)
  })

  it('decrypts once per version of the file, not on every read (every log line reads it for redaction)', () => {
    const { dir } = folder()
    const ring = keyring()
    new KeyringSecretStore(dir, ring).write('first-secret')
    const store = new KeyringSecretStore(dir, ring)
    for (let i = 0; i < 5; i++) expect(store.read()).toBe('first-secret')
    expect(ring.decrypts).toBe(1)
  })

  it('takes a secret set later by the command line: it wins, is moved into the encrypted file, and the plaintext file is removed', async () => {
    const { dir, plain, encrypted } = folder()
    const ring = keyring()
    const desktop = open(dir, new KeyringSecretStore(dir, ring))
    desktop.setSettings({ apiUrl: 'https://retail-test.lucidgreen.io', clientId: CLIENT_ID, clientSecret: 'desktop-secret' })
    // The command line's own code path: the default store of openStation.
    const cli = openStation({ dataDir: dir })
    cli.setSettings({ clientSecret: 'cli-secret' })
    await cli.close()
    expect(mode(plain)).toBe(0o600)
    expect(fs.existsSync(encrypted)).toBe(false)
    const store = new KeyringSecretStore(dir, ring)
    expect(store.read()).toBe('cli-secret')
    expect(fs.existsSync(plain)).toBe(false)
    expect(mode(encrypted)).toBe(0o600)
    expect(fs.readFileSync(encrypted).includes(Buffer.from('cli-secret'))).toBe(false)
    expect(new KeyringSecretStore(dir, keyring(randomBytes(32))).read()).toBeNull() // really encrypted
    expect(new KeyringSecretStore(dir, ring).read()).toBe('cli-secret')
  })

  it('a plaintext file newer than the encrypted one wins; an older one is a leftover and is removed', () => {
    const { dir, plain, encrypted } = folder()
    const ring = keyring()
    new KeyringSecretStore(dir, ring).write('encrypted-secret')
    fs.writeFileSync(plain, 'newer-plain\n', { mode: 0o600 })
    setMtime(encrypted, 1_700_000_000)
    setMtime(plain, 1_700_000_100)
    expect(new KeyringSecretStore(dir, ring).read()).toBe('newer-plain')
    expect(fs.existsSync(plain)).toBe(false)

    fs.writeFileSync(plain, 'stale-plain', { mode: 0o600 })
    setMtime(plain, 1_600_000_000)
    expect(new KeyringSecretStore(dir, ring).read()).toBe('newer-plain')
    expect(fs.existsSync(plain)).toBe(false)
  })

  it('a secret it cannot decrypt reads as not usable, says why once in the log, and can be set again', () => {
    const { dir, encrypted } = folder()
    new KeyringSecretStore(dir, keyring()).write('other-keyring-secret')
    const logs: string[] = []
    const store = new KeyringSecretStore(dir, keyring(), (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`))
    const st = open(dir, store)
    st.setSettings({ apiUrl: 'https://retail-test.lucidgreen.io', clientId: CLIENT_ID })
    expect(st.getSettings().hasClientSecret).toBe(true)
    expect(st.clientSecretStatus()).toEqual({ set: true, keptIn: 'keyring', unreadable: UNDECRYPTABLE_MESSAGE })
    expect(st.connection()).toMatchObject({ state: 'not_configured', paused: 'not_configured', headline: 'Not set up', message: expect.stringContaining(`Not set up: ${UNDECRYPTABLE_MESSAGE}`) })
    st.getSettings()
    expect(logs.filter((l) => l.includes('could not decrypt'))).toHaveLength(1)
    st.setSettings({ clientSecret: 'set-again' })
    expect(st.clientSecretStatus().unreadable).toBeNull()
    expect(mode(encrypted)).toBe(0o600)
    expect(logs.join('\n')).not.toMatch(/other-keyring-secret|set-again/)
  })
})

describe('which store the desktop app uses', () => {
  it('the keyring when it can protect the secret, moving a command-line secret at start; else the owner-only file, said in the log', () => {
    const { dir, plain, encrypted } = folder()
    new FileSecretStore(dir).write('set-by-cli')
    const logs: string[] = []
    const log = (level: string, message: string) => logs.push(`${level} ${message}`)

    const fallback = desktopSecretStore(dir, keyring(undefined, { available: false }), log, 'darwin')
    expect(fallback).toBeInstanceOf(FileSecretStore)
    expect(logs.pop()).toMatch(/^warn client secret kept in an owner-only file .*not available/)
    const basicText = desktopSecretStore(dir, keyring(undefined, { backend: 'basic_text' }), log, 'linux')
    expect(basicText).toBeInstanceOf(FileSecretStore)
    expect(logs.pop()).toMatch(/^warn client secret kept in an owner-only file .*fixed key/)
    expect(fs.existsSync(plain)).toBe(true)

    const ring = keyring(undefined, { backend: 'gnome_libsecret' })
    const store = desktopSecretStore(dir, ring, log, 'linux')
    expect(store).toBeInstanceOf(KeyringSecretStore)
    expect(logs).toContain('info client secret protected with the OS keyring (Electron safeStorage)')
    expect(logs).toContain('info client secret set by the command line moved into the keyring-protected file')
    expect(fs.existsSync(plain)).toBe(false)
    expect(mode(encrypted)).toBe(0o600)
    expect(store.read()).toBe('set-by-cli')
    expect(logs.join('\n')).not.toContain('set-by-cli')
  })
})

describe('the command line and the browser host on a folder whose secret the desktop app protects', () => {
  it('say it is set and protected, refuse to call the API with a message naming config set client-secret, and can set it again', async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 1)
    const { dir, plain, encrypted } = folder()
    const ring = keyring()
    const desktop = open(dir, new KeyringSecretStore(dir, ring))
    desktop.setSettings({ apiUrl: sb.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimit: 50_000 })
    const pkg = world.cases[0]!.pkg
    expect((await desktop.lookup(pkg)).error).toBeNull()

    const cli = open(dir)
    expect(cli.getSettings().hasClientSecret).toBe(true)
    expect(cli.clientSecretStatus()).toMatchObject({ set: true, keptIn: 'keyring' })
    expect(cli.clientSecretStatus().unreadable).toMatch(/desktop app's keyring.*config set client-secret/)
    const refused = await cli.lookup(pkg)
    expect(refused.error).toMatch(/^not configured: the client secret is protected by the desktop app's keyring/)
    expect(cli.connection().paused).toBe('not_configured')

    cli.setSettings({ clientSecret: CLIENT_SECRET })
    expect(cli.clientSecretStatus()).toEqual({ set: true, keptIn: 'file', unreadable: null })
    expect(fs.existsSync(encrypted)).toBe(false)
    expect((await cli.lookup(pkg)).error).toBeNull()
    // The desktop app takes it over at its next read.
    expect((await desktop.lookup(pkg)).error).toBeNull()
    expect(fs.existsSync(plain)).toBe(false)
    expect(desktop.clientSecretStatus().keptIn).toBe('keyring')
  })
})

describe('the desktop runtime with the keyring store', () => {
  it('keeps the secret set from Settings encrypted and never writes it to the log or the host output', async () => {
    const sb = await startSandbox({ seed: 'demo' })
    cleanups.push(() => sb.stop())
    const { dir, plain, encrypted } = folder()
    const hostLines: string[] = []
    const runtime = await startStationRuntime({
      dataDir: dir,
      host: 'desktop',
      version: '9.8.7',
      log: (level, message, fields) => hostLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
      secretStore: (log) => desktopSecretStore(dir, keyring(), log, 'darwin')
    })
    cleanups.push(() => runtime.close())
    const answer = await runtime.dispatch('setSettings', { apiUrl: sb.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret })
    expect(answer.ok).toBe(true)
    expect(JSON.stringify(answer)).not.toContain(DEMO_CLIENT.clientSecret)
    expect(fs.existsSync(plain)).toBe(false)
    expect(mode(encrypted)).toBe(0o600)
    runtime.log('warn', `echo ${DEMO_CLIENT.clientSecret}`, { echoed: DEMO_CLIENT.clientSecret })
    const file = fs.readFileSync(path.join(dir, 'logs/station.log'), 'utf8')
    expect(file).toContain('client secret protected with the OS keyring')
    expect(file).toContain('echo ')
    expect(file).not.toContain(DEMO_CLIENT.clientSecret)
    expect(hostLines.join('\n')).toContain('echo ')
    expect(hostLines.join('\n')).not.toContain(DEMO_CLIENT.clientSecret)
  })
})
