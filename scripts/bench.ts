// `npm run bench [-- SECTION... [--flag value ...]]`: runs the benchmark sections, each in its own
// child process (so one section's memory and timers do not colour the next), and prints their tables.
// Sections: outbox (scripts/bench-outbox.ts), flaky (bench-flaky.ts), decode (bench-decode.ts), review (bench-review.ts), reconcile (bench-reconcile.ts), startup (bench-startup.ts).
// No section named: all of them, with their defaults. Arguments after a section's name go to that
// section (`npm run bench -- outbox --items 200 decode`). A missing script is skipped with a note. Figures go in docs/BENCHMARKS.md by hand, with the machine line printed here.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SECTIONS = ['outbox', 'flaky', 'decode', 'review', 'reconcile', 'startup'] as const
type Section = (typeof SECTIONS)[number]

function isSection(s: string): s is Section {
  return (SECTIONS as readonly string[]).includes(s)
}

function usage(): string {
  return `usage: npm run bench [-- SECTION [its arguments] ...]   sections: ${SECTIONS.join(', ')} (none named: all)`
}

function runSection(section: Section, args: string[]): Promise<number> {
  const script = path.join(ROOT, 'scripts', `bench-${section}.ts`)
  if (!fs.existsSync(script)) {
    process.stdout.write(`\n## ${section}\n(skipped: scripts/bench-${section}.ts does not exist yet)\n`)
    return Promise.resolve(0)
  }
  process.stdout.write(`\n## ${section}\n`)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit' })
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.once('SIGINT', forward)
    process.once('SIGTERM', forward)
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`)
    return 0
  }
  const chosen: { section: Section; args: string[] }[] = []
  for (const token of argv) {
    if (isSection(token)) chosen.push({ section: token, args: [] })
    else if (chosen.length > 0) chosen[chosen.length - 1]!.args.push(token)
    else {
      process.stderr.write(`${JSON.stringify(token)} is not a section: name the section before its arguments\n${usage()}\n`)
      return 2
    }
  }
  const cpus = os.cpus()
  process.stdout.write(
    `machine: ${cpus[0]?.model ?? '?'} ×${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()} ${os.arch()}, node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`
  )
  const results: { section: Section; code: number }[] = []
  const runs = chosen.length > 0 ? chosen : SECTIONS.map((section) => ({ section, args: [] }))
  for (const { section, args } of runs) results.push({ section, code: await runSection(section, args) })
  const failed = results.filter((r) => r.code !== 0)
  process.stdout.write(`\n${results.map((r) => `${r.section}: ${r.code === 0 ? 'ok' : `failed (exit ${r.code})`}`).join(', ')}\n`)
  return failed.length > 0 ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  }
)
