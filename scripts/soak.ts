// `npm run soak -- [--size full|quick|FRACTION] [--only SUITES] [--renderer DIR]`
// Runs the fault suites at full size (issue 8: 50 kills / 500 imports, a 300-operation outage, a
// 1,000-item fault mix, 50 kills during enqueue bursts, fuzz, a flood of 600 unauthenticated 1 MB posts, security), then prints the figures each
// suite recorded as the table docs/RELIABILITY.md quotes. Exit 0 only when every suite passed.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

interface Suite {
  name: string
  runner: 'vitest' | 'playwright'
  files: string[]
  command: string
}

const SUITES: Suite[] = [
  { name: 'crash', runner: 'vitest', files: ['test/faults/crash.test.ts'], command: 'npm run soak -- --only crash' },
  { name: 'mix', runner: 'vitest', files: ['test/faults/faultMix.test.ts'], command: 'npm run soak -- --only mix' },
  { name: 'storage', runner: 'vitest', files: ['test/faults/storage.test.ts', 'test/faults/storageSurfaces.test.ts'], command: 'npm run soak -- --only storage' },
  { name: 'damage', runner: 'vitest', files: ['test/faults/splitBrain.test.ts', 'test/faults/settingsKept.test.ts'], command: 'npm run soak -- --only damage' },
  { name: 'fuzz', runner: 'vitest', files: ['test/faults/bridgeFuzz.test.ts', 'test/faults/sandboxFuzz.test.ts', 'test/core/scan/parse.std.test.ts', 'test/renderer/scan/wedge.std.test.ts'], command: 'npm run soak -- --only fuzz' },
  { name: 'flood', runner: 'vitest', files: ['test/faults/flood.test.ts'], command: 'npm run soak -- --only flood' },
  { name: 'electron', runner: 'vitest', files: ['test/faults/electronRules.test.ts', 'test/main/security.test.ts'], command: 'npm run soak -- --only electron' },
  { name: 'outage', runner: 'playwright', files: ['test/e2e/outage.e2e.ts'], command: 'npm run soak -- --only outage' },
  { name: 'security', runner: 'playwright', files: ['test/e2e/security.e2e.ts'], command: 'npm run soak -- --only security' }
]

const USAGE = 'usage: npm run soak -- [--size full|quick|FRACTION] [--only crash,mix,storage,damage,fuzz,flood,electron,outage,security] [--renderer DIR]'

function options(): { size: string; only: Set<string>; renderer: string | null } {
  try {
    const { values } = parseArgs({ options: { size: { type: 'string' }, only: { type: 'string' }, renderer: { type: 'string' }, help: { type: 'boolean' } }, strict: true })
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    }
    const size = values.size ?? 'full'
    if (!['full', 'quick'].includes(size) && !(Number(size) > 0)) throw new Error(`--size must be full, quick or a fraction such as 0.2, not ${JSON.stringify(size)}`)
    const only = new Set((values.only ?? SUITES.map((s) => s.name).join(',')).split(',').map((s) => s.trim()))
    for (const name of only) if (!SUITES.some((s) => s.name === name)) throw new Error(`unknown suite ${JSON.stringify(name)}`)
    return { size, only, renderer: values.renderer ?? null }
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
}

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    // Own process group, so an interrupted soak stops everything it started.
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit', detached: true })
    const stop = () => child.pid !== undefined && process.kill(-child.pid, 'SIGTERM')
    process.once('SIGINT', stop)
    child.on('close', (code) => {
      process.off('SIGINT', stop)
      resolve(code ?? 1)
    })
  })
}

