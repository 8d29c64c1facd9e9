// Starts `npm run web` on a free port with its own data folder, as a new user would, and stops it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface RunningWeb {
  url: string
  origin: string
  token: string
  dataDir: string
  stderr: () => string
  stop(): Promise<void>
}

export async function startWeb(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningWeb> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'station-e2e-'))
  const child: ChildProcess = spawn('npm', ['run', '--silent', 'web', '--', '--port', '0', '--data', dataDir], {
    cwd: process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true // its own process group, so stop() ends npm, node and the station together
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    const timer = setTimeout(() => reject(new Error(`npm run web printed no address within 60 s.\n${stderr}`)), 60_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve(line)
    })
    child.once('exit', (code) => reject(new Error(`npm run web exited with ${code} before listening.\n${stderr}`)))
  })
  const match = /^station listening on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/.exec(firstLine)
  if (!match) throw new Error(`Unexpected first line: ${firstLine}`)
  const url = match[1]!
  return {
    url,
    origin: new URL(url).origin,
    token: match[3]!,
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        process.kill(-child.pid, 'SIGTERM')
        const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
