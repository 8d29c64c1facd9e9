import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'

const runtimeInstalled = existsSync('node_modules/electron/path.txt')

/** A port on 127.0.0.1 that nothing listens on: the mirror that never answers. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('npm start without the Electron runtime', () => {
  it.skipIf(runtimeInstalled)('tries to fetch it, then says what failed and what to do, on stderr, exiting non-zero', { timeout: 60_000 }, async () => {
    const mirror = `http://127.0.0.1:${await closedPort()}/`
    const result = spawnSync(process.execPath, ['scripts/start-desktop.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_MIRROR: mirror, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', electron_config_cache: 'node_modules/.cache/electron-test' },
      timeout: 55_000
    })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('fetching it once')
    expect(result.stderr).toContain('ECONNREFUSED')
    expect(result.stderr).toContain('the Electron runtime could not be fetched')
    expect(result.stderr).toContain('ELECTRON_MIRROR')
    expect(result.stderr).toContain('npm run web')
    expect(existsSync('node_modules/electron/path.txt')).toBe(false)
  })
})
