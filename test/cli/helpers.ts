// Runs the command line as a real child process, as `npm run station` does.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../..')
// What `npm run station` runs.
const LAUNCH = path.join(ROOT, 'electron/cli/launch.mjs')

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function spawnCli(args: string[], env: Record<string, string> = {}, input?: string): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [LAUNCH, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  if (input !== undefined) child.stdin!.end(input)
  else child.stdin!.end()
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

export function cli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Run> {
  return spawnCli(args, env, input).done
}
