// The command line as a user runs it: real processes, a real sandbox, a real data folder.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { SECRET_FILE } from '../../electron/core/settings/secretStore'
import { openStation } from '../../electron/core/station'
import { KeyringSecretStore } from '../../electron/main/secretStore'
import { bodyOf, CLIENT_ID, importInput, CLIENT_SECRET, faults, makeWorld, requests, sandbox, tempDir } from '../core/helpers'
import { keyring } from '../main/keyring'
import { cli, ROOT, spawnCli } from './helpers'

const cleanups = cleanupsAfterEach()

async function configured(world = makeWorld(3)) {
  const sb = await sandbox(world)
  cleanups.push(() => sb.stop())
  const dir = tempDir()
  for (const [k, v] of [
    ['api-url', sb.url],
    ['client-id', CLIENT_ID],
    ['operator', 'cli-tester']
  ] as const) {
    const r = await cli(['config', 'set', k, v, '--data', dir])
    expect(r.code).toBe(0)
  }
  // The secret from stdin, so it is never on a command line.
  expect((await cli(['config', 'set', 'client-secret', '-', '--data', dir], {}, CLIENT_SECRET)).code).toBe(0)
  return { world, sb, dir }
}

/** Many imports at once without a process each (the CLI's own import is tested above). */
async function enqueueInProcess(dir: string, cases: { uuid: string; pp: string; pkg: string }[]): Promise<void> {
  const st = openStation({ dataDir: dir })
  st.enqueueImports(cases.map((c) => importInput(c)))
  await st.close()
}

function importArgs(c: { uuid: string; pp: string; pkg: string }, dir: string): string[] {
  return ['import', '--case', c.uuid, '--packaged-product', c.pp, '--package', c.pkg, '--pos-product', 'PRD-1', '--pos-inventory', 'INV-1', '--sku', 'S-1', '--data', dir]
}

