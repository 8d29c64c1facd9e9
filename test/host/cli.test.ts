// The browser host's command line (npm run web) as a user types it: a real process.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '../..')

it('an empty --data is a usage error (exit 2), never the current folder as the data folder', { timeout: 120_000 }, () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/web.mjs'), '--port', '0', '--data', ''], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 })
  const stray = ['station.sqlite', 'logs', 'builtin-sandbox.sqlite'].filter((f) => fs.existsSync(path.join(ROOT, f)))
  expect(stray).toEqual([])
  expect(run.status).toBe(2)
  expect(run.stderr).toContain('--data needs a folder')
  expect(run.stdout).not.toContain('station listening')
})
