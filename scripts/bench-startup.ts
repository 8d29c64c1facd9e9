// `npm run bench -- startup [--runs 9]`: how long `npm run web` and `npm run sandbox` take to print their
// address, side by side, and where the browser host's time goes. Each command is started --runs times,
// interleaved (this machine is shared and noisy: medians, and the CPU time the command's processes used
// until the address, which the other sessions' load disturbs far less than the wall clock).
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { numberArg } from './support/args'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const runs = numberArg('runs', 9)
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-startup-'))
const address = ['--port', '0']

/** What each row starts: the README's commands, then the parts of the first one. */
const COMMANDS: { label: string; command: string; args: string[] }[] = [
  { label: '`npm run -s web` (the bundle, checked fresh)', command: 'npm', args: ['run', '-s', 'web', '--', ...address, '--data', dataDir] },
  { label: '`npm run -s sandbox`', command: 'npm', args: ['run', '-s', 'sandbox', '--', ...address] },
  { label: '`node .cache/web/cli.mjs` (the bundle alone: no npm, no check)', command: process.execPath, args: ['.cache/web/cli.mjs', ...address, '--data', dataDir] },
  { label: '`node --import tsx electron/host/cli.ts` (the TypeScript through tsx, no npm)', command: process.execPath, args: ['--import', 'tsx', 'electron/host/cli.ts', ...address, '--data', dataDir] }
]

/** CPU milliseconds (user + system) used so far by the processes of one process group (Linux /proc). */
function groupCpuMs(group: number): number {
  let ticks = 0
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10 // USER_HZ is 100 on Linux
}

/** Starts the command in a process group of its own; the time and CPU until its first stdout output; then stops it. */
function startOnce(command: string, args: string[]): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.once('data', () => {
      const wallMs = performance.now() - started
      const cpuMs = groupCpuMs(child.pid!)
      child.once('exit', () => resolve({ wallMs, cpuMs }))
      process.kill(-child.pid!, 'SIGTERM')
    })
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`))
    })
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

async function main(): Promise<void> {
  // The first start builds the bundle and creates the data folder: not counted.
  await startOnce(COMMANDS[0]!.command, COMMANDS[0]!.args)
  const results = COMMANDS.map(() => ({ wall: [] as number[], cpu: [] as number[] }))
  for (let run = 0; run < runs; run++) {
    const order = COMMANDS.map((_, i) => i)
    if (run % 2) order.reverse()
    for (const i of order) {
      const { wallMs, cpuMs } = await startOnce(COMMANDS[i]!.command, COMMANDS[i]!.args)
      results[i]!.wall.push(wallMs)
      results[i]!.cpu.push(cpuMs)
    }
  }
  process.stdout.write(`${runs} runs each, interleaved; to the first line on stdout (the address)\n\n`)
  process.stdout.write('| command | median wall | median CPU |\n|---|---|---|\n')
  COMMANDS.forEach(({ label }, i) => {
    process.stdout.write(`| ${label} | ${median(results[i]!.wall).toFixed(0)} ms | ${median(results[i]!.cpu).toFixed(0)} ms |\n`)
  })
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
  .finally(() => rmSync(dataDir, { recursive: true, force: true }))