describe('station command line', () => {
  it('imports, drains, looks up, exports, with --json giving exactly one document and never the secret', { timeout: 90_000 }, async () => {
    const { world, dir } = await configured()
    const show = await cli(['config', 'show', '--json', '--data', dir])
    expect(show.code).toBe(0)
    const shown = JSON.parse(show.stdout) as { settings: Record<string, unknown> }
    expect(shown.settings['client-secret']).toMatch(/set/)
    for (const c of world.cases) expect((await cli([...importArgs(c, dir), '--json'])).code).toBe(0)
    const q = await cli(['queue', '--json', '--data', dir])
    const qj = JSON.parse(q.stdout) as { counts: Record<string, number>; items: unknown[] }
    expect(qj.counts).toMatchObject({ pending: 3, in_flight: 0, failed: 0, done: 0 })
    expect(qj.items).toHaveLength(3)
    const d = await cli(['drain', '--timeout', '30', '--json', '--data', dir])
    expect(d.code).toBe(0)
    expect(JSON.parse(d.stdout)).toMatchObject({ ok: true, counts: { pending: 0, done: 3 } })
    const l = await cli(['lookup', world.cases[0]!.pkg, '--json', '--data', dir])
    expect(l.code).toBe(0)
    const view = JSON.parse(l.stdout) as { cases: { caseUuid: string; status: string }[] }
    expect(view.cases.filter((c) => c.status === 'Imported').map((c) => c.caseUuid).sort()).toEqual(world.cases.map((c) => c.uuid).sort())
    const out = path.join(dir, 'day.csv')
    const e = await cli(['export', '--date', new Date().toISOString().slice(0, 10), '--tz', 'UTC', '--out', out, '--json', '--data', dir])
    expect(e.code).toBe(0)
    const csv = fs.readFileSync(out, 'utf8').split('\r\n')
    expect(csv[0]).toBe('time,operation,state,operator,station,package_uid,product_name,sku,pos_product_id,pos_inventory_id,case_uuid,packaged_product_uuid,api_message,reason,api')
    expect(csv.filter((x) => x.includes(',import,imported,cli-tester,'))).toHaveLength(3)
    for (const r of [show, q, d, l, e]) {
      expect(() => JSON.parse(r.stdout)).not.toThrow()
      expect(r.stdout + r.stderr).not.toContain(CLIENT_SECRET)
    }
  })

  it('import goes through the guard a scan does: another package named, imported elsewhere, queued already; exit 3, nothing queued', { timeout: 90_000 }, async () => {
    const { world, dir } = await configured()
    const [a, b, c] = world.cases as [{ uuid: string; pp: string; pkg: string }, { uuid: string; pp: string; pkg: string }, { uuid: string; pp: string; pkg: string }]
    const sour = '1A4FF0100000022000000999'
    const manifestFile = path.join(dir, 'manifest.csv')
    fs.writeFileSync(manifestFile, ['package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid', `${sour},PRD-2,INV-2,S-2,Sour Diesel Pre-Roll 5pk,${a.uuid},${a.pp}`].join('\n'))
    expect((await cli(['manifest', 'load', manifestFile, '--data', dir])).code).toBe(0)

    // The manifest lists case a under another package: refused, that package named.
    const wrong = await cli([...importArgs(a, dir), '--json'])
    expect(wrong.code).toBe(3)
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, refused: [{ caseUuid: a.uuid, kind: 'wrong-package', packageUid: sour }] })
    expect(wrong.stderr).toContain(`Wrong package: CaseID ${a.uuid} is not for ${a.pkg}: the manifest lists it under ${sour} (Sour Diesel Pre-Roll 5pk). Nothing queued.`)

    // The cached lookup shows a case imported by another company's dispensary: refused, said so.
    expect((await cli(['lookup', a.pkg, '--data', dir])).code).toBe(0)
    const elsewhere = await cli(importArgs({ uuid: world.otherCase, pp: c.pp, pkg: a.pkg }, dir))
    expect(elsewhere.code).toBe(3)
    expect(elsewhere.stderr).toContain(`Imported elsewhere: CaseID ${world.otherCase} was imported by another company's dispensary`)

    // Queued already by this station: the second import of it is not queued.
    expect((await cli(importArgs(b, dir))).code).toBe(0)
    const again = await cli(importArgs(b, dir))
    expect(again.code).toBe(3)
    expect(again.stderr).toContain(`Already queued or imported: CaseID ${b.uuid}`)

    // A CSV with one refused line queues nothing and names the line.
    const csvFile = path.join(dir, 'imports.csv')
    fs.writeFileSync(csvFile, ['case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku', `${c.uuid},${c.pp},${c.pkg},PRD-1,INV-1,S-1`, `${b.uuid},${b.pp},${b.pkg},PRD-1,INV-1,S-1`].join('\n'))
    const csv = await cli(['import', '--csv', csvFile, '--data', dir])
    expect(csv.code).toBe(3)
    expect(csv.stderr).toContain(`line 3: Already queued or imported: CaseID ${b.uuid}`)
    expect(csv.stderr).toContain('nothing was queued')
    const q = JSON.parse((await cli(['queue', '--json', '--data', dir])).stdout) as { items: { caseUuid: string }[] }
    expect(q.items.map((i) => i.caseUuid)).toEqual([b.uuid])
  })

  it('an empty --data is a usage error, never the current folder; a folder, a device or a huge file as the manifest is refused in words', { timeout: 90_000 }, async () => {
    const empty = await cli(['queue', '--data', ''])
    const strayDatabase = path.join(ROOT, 'station.sqlite')
    const stray = fs.existsSync(strayDatabase)
    for (const f of ['station.sqlite', 'station.sqlite.owner-lock', 'station.sqlite.settings-copy']) fs.rmSync(path.join(ROOT, f), { force: true })
    expect(stray).toBe(false)
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('--data needs a folder')
    const dir = tempDir()
    const folder = await cli(['manifest', 'load', dir, '--data', dir])
    expect(folder.code).toBe(1)
    expect(folder.stderr).toContain('it is a folder')
    const device = await cli(['manifest', 'load', '/dev/zero', '--data', dir])
    expect(device.code).toBe(1)
    expect(device.stderr).toMatch(/larger than 20 MB/)
    const missing = await cli(['import', '--csv', path.join(dir, 'nothing.csv'), '--data', dir])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no such file')
  })

  it('exit 2 with the usage on a usage error, 1 on a failure, and the JSON error document', { timeout: 90_000 }, async () => {
    const dir = tempDir()
    const u = await cli(['import', '--case', 'x', '--data', dir])
    expect(u.code).toBe(2)
    expect(u.stderr).toContain('usage:')
    const u2 = await cli(['nonsense', '--json', '--data', dir])
    expect(u2.code).toBe(2)
    expect(JSON.parse(u2.stdout)).toMatchObject({ ok: false })
    const bad = await cli(['import', '--case', 'not-a-case', '--packaged-product', 'x', '--package', 'P', '--pos-product', 'a', '--pos-inventory', 'b', '--json', '--data', dir])
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout).error).toMatch(/caseUuid must be a 22-character ShortUUID/)
    const r = await cli(['retry', '99', '--data', dir])
    expect(r.code).toBe(1)
    const url = await cli(['config', 'set', 'api-url', 'http://retail.lucidgreen.io', '--data', dir])
    expect(url.code).toBe(1)
    expect(url.stderr).toMatch(/https/)
    const env = await cli(['queue', '--json'], { STATION_DATA_DIR: dir })
    expect(env.code).toBe(0)
    expect(fs.existsSync(path.join(dir, 'station.sqlite'))).toBe(true)
  })

  it('asked-for help goes to stdout with exit 0; usage after a bad argument stays on stderr with exit 2', { timeout: 90_000 }, async () => {
    const dir = tempDir()
    for (const args of [['--help'], ['help'], ['import', '--help']]) {
      const h = await cli([...args, '--data', dir])
      expect({ args, code: h.code }).toEqual({ args, code: 0 })
      expect(h.stdout).toContain('usage:')
      expect(h.stderr).not.toContain('usage:')
    }
    const bad = await cli(['import', '--case', 'x', '--data', dir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('usage:')
    expect(bad.stdout).not.toContain('usage:')
  })

  it('a drain killed mid-way (kill -9) and started again loses nothing and imports nothing twice', { timeout: 90_000 }, async () => {
    const world = makeWorld(24)
    const { sb, dir } = await configured(world)
    await faults(sb.url, { latency_ms: 150 })
    await enqueueInProcess(dir, world.cases)
    const first = spawnCli(['drain', '--data', dir])
    cleanups.push(() => void first.child.kill('SIGKILL'))
    for (let i = 0; i < 200; i++) {
      const n = (await requests(sb.url)).length
      if (n >= 6) break
      await new Promise((r) => setTimeout(r, 50))
    }
    first.child.kill('SIGKILL')
    const killedAt = Date.now()
    const killed = await first.done
    expect(killed.signal).toBe('SIGKILL')
    const db = new Database(path.join(dir, 'station.sqlite'), { readonly: true })
    const mid = db.prepare("SELECT state, count(*) AS n FROM outbox GROUP BY state").all() as { state: string; n: number }[]
    db.close()
    expect(mid.find((m) => m.state === 'pending')?.n ?? 0).toBeGreaterThan(0)
    expect(mid.find((m) => m.state === 'in_flight')?.n ?? 0).toBeGreaterThan(0) // claims of the dead process
    const second = await cli(['drain', '--timeout', '60', '--json', '--data', dir])
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, counts: { done: 24, failed: 0, pending: 0, in_flight: 0 } })
    const after = new Database(path.join(dir, 'station.sqlite'), { readonly: true })
    const takenOver = after.prepare("SELECT count(*) AS n, min(at) AS first FROM journal WHERE event = 'taken_over'").get() as { n: number; first: number }
    after.close()
    expect(takenOver.n).toBeGreaterThan(0)
    // The dead process's claims were taken over within 10 s of its death (lease 8 s, renewed every 2 s).
    expect(takenOver.first - killedAt).toBeLessThan(10_000)
    const log = (await requests(sb.url)).filter((r) => r.path.endsWith('/caseids/import/'))
    for (const c of world.cases) {
      const mine = log.filter((r) => bodyOf(r).case_uuid === c.uuid)
      expect(mine.length).toBeGreaterThanOrEqual(1)
      expect(mine.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1)
    }
  })

  it('two drain processes on one folder send each item once', { timeout: 90_000 }, async () => {
    const world = makeWorld(40)
    const { sb, dir } = await configured(world)
    await faults(sb.url, { latency_ms: 40 })
    await enqueueInProcess(dir, world.cases)
    const [a, b] = await Promise.all([cli(['drain', '--timeout', '60', '--data', dir]), cli(['drain', '--timeout', '60', '--data', dir])])
    expect(a.code).toBe(0)
    expect(b.code).toBe(0)
    const log = (await requests(sb.url)).filter((r) => r.path.endsWith('/caseids/import/'))
    expect(log).toHaveLength(40)
    expect(new Set(log.map((r) => bodyOf(r).case_uuid)).size).toBe(40)
    const db = new Database(path.join(dir, 'station.sqlite'), { readonly: true })
    const workers = db.prepare("SELECT count(DISTINCT detail) AS n FROM journal WHERE event = 'sending'").get() as { n: number }
    db.close()
    expect(workers.n).toBeGreaterThan(0)
  })
})

