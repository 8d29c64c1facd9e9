// `npm run station -- <command> [options] --data DIR`: the station's command line, over the same core
// as the app. Exit codes: 0 success, 1 failure, 2 usage error (usage printed), 3 refused by the
// station's guard (`import` of a case it knows belongs elsewhere or is imported already, `remove` from a package
// it did not import the case into: nothing queued).
import { Args, parseArgs, UsageError } from './args'
import { CommandFailure, makeContext } from './context'
import { config } from './commands/config'
import { discard } from './commands/discard'
import { drain } from './commands/drain'
import { exportCommand } from './commands/exportCmd'
import { importCommand } from './commands/importCmd'
import { lookup } from './commands/lookup'
import { manifest } from './commands/manifest'
import { queue } from './commands/queue'
import { reconcileCommand } from './commands/reconcile'
import { remove } from './commands/remove'
import { retry } from './commands/retry'
import type { Command } from './commands/types'
import { defaultDataDir, restrictNewFiles } from '../core/dataDir'

export const COMMANDS: Command[] = [config, lookup, importCommand, remove, queue, drain, retry, discard, manifest, exportCommand, reconcileCommand]

export function usage(only?: Command): string {
  const list = only ? [only] : COMMANDS
  const lines = ['usage: npm run station -- <command> [options] [--data DIR] [--json]', '']
  for (const c of list) {
    for (const u of c.usage) lines.push(`  ${u}`)
    lines.push(`      ${c.summary}`)
  }
  lines.push('', 'The data folder is --data DIR, else $STATION_DATA_DIR, else the app\'s default folder.', '--json: stdout holds exactly one JSON document; logs go to stderr.')
  return lines.join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  const current: { command?: Command } = {}
  const fail = (code: number, message: string, data?: unknown): number => {
    if (json) emitRaw({ ok: false, error: message, ...(data && typeof data === 'object' ? data : {}) })
    process.stderr.write(`error: ${message}\n`)
    if (code === 2) process.stderr.write(`\n${usage(current.command)}\n`)
    return code
  }
  let parsed
  try {
    parsed = parseArgs(argv)
  } catch (err) {
    return fail(2, (err as Error).message)
  }
  const [name, ...rest] = parsed.positionals
  // Asked-for help is the answer: on stdout (so `| less` shows it), or as the one JSON document with --json.
  const help = (only?: Command): number => {
    if (json) emitRaw({ ok: true, usage: usage(only) })
    else process.stdout.write(`${usage(only)}\n`)
    return 0
  }
  if (name === 'help' || (!name && parsed.flags.has('help'))) return help()
  const command = COMMANDS.find((c) => c.name === name)
  current.command = command
  if (!command) return fail(2, name ? `unknown command ${JSON.stringify(name)}` : 'no command given')
  if (parsed.flags.has('help')) return help(command)
  const args = new Args({ positionals: rest, flags: parsed.flags })
  const dataFlag = parsed.flags.get('data')
  // An empty value would be the current folder (the project, a home folder): never a data folder by accident.
  if (dataFlag === true || dataFlag?.trim() === '') return fail(2, '--data needs a folder')
  const dataDir = dataFlag ?? defaultDataDir()
  const { ctx, cleanup } = makeContext(args, dataDir, json)
  try {
    return await command.run(ctx)
  } catch (err) {
    if (err instanceof UsageError) return fail(2, err.message)
    if (err instanceof CommandFailure) return fail(1, err.message, err.data)
    const e = err as Error
    return fail(1, e.message || String(err))
  } finally {
    try {
      await cleanup()
    } catch (err) {
      process.stderr.write(`[warn] closing: ${(err as Error).message}\n`)
    }
  }
}

function emitRaw(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

const isMain = process.argv[1] !== undefined && /electron[\\/]cli[\\/]main\.ts$/.test(process.argv[1])
if (isMain) {
  restrictNewFiles()
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (err) => {
      process.stderr.write(`error: ${(err as Error).message}\n`)
      process.exitCode = 1
    }
  )
}
