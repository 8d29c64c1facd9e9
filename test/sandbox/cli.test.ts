import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { demoManifestCsv } from '../../electron/sandbox/index'
import { baseFixture, CLIENTS } from './helpers'

const ROOT = resolve(__dirname, '../..')
const CLI = join(ROOT, 'electron/sandbox/cli.ts')
const children: ChildProcess[] = []
const dirs: string[] = []

afterEach(() => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) continue
    try {
      process.kill(-c.pid, 'SIGKILL') // the group, when the test made one
    } catch {
      c.kill('SIGKILL')
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sandbox-cli-'))
  dirs.push(d)
  return d
}

interface Started { child: ChildProcess; lines: string[]; nextLine: () => Promise<string>; exited: Promise<number | null>; stderr: () => string }

function run(args: string[], viaNpx = false): Started {
  const child = viaNpx
    // npx runs tsx through a shell and does not pass SIGTERM on: give it its own process group.
    ? spawn('npx', ['tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  const lines: string[] = []
  const waiting: ((line: string) => void)[] = []
  let consumed = 0
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line)
    const w = waiting.shift()
    if (w) { consumed++; w(line) }
  })
  let err = ''
  child.stderr!.on('data', (d) => { err += String(d) })
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)))
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    nextLine: () => new Promise((res, rej) => {
      if (consumed < lines.length) return res(lines[consumed++]!)
      waiting.push(res)
      void exited.then((code) => rej(new Error(`exited ${code} before a line; stderr: ${err}`)))
    })
  }
}

const LISTENING = /^sandbox listening on http:\/\/127\.0\.0\.1:(\d+)$/

describe('npm run sandbox (electron/sandbox/cli.ts)', () => {
  it('prints the listening line first, serves, and stops cleanly on SIGTERM', async () => {
    const s = run(['--port', '0'])
    const first = await s.nextLine()
    expect(first).toMatch(LISTENING)
    const url = first.replace('sandbox listening on ', '')
    expect((await fetch(`${url}/nope/`)).status).toBe(404)
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
    await expect(fetch(`${url}/nope/`)).rejects.toThrow()
  })

  it('stops cleanly on SIGINT', async () => {
    const s = run(['--port', '0'])
    expect(await s.nextLine()).toMatch(LISTENING)
    s.child.kill('SIGINT')
    expect(await s.exited).toBe(0)
  })

  it('starts the same way through npx tsx, as npm run sandbox does, and stops with its process group', async () => {
    const s = run(['--port', '0'], true)
    const first = await s.nextLine()
    expect(first).toMatch(LISTENING)
    const url = first.replace('sandbox listening on ', '')
    expect((await fetch(`${url}/nope/`)).status).toBe(404)
    process.kill(-s.child.pid!, 'SIGTERM')
    await s.exited
    await expect(fetch(`${url}/nope/`)).rejects.toThrow()
  })

  it('with --seed demo prints the credentials after the first line and writes the manifest and labels', async () => {
    const dir = tempDir()
    const manifest = join(dir, 'manifest.csv')
    const labels = join(dir, 'labels')
    const s = run(['--port', '0', '--seed', 'demo', '--manifest-out', manifest, '--labels-out', labels])
    expect(await s.nextLine()).toMatch(LISTENING)
    expect(await s.nextLine()).toMatch(/client_id=demo-downtown-client client_secret=demo-downtown-secret/)
    while (!s.lines.some((l) => l.startsWith('demo labels written'))) await s.nextLine()
    expect(readFileSync(manifest, 'utf8')).toBe(demoManifestCsv())
    expect(existsSync(join(labels, 'demo-labels.html'))).toBe(true)
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
  })

  it('serves a fixture file, with the given rate limit and token lifetime, and admin controls', async () => {
    const dir = tempDir()
    const fixture = join(dir, 'f.json')
    writeFileSync(fixture, JSON.stringify(baseFixture()))
    const s = run(['--port', '0', '--fixture', fixture, '--rate-limit', '1', '--token-ttl', '77', '--admin', '--db', join(dir, 'db.sqlite')])
    const url = (await s.nextLine()).replace('sandbox listening on ', '')
    const tok = await fetch(`${url}/o/token/`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret }) })
    const body = (await tok.json()) as { access_token: string; expires_in: number }
    expect(body.expires_in).toBe(77)
    const get = (): Promise<Response> => fetch(`${url}/api/v1.2/package-uids/X/caseids/`, { headers: { Authorization: `Bearer ${body.access_token}` } })
    expect((await get()).status).toBe(200)
    expect((await get()).status).toBe(429)
    expect((await fetch(`${url}/__sandbox/faults`)).status).toBe(200)
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
    expect(existsSync(join(dir, 'db.sqlite'))).toBe(true)
  })

  it('starts several processes at once on one new database file', async () => {
    const db = join(tempDir(), 'shared.sqlite')
    const all = [0, 1, 2].map(() => run(['--port', '0', '--seed', 'demo', '--db', db]))
    const firsts = await Promise.all(all.map((s) => s.nextLine()))
    for (const f of firsts) expect(f).toMatch(LISTENING)
    for (const s of all) s.child.kill('SIGTERM')
    expect(await Promise.all(all.map((s) => s.exited))).toEqual([0, 0, 0])
  })

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--rate-limit', '0']],
    [['--token-ttl', '-5']],
    [['--seed', 'prod']],
    [['--bogus']],
    [['positional']],
    [['--manifest-out', 'x.csv']],
    [['--seed', 'demo', '--fixture', 'f.json']]
  ])('exits 2 with a usage message for %j', async (args) => {
    const s = run(args)
    expect(await s.exited).toBe(2)
    expect(s.stderr()).toMatch(/usage: npm run sandbox/)
    expect(s.lines).toEqual([])
  })

  it('exits 2 naming the wrong path of a malformed fixture', async () => {
    const dir = tempDir()
    const fixture = join(dir, 'f.json')
    const f = baseFixture()
    f.cases[2]!.packaged_products[0] = 'not-a-shortuuid'
    writeFileSync(fixture, JSON.stringify(f))
    const s = run(['--fixture', fixture])
    expect(await s.exited).toBe(2)
    expect(s.stderr()).toContain('cases[2].packaged_products[0]: not a ShortUUID')
  })
})