describe('station command line: files', () => {
  it('import --csv validates every row first: a bad line queues nothing and is named; a good file queues all', { timeout: 90_000 }, async () => {
    const world = makeWorld(3)
    const dir = tempDir()
    const header = 'case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku'
    const good = world.cases.map((c) => `${c.uuid},${c.pp},${c.pkg},PRD-1,INV-1,SKU-1`)
    const badFile = path.join(dir, 'bad.csv')
    fs.writeFileSync(badFile, [header, good[0], 'not-a-case,' + world.cases[1]!.pp + ',PKG,PRD,INV,', good[2]].join('\n'))
    const bad = await cli(['import', '--csv', badFile, '--json', '--data', dir])
    expect(bad.code).toBe(1)
    const doc = JSON.parse(bad.stdout) as { ok: boolean; errors: { line: number; column: string }[] }
    expect(doc.ok).toBe(false)
    expect(doc.errors.map((e) => e.line)).toEqual([3])
    const q0 = JSON.parse((await cli(['queue', '--json', '--data', dir])).stdout) as { counts: { pending: number } }
    expect(q0.counts.pending).toBe(0)
    const goodFile = path.join(dir, 'good.csv')
    fs.writeFileSync(goodFile, [header, ...good].join('\r\n') + '\r\n')
    const ok = await cli(['import', '--csv', goodFile, '--operator', 'Ann', '--json', '--data', dir])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, queued: 3 })
    const q = JSON.parse((await cli(['queue', '--json', '--data', dir])).stdout) as { counts: { pending: number }; items: { operator: string; sku: string }[] }
    expect(q.counts.pending).toBe(3)
    expect(q.items.every((i) => i.operator === 'Ann' && i.sku === 'SKU-1')).toBe(true)
  })

  it('manifest load: errors name line and column and load nothing; a good file adds its packages', { timeout: 90_000 }, async () => {
    const world = makeWorld(2)
    const dir = tempDir()
    const header = 'package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid'
    const pkg = world.cases[0]!.pkg
    const lines = world.cases.map((c) => `${pkg},PRD-1,INV-1,SKU-1,"Blue Dream, 3.5g",${c.uuid},${c.pp}`)
    const badFile = path.join(dir, 'bad.csv')
    fs.writeFileSync(badFile, [header, lines[0], `${pkg},,INV-1,SKU-1,x,${world.cases[1]!.uuid},${world.cases[1]!.pp}`].join('\n'))
    const bad = await cli(['manifest', 'load', badFile, '--json', '--data', dir])
    expect(bad.code).toBe(1)
    expect((JSON.parse(bad.stdout) as { errors: { line: number; column: string }[] }).errors[0]).toMatchObject({ line: 3, column: 'pos_product_id' })
    const goodFile = path.join(dir, 'good.csv')
    fs.writeFileSync(goodFile, [header, ...lines, 'OTHERPKG,PRD-2,INV-2,,Package only,,'].join('\n'))
    const ok = await cli(['manifest', 'load', goodFile, '--json', '--data', dir])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, packages: 2, rows: 3 })
    const show = JSON.parse((await cli(['manifest', 'show', '--json', '--data', dir])).stdout) as { packages: { packageUid: string; expectedCases: number; productName: string }[] }
    expect(show.packages.find((p) => p.packageUid === pkg)).toMatchObject({ expectedCases: 2, productName: 'Blue Dream, 3.5g' })
  })
})

