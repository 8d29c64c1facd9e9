// The data folder and every file in it are for their owner only (issue 14, item 4), whichever face
// creates them: the browser host and the command line as real processes, the desktop main's data-dir
// function with the station runtime in a process of its own (Electron itself cannot run here). An
// existing folder that others may read is put right at start. Every file is stat-ed, while the
// process runs (with the database's -wal and -shm) and after it has stopped.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { ownerOnlyDataDir, prepareDataDir } from '../../electron/core/dataDir'
import { demoManifestRows } from '../../electron/sandbox'
import { cli, ROOT } from '../cli/helpers'
import { startHostProcess, type HostProcess } from '../faults/support/host'
import { makeReadOnly } from '../faults/support/readOnly'
import { tempDir } from '../faults/support/world'

const cleanups = cleanupsAfterEach()

/** Every entry under a folder (itself included) with its mode, as `relative path: 0NNN`. */
function modesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (p: string): void => {
    const st = fs.lstatSync(p)
    out[path.relative(dir, p) || '.'] = `0${(st.mode & 0o777).toString(8)}`
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name))
  }
  walk(dir)
  return out
}

/** The entries whose mode lets the group or others in (none expected). */
function notOwnerOnly(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(modesUnder(dir)).filter(([, mode]) => (parseInt(mode, 8) & 0o077) !== 0))
}

function expectOwnerOnly(dir: string, mustHave: string[]): void {
  const modes = modesUnder(dir)
  for (const file of mustHave) expect(Object.keys(modes), `${file} in ${JSON.stringify(modes)}`).toContain(file)
  expect(notOwnerOnly(dir), JSON.stringify(modes)).toEqual({})
  for (const [file, mode] of Object.entries(modes)) expect(mode, file).toBe(fs.lstatSync(path.join(dir, file)).isDirectory() ? '0700' : '0600')
}

/** Gives the group and others read (and search) on everything: a folder as an older version left it. */
function openToOthers(dir: string): void {
  for (const [file] of Object.entries(modesUnder(dir))) {
    const p = path.join(dir, file)
    fs.chmodSync(p, fs.lstatSync(p).isDirectory() ? 0o755 : 0o644)
  }
}

const DB_FILES = ['station.sqlite', 'station.sqlite-wal', 'station.sqlite-shm', 'station.sqlite.owner-lock', 'builtin-sandbox.sqlite']

async function dayOfWork(host: HostProcess): Promise<void> {
  for (const [name, argument] of [
    ['setSettings', { operator: 'Sam' }],
    ['setAppPreferences', { welcomeDone: true }],
    ['backupNow', {}]
  ] as const) {
    const answer = await host.bridge(name, argument)
    expect(answer.ok, `${name}: ${JSON.stringify(answer)}`).toBe(true)
  }
}

