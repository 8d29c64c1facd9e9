// The browser host as a real process (`electron/host/cli.ts`, as `npm run web` runs it), serving a
// stand-in page: the fault suites talk to its bridge over HTTP with its token.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { ROOT } from '../../cli/helpers'
import { tempDir } from './world'

export interface HostProcess {
  origin: string
  token: string
  child: ChildProcess
  stderr(): string
  call(name: string, body: string): Promise<{ status: number; text: string }>
  /** A call whose answer is parsed: { ok, value } or { ok: false, error }. */
  bridge<T = Record<string, unknown>>(name: string, argument?: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>
  stop(): Promise<void>
}

export async function startHostProcess(dataDir: string, env: Record<string, string> = {}): Promise<HostProcess> {
  const rendererDir = tempDir('station-faults-renderer-')
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>faults</title>')
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/host/cli.ts'), '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    env: { ...process.env, STATION_RENDERER_DIR: rendererDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)))
  })
  const m = /^station listening on (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)$/.exec(first)
  if (!m) throw new Error(`unexpected first line ${first}`)
  const origin = m[1]!
  const token = m[2]!
  const call = async (name: string, body: string) => {
    const r = await fetch(`${origin}/api/call/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body })
    return { status: r.status, text: await r.text() }
  }
  return {
    origin,
    token,
    child,
    stderr: () => stderr,
    call,
    async bridge(name, argument = {}) {
      return JSON.parse((await call(name, JSON.stringify(argument))).text)
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
  }
}