describe('station command line: --json everywhere', () => {
  it('every command, succeeding or failing, puts exactly one JSON document on stdout; queue --json has the documented shape', { timeout: 90_000 }, async () => {
    const world = makeWorld(3)
    const dir = tempDir()
    // Settings written in-process (the CLI's own config set is run below and in the first test).
    await openStation({ dataDir: dir }).close()
    const [c0, c1, c2] = world.cases as [(typeof world.cases)[0], (typeof world.cases)[0], (typeof world.cases)[0]]
    const csv = path.join(dir, 'in.csv')
    fs.writeFileSync(csv, `case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku\n${c1.uuid},${c1.pp},${c1.pkg},P,I,\n`)
    const manifestFile = path.join(dir, 'm.csv')
    fs.writeFileSync(manifestFile, `package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid\n${c0.pkg},P,I,S,Name,${c0.uuid},${c0.pp}\n`)
    const d = ['--json', '--data', dir]
    const commands: { args: string[]; code: number }[] = [
      { args: ['config', 'set', 'station-name', 'dock-9'], code: 0 },
      { args: ['config', 'set', 'rate-limit', 'lots'], code: 1 },
      { args: ['config', 'set', 'colour', 'red'], code: 2 },
      { args: ['help'], code: 0 },
      { args: ['retry', '99'], code: 1 },
      { args: ['retry', '--failed'], code: 0 },
      { args: ['discard', '99'], code: 1 },
      { args: ['manifest', 'load', path.join(dir, 'missing.csv')], code: 1 },
      { args: ['manifest', 'load', manifestFile], code: 0 },
      { args: ['manifest', 'show'], code: 0 },
      { args: ['export', '--date', '2026-13-45'], code: 2 },
      { args: importArgs(c0, dir).slice(0, -2), code: 0 },
      { args: ['import', '--csv', csv], code: 0 },
      { args: ['remove', '--case', c2.uuid, '--package', c2.pkg, '--reason', 'not here'], code: 0 }
    ]
    const runs = await Promise.all(commands.map((c) => cli([...c.args, ...d])))
    runs.forEach((r, i) => {
      const { args, code } = commands[i]!
      expect({ args, code: r.code }).toEqual({ args, code })
      let doc: unknown
      expect(() => (doc = JSON.parse(r.stdout)), `${args.join(' ')}: ${r.stdout}`).not.toThrow()
      expect(typeof doc).toBe('object')
      if (code !== 0) expect(doc).toMatchObject({ ok: false, error: expect.any(String) })
      if (code === 2) expect(r.stderr).toContain('usage:')
    })
    const q = await cli(['queue', ...d])
    expect(q.code).toBe(0)
    const doc = JSON.parse(q.stdout) as { counts: Record<string, number>; items: { state: string; operation: string }[] }
    expect(Object.keys(doc).sort()).toEqual(['counts', 'items'])
    expect(doc.counts).toEqual({ pending: 3, in_flight: 0, failed: 0, done: 0 })
    expect(doc.items.map((i) => `${i.operation} ${i.state}`).sort()).toEqual(['import pending', 'import pending', 'remove pending'])
  })
})

