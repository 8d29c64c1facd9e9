// The promises a script may rely on, through npm as the README says to call it (`npm run -s`):
// npm's own banner off stdout, the station's first stdout line its address, --json one document.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from './helpers'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'npm-run-'))
  folders.push(dir)
  return dir
}

describe('npm run -s', () => {
  it('station -- config show --json: stdout is exactly one JSON document', { timeout: 60_000 }, () => {
    const result = spawnSync('npm', ['run', '-s', 'station', '--', 'config', 'show', '--json', '--data', join(folder(), 'data')], { cwd: ROOT, encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout.startsWith('{')).toBe(true) // no banner before it
    const document = JSON.parse(result.stdout) as { settings?: { 'client-secret'?: unknown } }
    expect(document.settings?.['client-secret']).toBe('(not set)')
  })

  it("web: the first stdout line is the station's address", { timeout: 60_000 }, async () => {
    const renderer = folder()
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>stand-in</title>')
    const child = spawn('npm', ['run', '-s', 'web', '--', '--port', '0', '--data', join(folder(), 'data')], {
      cwd: ROOT,
      env: { ...process.env, STATION_RENDERER_DIR: renderer },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve)
        child.once('exit', (code) => reject(new Error(`npm run -s web exited with ${code}: ${stderr}`)))
      })
      expect(firstLine).toMatch(/^station listening on http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/)
      const answer = await fetch(firstLine.replace('station listening on ', ''))
      expect(answer.status).toBe(200)
    } finally {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
      await exited
    }
  })
})