function cell(v: unknown): string {
  if (v !== null && typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`).join(', ')
  return String(v)
}

async function main(): Promise<void> {
  const { size, only, renderer } = options()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'station-soak-'))
  const figuresFile = path.join(work, 'figures.jsonl')
  const env = { FAULTS_SIZE: size, FAULTS_FIGURES: figuresFile }
  const chosen = SUITES.filter((s) => only.has(s.name))
  const results: { suite: Suite; code: number; seconds: number }[] = []
  const figuresFromTitles: { suite: string; title: string }[] = []
  const started = Date.now()

  const unit = chosen.filter((s) => s.runner === 'vitest')
  if (unit.length > 0) {
    const t = Date.now()
    // The fault mix mostly waits out backoff: let it overlap the CPU-heavy suites.
    const report = path.join(work, 'vitest.json')
    const code = await run('npx', ['vitest', 'run', '--maxWorkers', '3', '--reporter', 'default', '--reporter', 'json', '--outputFile.json', report, ...unit.flatMap((s) => s.files)], env)
    const files = fs.existsSync(report) ? vitestFiles(report) : new Map<string, { passed: boolean; titles: string[] }>()
    for (const s of unit) {
      const mine = s.files.map((f) => files.get(path.join(ROOT, f)))
      const passed = code === 0 || mine.every((m) => m?.passed === true)
      results.push({ suite: s, code: passed ? 0 : 1, seconds: (Date.now() - t) / 1000 })
      // Suites that are not ours record no figures: quote the titles of their fuzz tests.
      for (const m of mine) for (const title of m?.titles ?? []) figuresFromTitles.push({ suite: `${s.name}-title`, title })
    }
  }
  const browser = chosen.filter((s) => s.runner === 'playwright')
  if (browser.length > 0) {
    let rendererDir = renderer
    if (!rendererDir) {
      const out = path.join(work, 'out')
      const built = await run('npx', ['electron-vite', 'build', '--outDir', out, '--logLevel', 'warn'], {})
      if (built !== 0) throw new Error('the page did not build')
      rendererDir = path.join(out, 'renderer')
    }
    for (const s of browser) {
      const t = Date.now()
      const code = await run('npx', ['playwright', 'test', ...s.files], { ...env, STATION_RENDERER_DIR: rendererDir })
      results.push({ suite: s, code, seconds: (Date.now() - t) / 1000 })
    }
  }

  const figures = fs.existsSync(figuresFile)
    ? fs.readFileSync(figuresFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
    : []
  const lines = [
    '',
    `Soak run ${new Date(started).toISOString()} (size ${size}, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}), ${Math.round((Date.now() - started) / 1000)} s`,
    '',
    '| suite | passed | figures | reproduce |',
    '| --- | --- | --- | --- |'
  ]
  for (const r of results) {
    const mine = figures.filter((f) => suiteOf(String(f.suite)) === r.suite.name)
    const text = mine.map((f) => {
      const { suite, at: _at, size: _size, ...rest } = f
      return `**${String(suite)}**: ${cell(rest)}`
    })
    for (const f of figuresFromTitles) if (f.suite === `${r.suite.name}-title`) text.push(f.title)
    lines.push(`| ${r.suite.name} | ${r.code === 0 ? 'yes' : 'NO'} | ${text.join('<br>') || '-'} | \`${r.suite.command}${size === 'full' ? '' : ` --size ${size}`}\` |`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  fs.rmSync(work, { recursive: true, force: true })
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1
}

/** Per test file of a vitest JSON report: passed, and the titles of its passed fuzz tests from other suites. */
function vitestFiles(report: string): Map<string, { passed: boolean; titles: string[] }> {
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as { testResults: { name: string; status: string; assertionResults: { title: string; status: string }[] }[] }
  return new Map(
    json.testResults.map((f) => [
      f.name,
      {
        passed: f.status === 'passed',
        titles: f.name.includes('/test/faults/') ? [] : f.assertionResults.filter((a) => a.status === 'passed' && /fuzz|\d,\d{3} (runs|generated)/i.test(a.title)).map((a) => a.title)
      }
    ])
  )
}

/** Which soak suite a recorded figure line belongs to. */
function suiteOf(recorded: string): string {
  if (recorded === 'backoff') return 'mix'
  if (recorded.startsWith('storage')) return 'storage'
  if (recorded.endsWith('fuzz')) return 'fuzz'
  if (recorded === 'electron-rules') return 'electron'
  return recorded
}

main().catch((err: unknown) => {
  process.stderr.write(`soak: ${(err as Error).message}\n`)
  process.exitCode = 1
})
