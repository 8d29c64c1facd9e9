// `npm run station -- reconcile` and `export --reconciled` as a manager runs them: real processes, a
// real sandbox, a data folder configured and worked in by the core.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { importInput, station, tempDir, worldOnSandbox } from '../core/helpers'
import { RECONCILED_COLUMNS } from '../../electron/core/reconcile/csv.std'
import { cli } from './helpers'

const cleanups = cleanupsAfterEach()

describe('station command line: reconcile', () => {
  it('reconcile --json says what LucidRetail has for every case of the day; export --reconciled writes the same as CSV, offline', { timeout: 90_000 }, async () => {
    const { world, sb } = await worldOnSandbox(cleanups, 3)
    const dir = tempDir()
    const st = station(dir, sb.url)
    const pkg = world.cases[0]!.pkg
    st.loadManifest(
      [...world.cases.map((c) => ({ uuid: c.uuid, pp: c.pp })), { uuid: world.otherCase, pp: world.otherCase }].map((c, i) => ({
        line: i + 2, packageUid: pkg, posProductId: 'POS-P-1', posInventoryId: 'POS-I-1', sku: '', productName: 'Test Flower', caseUuid: c.uuid, packagedProductUuid: c.pp
      }))
    )
    st.enqueueImport(importInput(world.cases[0]!))
    expect(await st.drain({ timeoutMs: 20_000 })).toBe(true)
    await st.close()

    const date = new Date().toISOString().slice(0, 10)
    const r = await cli(['reconcile', '--date', date, '--tz', 'UTC', '--json', '--data', dir])
    expect(r.stderr).not.toMatch(/error/)
    expect(r.code).toBe(0)
    const day = JSON.parse(r.stdout) as { ok: boolean; cases: { caseUuid: string; finding: string }[]; totals: Record<string, number> }
    const finding = Object.fromEntries(day.cases.map((c) => [c.caseUuid, c.finding]))
    expect(finding).toEqual({
      [world.cases[0]!.uuid]: 'this_station',
      [world.cases[1]!.uuid]: 'not_imported',
      [world.cases[2]!.uuid]: 'not_imported',
      [world.otherCase]: 'other_company'
    })
    expect(day.cases[0]!.finding).toBe('not_imported')
    expect(day.totals).toMatchObject({ cases: 4, expected: 4, not_imported: 2, this_station: 1, other_company: 1 })

    // The CSV comes from the last answers: the API is gone and it still writes, without asking.
    await sb.stop()
    const out = path.join(dir, 'reconciled.csv')
    const e = await cli(['export', '--date', date, '--tz', 'UTC', '--reconciled', '--out', out, '--data', dir])
    expect(e.code).toBe(0)
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe(RECONCILED_COLUMNS.join(','))
    expect(lines).toHaveLength(5)
    const rows = lines.slice(1).map((l) => l.split(','))
    expect(rows.map((c) => c[0])).toEqual(['not_imported', 'not_imported', 'this_station', 'other_company'])

    // --offline: the last answers only, with their age (the API is not asked, so its absence is no failure).
    const human = await cli(['reconcile', '--date', date, '--tz', 'UTC', '--offline', '--data', dir])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('Expected, not imported anywhere (2):')
    expect(human.stdout).toMatch(new RegExp(`${pkg} .*\\[\\d+ s old\\]`))
  })
})