describe('the data folder is owner-only whichever face creates it', () => {
  it('the browser host: a new folder 0700 and every file 0600, while it runs and after', { timeout: 90_000 }, async () => {
    const dir = path.join(tempDir('station-modes-'), 'not', 'yet', 'there')
    const host = await startHostProcess(dir)
    cleanups.push(() => host.stop())
    await dayOfWork(host)
    expectOwnerOnly(dir, ['.', 'logs', 'logs/station.log', 'backups', 'preferences.json', ...DB_FILES])
    await host.stop()
    expectOwnerOnly(dir, ['.', 'station.sqlite', 'builtin-sandbox.sqlite', 'backups'])
  })

  it('the browser host puts an existing folder right at start (0755 / 0644 before)', { timeout: 90_000 }, async () => {
    const dir = path.join(tempDir('station-modes-'), 'old')
    const first = await startHostProcess(dir)
    await dayOfWork(first)
    await first.stop()
    openToOthers(dir)
    expect(Object.keys(notOwnerOnly(dir)).length).toBeGreaterThan(5)
    const host = await startHostProcess(dir)
    cleanups.push(() => host.stop())
    expectOwnerOnly(dir, ['.', 'logs/station.log', 'backups', 'preferences.json', ...DB_FILES])
  })

  it('the command line: a new folder, its database, the built-in sandbox and an export written into it', { timeout: 90_000 }, async () => {
    const dir = path.join(tempDir('station-modes-'), 'cli')
    for (const args of [
      ['config', 'set', 'operator', 'Sam'],
      ['lookup', demoManifestRows()[0]!.package_uid],
      ['export', '--date', new Date().toISOString().slice(0, 10), '--out', path.join(dir, 'day-export.csv')]
    ]) {
      const r = await cli([...args, '--data', dir])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    }
    expectOwnerOnly(dir, ['.', 'station.sqlite', 'builtin-sandbox.sqlite', 'day-export.csv'])
    openToOthers(dir)
    expect((await cli(['queue', '--data', dir])).code).toBe(0)
    expectOwnerOnly(dir, ['.', 'station.sqlite', 'builtin-sandbox.sqlite', 'day-export.csv'])
  })

  it("the desktop main's data-dir function and the station runtime it starts (no Electron)", { timeout: 90_000 }, async () => {
    const dir = path.join(tempDir('station-modes-'), 'desktop-app')
    // What electron/main/index.ts does before and after 'ready', minus the window: Chromium creates
    // userData itself, here with the process's default mode as it would.
    const script = `
      import fs from 'node:fs'
      import { desktopDataDir } from './electron/main/dataDir.ts'
      import { startStationRuntime } from './electron/service/runtime.ts'
      const { dataDir, userData } = desktopDataDir()
      fs.mkdirSync(userData, { recursive: true })
      fs.writeFileSync(userData + '/Preferences', '{}')
      const runtime = await startStationRuntime({ dataDir, host: 'desktop', version: '0.0.0', log: () => {} })
      const backup = await runtime.dispatch('backupNow', {})
      if (!backup.ok) throw new Error(JSON.stringify(backup))
      process.stdout.write('ready\\n')
      process.stdin.resume()
      process.stdin.on('end', async () => { await runtime.close(); process.exit(0) })
    `
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, STATION_DATA_DIR: dir }, stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    cleanups.push(() => void child.kill())
    const first = await Promise.race([new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve)), exited.then((code) => `exited ${code}: ${stderr}`)])
    expect(first).toBe('ready')
    expectOwnerOnly(dir, ['.', 'desktop', 'desktop/Preferences', 'logs/station.log', 'backups', ...DB_FILES])
    child.stdin.end()
    expect(await exited).toBe(0)
    expectOwnerOnly(dir, ['.', 'station.sqlite', 'builtin-sandbox.sqlite'])
  })
})

describe('prepareDataDir and ownerOnlyDataDir', () => {
  it('take group and other bits away from the folder, its files, subfolders and the files of logs/ and backups/, keeping the owner bits', () => {
    const dir = tempDir('station-modes-')
    fs.chmodSync(dir, 0o775)
    fs.writeFileSync(path.join(dir, 'station.sqlite'), '', { mode: 0o666 })
    fs.writeFileSync(path.join(dir, 'read-only-on-purpose'), '', { mode: 0o444 })
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o777 })
    fs.writeFileSync(path.join(dir, 'logs', 'station.log.1'), '', { mode: 0o644 })
    fs.symlinkSync('/etc/hostname', path.join(dir, 'a-link'))
    const before = fs.statSync('/etc/hostname').mode & 0o777
    fs.chmodSync(path.join(dir, 'station.sqlite'), 0o666)
    fs.chmodSync(path.join(dir, 'logs'), 0o777)
    prepareDataDir(dir)
    expect(modesUnder(dir)).toMatchObject({ '.': '0700', 'station.sqlite': '0600', 'read-only-on-purpose': '0400', logs: '0700', 'logs/station.log.1': '0600' })
    expect(fs.statSync('/etc/hostname').mode & 0o777).toBe(before) // a link is not followed
    ownerOnlyDataDir(path.join(dir, 'gone')) // a folder that is not there: nothing to do, no throw
  })
})

describe('a data folder that cannot be written', () => {
  const WORDS = /cannot use its data folder .+: it is read-only or this user may not write there \((EPERM|EACCES)\)\. Check that the data folder exists, is a folder, and is writable/
  const RAW = /ENOENT|EPERM: operation not permitted|EACCES: permission denied|mkdir '/

  it('the browser host says so in words and exits 1 (not ENOENT/EPERM from mkdir logs), as the command line does', { timeout: 60_000 }, async () => {
    const parent = tempDir('station-modes-')
    const dir = path.join(parent, 'read-only')
    fs.mkdirSync(dir)
    cleanups.push(makeReadOnly(dir))
    for (const target of [dir, path.join(dir, 'sub')]) {
      const failed = await startHostProcess(target).then(
        async (h) => {
          await h.stop()
          return 'started'
        },
        (e: Error) => e.message
      )
      expect(failed).toMatch(WORDS)
      expect(failed.replace(/\((EPERM|EACCES)\)/, '')).not.toMatch(RAW)
      const r = await cli(['queue', '--data', target])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(WORDS)
    }
  })
})
