import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startSandbox, validateFixture, type SandboxFixture } from '../../electron/sandbox/index'
import { CASE_1, HOME, PKG_A, PP_1, PP_3, STRANGER, baseFixture, id, start } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'sandbox-fixture-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Mutate = (f: SandboxFixture & Record<string, unknown>) => void

const cases: [string, Mutate, string][] = [
  ['a missing top-level key', (f) => { delete (f as Partial<SandboxFixture>).cases }, '$: missing key "cases"'],
  ['a top-level key of the wrong type', (f) => { (f as Record<string, unknown>).companies = {} }, 'companies: expected an array, got an object'],
  ['an unknown key', (f) => { (f.cases[1] as unknown as Record<string, unknown>).package_uid = 'x' }, 'cases[1]: unknown key "package_uid"'],
  ['a missing case key', (f) => { delete (f.cases[2] as Partial<SandboxFixture['cases'][number]>).dispensaries }, 'cases[2]: missing key "dispensaries"'],
  ['a packaged product that is not a ShortUUID', (f) => { f.cases[2]!.packaged_products[0] = 'nope' }, 'cases[2].packaged_products[0]: not a ShortUUID'],
  ['a case without packaged products', (f) => { f.cases[0]!.packaged_products = [] }, 'cases[0].packaged_products: a case holds at least one packaged product'],
  ['an unknown company', (f) => { f.dispensaries[1]!.company = id('nobody') }, `dispensaries[1].company: unknown company ${id('nobody')}`],
  ['a bad state code', (f) => { f.dispensaries[0]!.state = 'California' }, 'dispensaries[0].state: not a two-letter upper-case state code'],
  ['an unknown client dispensary', (f) => { f.clients[2]!.dispensary = id('nowhere') }, `clients[2].dispensary: unknown dispensary ${id('nowhere')}`],
  ['an unknown case dispensary', (f) => { f.cases[3]!.dispensaries.push(id('nowhere')) }, `cases[3].dispensaries[1]: unknown dispensary ${id('nowhere')}`],
  ['a duplicate case', (f) => { f.cases[1]!.uuid = CASE_1 }, `cases[1].uuid: duplicate case ${CASE_1}`],
  ['a duplicate client', (f) => { f.clients[1]!.client_id = f.clients[0]!.client_id }, 'clients[1].client_id: duplicate client home-client'],
  ['a blank name', (f) => { f.companies[0]!.name = ' ' }, 'companies[0].name: must not be blank'],
  ['an import of an unknown case', (f) => {
    f.imports = [{ case: id('ghost'), packaged_product: PP_1, dispensary: HOME, package_uid: PKG_A, pos_product_id: 'p', pos_inventory_id: 'i' }]
  }, `imports[0].case: unknown case ${id('ghost')}`],
  ['an import of a packaged product not in its case', (f) => {
    f.imports = [{ case: CASE_1, packaged_product: PP_3, dispensary: HOME, package_uid: PKG_A, pos_product_id: 'p', pos_inventory_id: 'i' }]
  }, `imports[0].packaged_product: packaged product ${PP_3} is not in case ${CASE_1}`],
  ['an import missing its POS ids', (f) => {
    f.imports = [{ case: CASE_1, packaged_product: PP_1, dispensary: HOME, package_uid: PKG_A } as never]
  }, 'imports[0]: missing key "pos_product_id"'],
  ['a bad imported_on', (f) => {
    f.imports = [{ case: CASE_1, packaged_product: PP_1, dispensary: HOME, package_uid: PKG_A, pos_product_id: 'p', pos_inventory_id: 'i', imported_on: 'yesterday' }]
  }, 'imports[0].imported_on: not an ISO-8601 datetime'],
  ['a case imported by two dispensaries', (f) => {
    f.imports = [
      { case: CASE_1, packaged_product: PP_1, dispensary: HOME, package_uid: PKG_A, pos_product_id: 'p', pos_inventory_id: 'i' },
      { case: CASE_1, packaged_product: PP_1, dispensary: STRANGER, package_uid: PKG_A, pos_product_id: 'p', pos_inventory_id: 'i' }
    ]
  }, 'imports[1]: case']
]

describe('fixture validation', () => {
  it.each(cases)('names the wrong path for %s', async (_name, mutate, message) => {
    const f = structuredClone(baseFixture()) as SandboxFixture & Record<string, unknown>
    mutate(f)
    expect(() => validateFixture(f)).toThrow(message)
    await expect(startSandbox({ fixture: f })).rejects.toThrow(message)
  })

  it('accepts the base fixture and a fixture without imports', () => {
    expect(() => validateFixture(baseFixture())).not.toThrow()
    const f = baseFixture()
    delete f.imports
    expect(() => validateFixture(f)).not.toThrow()
  })

  it('loads a fixture from a JSON file, and names the file and path when it is wrong', async () => {
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify(baseFixture()))
    const api = await start({ fixture: good })
    expect((await api.lookup('home', PKG_A)).status).toBe(200)

    const bad = join(dir, 'bad.json')
    const f = baseFixture()
    f.cases[2]!.packaged_products[0] = 'x'
    writeFileSync(bad, JSON.stringify(f))
    await expect(startSandbox({ fixture: bad })).rejects.toThrow(`${bad}: cases[2].packaged_products[0]: not a ShortUUID`)
    const notJson = join(dir, 'not.json')
    writeFileSync(notJson, '{')
    await expect(startSandbox({ fixture: notJson })).rejects.toThrow(/not JSON/)
    await expect(startSandbox({ fixture: join(dir, 'missing.json') })).rejects.toThrow(/cannot read fixture/)
  })

  it('gives a fixture import every effect of a live import', async () => {
    const f = baseFixture()
    f.imports = [{ case: CASE_1, packaged_product: PP_1, dispensary: HOME, package_uid: 'FIXTURE-PKG', pos_product_id: 'p', pos_inventory_id: 'i', imported_on: '2026-05-10T15:00:00Z' }]
    const api = await start({ fixture: f })
    const found = await api.lookup('home', 'FIXTURE-PKG')
    expect((found.body as { case_ids: Record<string, unknown> }).case_ids[CASE_1]).toMatchObject({ is_imported: true, imported_on: '2026-05-10T15:00:00Z', package_uid: 'FIXTURE-PKG' })
    // The POS Package UID record exists, so a remove finds it.
    expect((await api.remove('home', { case_uuid: CASE_1, package_uid: 'FIXTURE-PKG' })).body).toEqual({})
    expect((await api.remove('home', { case_uuid: CASE_1, package_uid: 'FIXTURE-PKG' })).status).toBe(200)
  })

  it('refuses both a fixture and a seed', async () => {
    await expect(startSandbox({ fixture: baseFixture(), seed: 'demo' })).rejects.toThrow(/not both/)
  })
})