describe('station command line: a change of API with operations not sent', () => {
  it('is refused with the choices named; --keep-queue keeps them waiting for their API, which the queue says', { timeout: 90_000 }, async () => {
    const { world, sb, dir } = await configured()
    expect((await cli(importArgs(world.cases[0]!, dir))).code).toBe(0)
    const other = 'https://retail-test.lucidgreen.io'
    const refused = await cli(['config', 'set', 'api-url', other, '--json', '--data', dir])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`1 operation not sent yet to ${sb.url}; they are never sent to LucidRetail test.`)
    expect(refused.stderr).toContain('--keep-queue')
    expect(refused.stderr).toContain('--discard-queue "REASON"')
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, unsent: 1, from: sb.url, to: 'LucidRetail test' })
    expect((await cli(['config', 'set', 'api-url', other, '--keep-queue', '--discard-queue', 'x', '--data', dir])).code).toBe(2)
    expect(JSON.parse((await cli(['config', 'show', '--json', '--data', dir])).stdout)).toMatchObject({ settings: { 'api-url': sb.url } })

    expect((await cli(['config', 'set', 'api-url', other, '--keep-queue', '--data', dir])).code).toBe(0)
    const q = await cli(['queue', '--data', dir])
    expect(q.stdout).toContain(`for ${sb.url} (waiting for its API, ${sb.url}: sent when the station points at it again)`)
  })
})

