import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DEMO_CLIENTS, demoManifestCsv } from './demo'
import { FixtureError } from './fixture'
import { startSandbox, type SandboxOptions } from './index'
import { writeDemoLabels } from './labels'

const USAGE = `usage: npm run sandbox -- [--port N] [--db FILE|:memory:] [--fixture FILE.json] [--seed demo]
                      [--rate-limit N] [--token-ttl SECONDS] [--admin]
                      [--manifest-out FILE.csv] [--labels-out DIR]`

class UsageError extends Error {}

function integer(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`)
  }
  return Number(value)
}

interface CliOptions { sandbox: SandboxOptions; manifestOut?: string; labelsOut?: string }

function parse(argv: string[]): CliOptions | 'help' {
  let values
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        fixture: { type: 'string' },
        seed: { type: 'string' },
        'rate-limit': { type: 'string' },
        'token-ttl': { type: 'string' },
        admin: { type: 'boolean' },
        'manifest-out': { type: 'string' },
        'labels-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }))
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  if (values.help) return 'help'
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError(`--seed: the only seed is "demo", got "${values.seed}"`)
  if (values.seed !== undefined && values.fixture !== undefined) throw new UsageError('give --fixture or --seed demo, not both')
  if ((values['manifest-out'] !== undefined || values['labels-out'] !== undefined) && values.seed !== 'demo') {
    throw new UsageError('--manifest-out and --labels-out describe the demo data: use them with --seed demo')
  }
  const sandbox: SandboxOptions = {
    port: integer('port', values.port, 0, 65535) ?? 0,
    db: values.db ?? ':memory:',
    admin: values.admin ?? false,
    log: (line) => process.stderr.write(`${line}\n`)
  }
  if (values.fixture !== undefined) sandbox.fixture = values.fixture
  if (values.seed === 'demo') sandbox.seed = 'demo'
  const rateLimit = integer('rate-limit', values['rate-limit'], 1)
  if (rateLimit !== undefined) sandbox.rateLimit = rateLimit
  const tokenTtl = integer('token-ttl', values['token-ttl'], 1)
  if (tokenTtl !== undefined) sandbox.tokenTtl = tokenTtl
  const out: CliOptions = { sandbox }
  if (values['manifest-out'] !== undefined) out.manifestOut = values['manifest-out']
  if (values['labels-out'] !== undefined) out.labelsOut = values['labels-out']
  return out
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions | 'help'
  try {
    options = parse(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`sandbox: ${e.message}\n${USAGE}\n`)
    return 2
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  // Listen for signals before the first line goes out, so a parent that signals at once is heard.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'))
    process.once('SIGINT', () => resolve('SIGINT'))
  })
  let running
  try {
    running = await startSandbox(options.sandbox)
  } catch (e) {
    const message = e instanceof FixtureError ? `malformed fixture: ${e.message}` : (e as Error).message
    process.stderr.write(`sandbox: ${message}\n`)
    return e instanceof FixtureError ? 2 : 1
  }
  process.stdout.write(`sandbox listening on ${running.url}\n`)
  if (options.sandbox.seed === 'demo') {
    for (const c of DEMO_CLIENTS) {
      process.stdout.write(`demo client ${c.name}: client_id=${c.client_id} client_secret=${c.client_secret}\n`)
    }
  }
  if (options.manifestOut) {
    writeFileSync(options.manifestOut, demoManifestCsv())
    process.stdout.write(`demo manifest written to ${options.manifestOut}\n`)
  }
  if (options.labelsOut) {
    for (const file of await writeDemoLabels(options.labelsOut)) process.stdout.write(`demo labels written to ${file}\n`)
  }
  const signal = await signalled
  process.stderr.write(`sandbox: ${signal}, stopping\n`)
  await running.stop()
  return 0
}

// A parent that reads only the first line may close our stdout: that must not kill the sandbox.
process.stdout.on('error', () => {})

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (e: unknown) => {
    process.stderr.write(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  }
)
