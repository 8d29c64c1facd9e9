// Storage: kill -9 during bursts of enqueues never loses a returned enqueue nor damages the file.
import { spawn } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { ROOT } from '../cli/helpers'
import { budget, recordFigures, sizes } from './support/sizes'
import { sleep, tempDir } from './support/world'

const cleanups = cleanupsAfterEach()

const { kills: KILLS } = sizes().storage
const BURST = path.join(ROOT, 'test/faults/support/enqueueBurst.ts')

/** Runs one burst until `returned` ids were printed (plus a random few ms), then SIGKILL; the ids it printed. */
async function burstKilledAfter(dir: string, returned: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', BURST, dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  cleanups.push(() => void child.kill('SIGKILL'))
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)))
  const ids = () => out.split('\n').slice(0, -1).filter((l) => /^\d+$/.test(l))
  for (let i = 0; i < 3000 && ids().length < returned && child.exitCode === null; i++) await sleep(5)
  await sleep(Math.floor(Math.random() * 15))
  child.kill('SIGKILL')
  const signal = await closed
  expect(signal, `the burst ended by itself: ${err}`).toBe('SIGKILL')
  // Only complete lines: an id is "returned" once its line (and newline) was written.
  return ids().map(Number)
}

describe('storage under kill -9', () => {
  it(`${KILLS} kills during bursts of enqueues: integrity_check ok and every enqueue that returned is there`, { timeout: budget(60_000, KILLS, 10_000) }, async () => {
    const dir = tempDir()
    const returned: number[] = []
    for (let k = 0; k < KILLS; k++) {
      const ids = await burstKilledAfter(dir, 1 + Math.floor(Math.random() * 300))
      returned.push(...ids)
      const db = new Database(path.join(dir, 'station.sqlite'), { readonly: true })
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        const present = new Set((db.prepare('SELECT id FROM outbox').pluck().all() as number[]))
        const queued = new Set((db.prepare("SELECT outbox_id FROM journal WHERE event IN ('queued', 'cancelled')").pluck().all() as number[]))
        const missing = returned.filter((id) => !present.has(id) || !queued.has(id))
        expect(missing, `kill ${k + 1}: returned ids missing from the outbox or the journal`).toEqual([])
      } finally {
        db.close()
      }
    }
    expect(new Set(returned).size).toBe(returned.length)
    expect(returned.length).toBeGreaterThan(KILLS)
    recordFigures('storage-kill', { kills: KILLS, returnedEnqueues: returned.length, missing: 0, integrity: 'ok' })
  })
})
