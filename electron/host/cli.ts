// `npm run web -- [--port N] [--data DIR]`: the station in the browser host.
// Its first stdout line is the address to open; everything else goes to stderr.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultDataDir, restrictNewFiles } from '../core/dataDir'
import { startStationRuntime } from '../service/runtime'
import { startHost } from './server'

const USAGE = 'usage: npm run web -- [--port N] [--data DIR]\n  --port N    port on 127.0.0.1 (0 picks a free one; default 5177)\n  --data DIR  the station\'s data folder (default: the OS app-data folder for caseid-station)'
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

function parseOptions(): { port: number; dataDir: string } {
  try {
    const { values } = parseArgs({ options: { port: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } }, strict: true })
    if (values.help) {
      process.stdout.write(`${USAGE}\n`)
      process.exit(0)
    }
    // An empty value would be the current folder (the project): never a data folder by accident.
    if (values.data?.trim() === '') throw new Error('--data needs a folder')
    const port = values.port === undefined ? 5177 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(values.port)}`)
    return { port, dataDir: resolve(values.data ?? defaultDataDir()) }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    process.exit(2)
  }
}

/** Builds the renderer once when no build exists; never while serving. */
function ensureRendererBuilt(rendererDir: string): void {
  if (existsSync(join(rendererDir, 'index.html'))) return
  process.stderr.write('No build of the station page yet: building it once (npm run build)...\n')
  const result = spawnSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: projectRoot,
    stdio: ['ignore', process.stderr, process.stderr]
  })
  if (result.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write('The build failed; see the messages above.\n')
    process.exit(1)
  }
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version?: unknown }
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0'
}

async function main(): Promise<void> {
  restrictNewFiles()
  const { port, dataDir } = parseOptions()
  // STATION_RENDERER_DIR: a build elsewhere (`electron-vite build --outDir DIR` → DIR/renderer), for tests.
  const customRenderer = process.env.STATION_RENDERER_DIR
  const rendererDir = customRenderer ? customRenderer : join(projectRoot, 'out/renderer')
  if (!customRenderer) ensureRendererBuilt(rendererDir)
  const runtime = await startStationRuntime({ dataDir, host: 'browser', version: packageVersion() })
  const host = await startHost({ port, rendererDir, dispatch: runtime.dispatch, subscribe: runtime.subscribe })
  process.stdout.write(`station listening on ${host.url}\n`)
  process.stderr.write(`data folder: ${dataDir}\n`)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await host.stop()
    await runtime.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  process.stderr.write(`The station could not start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
