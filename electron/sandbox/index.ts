import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { demoFixture, DEMO_CLIENT } from './demo'
import { loadFixture, type SandboxFixture } from './fixture'
import { SandboxServer } from './server'
import { Store } from './store'

export type { SandboxFixture, FixtureCase, FixtureClient, FixtureCompany, FixtureDispensary, FixtureImport } from './fixture'
export { FixtureError, validateFixture } from './fixture'
export { DEMO_CLIENT, DEMO_CLIENTS, DEMO_SECOND_STATION_CLIENT, demoFixture, demoManifestCsv, demoManifestRows, MANIFEST_COLUMNS } from './demo'
export { isShortUuid, randomShortUuid } from './shortuuid'
export type { Faults } from './faults'
export type { LoggedRequest } from './requestLog'

export interface SandboxOptions {
  /** Default 0: a free port. */
  port?: number
  /** A file path or ':memory:' (default). */
  db?: string
  /** An object or the path of a JSON file; applied only to an empty database. */
  fixture?: SandboxFixture | string
  seed?: 'demo'
  /** Requests per minute per client over /api/ (default 1000). */
  rateLimit?: number
  /** Token lifetime in seconds (default 36000). */
  tokenTtl?: number
  /** Enables the /__sandbox/* test controls (404 without). */
  admin?: boolean
  log?: (line: string) => void
}

export interface RunningSandbox {
  url: string
  port: number
  stop(): Promise<void>
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`sandbox: ${name} must be a positive integer, got ${value}`)
  return value
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`sandbox: port must be 0-65535, got ${port}`)
  const rateLimit = positiveInteger('rateLimit', options.rateLimit ?? 1000)
  const tokenTtl = positiveInteger('tokenTtl', options.tokenTtl ?? 36000)
  if (options.fixture !== undefined && options.seed !== undefined) throw new Error('sandbox: give a fixture or a seed, not both')
  if (options.seed !== undefined && options.seed !== 'demo') throw new Error(`sandbox: unknown seed "${String(options.seed)}"`)
  // Validate before opening the database, so a bad fixture leaves no file behind.
  const fixture = options.fixture !== undefined ? loadFixture(options.fixture) : options.seed === 'demo' ? demoFixture() : undefined

  const store = new Store(options.db ?? ':memory:')
  try {
    if (fixture) store.seedIfEmpty(fixture)
    const server = new SandboxServer({ store, rateLimit, tokenTtl, admin: options.admin ?? false, log: options.log ?? (() => {}) })
    const actual = await server.listen(port)
    let stopping: Promise<void> | null = null
    return {
      url: `http://127.0.0.1:${actual}`,
      port: actual,
      stop: () => (stopping ??= server.stop().then(() => store.close()))
    }
  } catch (e) {
    store.close()
    throw e
  }
}

/** The "built-in sandbox": the demo seed in `<dataDir>/builtin-sandbox.sqlite`, with the station's credentials. */
export async function startBuiltinSandbox(dataDir: string): Promise<RunningSandbox & { clientId: string; clientSecret: string }> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const db = join(dataDir, 'builtin-sandbox.sqlite')
  const running = await startSandbox({ port: 0, db, seed: 'demo' })
  ownerOnly(db)
  return { ...running, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret }
}

/** The database and its -wal and -shm for the station's user only (the station's data folder is). */
function ownerOnly(db: string): void {
  if (process.platform === 'win32') return
  for (const file of [db, `${db}-wal`, `${db}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, 0o600)
    } catch {
      // not ours to change: the folder around it is owner-only
    }
  }
}