describe('station command line: footprint', () => {
  it('writes nothing outside its data folder (no cache in the temp folder or the home folder)', { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const tmp = tempDir('station-tmp-')
    const home = tempDir('station-home-')
    const r = await cli(['config', 'set', 'operator', 'Ann', '--data', dir], { TMPDIR: tmp, TEMP: tmp, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') })
    expect(r.code).toBe(0)
    expect(fs.readdirSync(tmp)).toEqual([])
    expect(fs.readdirSync(home)).toEqual([])
    expect(fs.readdirSync(dir)).toContain('station.sqlite')
  })
})

describe('station command line: a secret the desktop app keeps in the OS keyring', () => {
  it('config show says it is set and protected; a command needing the API fails saying to set it here; set here, the app takes it over', { timeout: 90_000 }, async () => {
    const { world, dir } = await configured()
    const plain = path.join(dir, SECRET_FILE)
    const ring = keyring()
    // The desktop app's first read moves the secret the command line set into its encrypted file.
    const desktop = openStation({ dataDir: dir, secretStore: new KeyringSecretStore(dir, ring) })
    expect(desktop.getSettings().hasClientSecret).toBe(true)
    await desktop.close()
    expect(fs.existsSync(plain)).toBe(false)

    const show = await cli(['config', 'show', '--json', '--data', dir])
    expect(show.code).toBe(0)
    expect((JSON.parse(show.stdout) as { settings: Record<string, unknown> }).settings['client-secret']).toBe("******** (set, protected by the desktop app's keyring)")
    const text = await cli(['config', 'show', '--data', dir])
    expect(text.stdout).toMatch(/client-secret +\*+ \(set, protected by the desktop app's keyring\)/)
    for (const args of [['lookup', world.cases[0]!.pkg], ['drain', '--timeout', '30']]) {
      const r = await cli([...args, '--data', dir])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/cannot reach the API: the client secret is protected by the desktop app's keyring.*config set client-secret/)
    }

    expect((await cli(['config', 'set', 'client-secret', '-', '--data', dir], {}, CLIENT_SECRET)).code).toBe(0)
    expect(fs.statSync(plain).mode & 0o777).toBe(0o600)
    expect((await cli(['config', 'show', '--data', dir])).stdout).toMatch(/client-secret +\*+ \(set\)\n/)
    const l = await cli(['lookup', world.cases[0]!.pkg, '--data', dir])
    expect(l.code).toBe(0)
    expect(l.stdout + l.stderr + text.stdout + text.stderr).not.toContain(CLIENT_SECRET)

    const again = openStation({ dataDir: dir, secretStore: new KeyringSecretStore(dir, ring) })
    expect((await again.lookup(world.cases[0]!.pkg)).error).toBeNull()
    await again.close()
    expect(fs.existsSync(plain)).toBe(false)
  })
})
