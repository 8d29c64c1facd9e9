// Storage faults as an operator meets them, through the real processes: a full disk stops scanning
// in the browser host with a clear message instead of "queued"; a read-only database refuses the
// command line's import and still shows the queue; a damaged database is reported at start by the
// command line and the browser host, and kept aside. (The facade itself: test/core/storage.test.ts.)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { parseManifestCsv } from '../../electron/core/manifest/parse'
import { openStation } from '../../electron/core/station'
import { cli } from '../cli/helpers'
import { recordFigures } from './support/sizes'
import { startHostProcess } from './support/host'
import { configuredFaultWorld, importInput, makeFaultWorld, tempDir, type FaultWorld } from './support/world'

const cleanups = cleanupsAfterEach()

const DISK_FULL = /^The station cannot save scans: the disk is full/
const READ_ONLY = /read-only/

function manifestCsv(w: FaultWorld): string {
  return ['package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid', ...w.cases.map((c) => `${c.pkg},P1,I1,S1,Disk test,${c.uuid},${c.pp}`)].join('\n')
}

function dbFile(dir: string): string {
  return path.join(dir, 'station.sqlite')
}

function outboxIds(dir: string): { ids: number[]; integrity: string } {
  const db = new Database(dbFile(dir), { readonly: true })
  try {
    return { ids: db.prepare('SELECT id FROM outbox ORDER BY id').pluck().all() as number[], integrity: String(db.pragma('integrity_check', { simple: true })) }
  } finally {
    db.close()
  }
}

describe('storage faults through the real processes', () => {
  it('a full disk: the browser host answers scans with the disk-full message, never "queued", and keeps every scan it did queue', { timeout: 120_000 }, async () => {
    const { world, dir } = await configuredFaultWorld(cleanups, 400, { perPackage: 400, sandboxRateLimit: 100_000 })
    const st = openStation({ dataDir: dir })
    const parsed = parseManifestCsv(manifestCsv(world))
    if (!parsed.ok) throw new Error('manifest')
    st.loadManifest(parsed.rows)
    await st.close()
    const db = new Database(dbFile(dir), { readonly: true })
    const pages = Number(db.pragma('page_count', { simple: true }))
    db.close()

    const host = await startHostProcess(dir, { STATION_DB_MAX_PAGE_COUNT: String(pages + 4) })
    cleanups.push(() => host.stop())
    const queued: number[] = []
    let refusal: string | null = null
    let scans = 0
    for (const c of world.cases) {
      scans++
      const a = await host.bridge<{ kind: string; message: string; items: { id: number }[] }>('submitScan', { text: `https://qr.lcdg.io/case/${c.uuid}`, source: 'wedge', activePackageUid: c.pkg })
      if (a.ok && a.value.kind === 'queued') {
        queued.push(...a.value.items.map((i) => i.id))
        continue
      }
      refusal = a.ok ? a.value.message : a.error.message
      expect(a.ok ? a.value.kind : a.error.code).toMatch(/refused/)
      break
    }
    expect(refusal, 'the cap never filled').toMatch(DISK_FULL)
    expect(queued.length).toBeGreaterThan(0)
    // Scanning goes on refusing, clearly, while the disk stays full; the host stays up and readable.
    const next = world.cases[scans]!
    const again = await host.bridge<{ kind: string; message: string }>('submitScan', { text: `https://qr.lcdg.io/case/${next.uuid}`, source: 'wedge', activePackageUid: next.pkg })
    expect(again.ok ? again.value.message : again.error.message).toMatch(DISK_FULL)
    expect((await host.bridge('getQueue')).ok).toBe(true)
    await host.stop()

    const after = outboxIds(dir)
    expect(after.integrity).toBe('ok')
    expect(after.ids).toEqual(queued)
    // Space back: the same scan queues.
    const roomy = await startHostProcess(dir)
    cleanups.push(() => roomy.stop())
    const refused = world.cases[scans - 1]!
    const retried = await roomy.bridge<{ kind: string }>('submitScan', { text: `https://qr.lcdg.io/case/${refused.uuid}`, source: 'wedge', activePackageUid: refused.pkg })
    expect(retried).toMatchObject({ ok: true, value: { kind: 'queued' } })
    recordFigures('storage-full-disk', { queuedBeforeFull: queued.length, refusedWith: refusal, lost: 0 })
  })

  it('a read-only database: the command line refuses the import with a clear message and still shows the queue', { timeout: 60_000 }, async () => {
    const world = makeFaultWorld(2)
    const dir = tempDir()
    const st = openStation({ dataDir: dir })
    const kept = st.enqueueImport(importInput(world.cases[0]!))
    await st.close()
    const file = dbFile(dir)
    if (process.getuid?.() === 0) {
      execFileSync('chattr', ['+i', file]) // root ignores file modes
      cleanups.push(() => void execFileSync('chattr', ['-i', file]))
    } else {
      fs.chmodSync(file, 0o444)
      cleanups.push(() => fs.chmodSync(file, 0o644))
    }
    const c = world.cases[1]!
    const imp = await cli(['import', '--case', c.uuid, '--packaged-product', c.pp, '--package', c.pkg, '--pos-product', 'P', '--pos-inventory', 'I', '--json', '--data', dir])
    expect(imp.code).toBe(1)
    const doc = JSON.parse(imp.stdout) as { ok: boolean; error: string }
    expect(doc.ok).toBe(false)
    expect(doc.error).toMatch(READ_ONLY)
    expect(imp.stdout + imp.stderr).not.toMatch(/queued import/)
    const q = await cli(['queue', '--json', '--data', dir])
    expect(q.code).toBe(0)
    const queue = JSON.parse(q.stdout) as { counts: { pending: number }; items: { id: number }[] }
    expect(queue.counts.pending).toBe(1)
    expect(queue.items.map((i) => i.id)).toEqual([kept.id])
    recordFigures('storage-read-only', { refusedWith: doc.error })
  })

  it('a damaged database: reported at start by the command line and the browser host, kept aside, a new one started', { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const garbage = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + 13) % 256))
    fs.writeFileSync(dbFile(dir), garbage)
    const q = await cli(['queue', '--json', '--data', dir])
    expect(q.code).toBe(0)
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('station.sqlite.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(fs.readFileSync(path.join(dir, kept[0]!)).equals(garbage)).toBe(true)
    expect(q.stderr).toMatch(/damaged/)
    expect(q.stderr).toContain(kept[0]!)
    expect(JSON.parse(q.stdout)).toMatchObject({ counts: { pending: 0 } })
    expect(outboxIds(dir).integrity).toBe('ok')

    // The host started next still tells the operator (until dismissed).
    const host = await startHostProcess(dir)
    cleanups.push(() => host.stop())
    const notices = await host.bridge<{ notices: { kind: string; file: string; message: string }[] }>('getNotices')
    expect(notices.ok).toBe(true)
    if (!notices.ok) return
    expect(notices.value.notices).toHaveLength(1)
    expect(notices.value.notices[0]).toMatchObject({ kind: 'database_replaced' })
    expect(notices.value.notices[0]!.message).toContain(kept[0]!)
    recordFigures('storage-corrupt', { keptAside: kept[0], reportedBy: ['command line', 'browser host'] })
  })
})
