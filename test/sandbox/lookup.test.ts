import { describe, expect, it } from 'vitest'
import { CASE_1, CASE_2, CASE_3, CASE_4, CASE_5, HOME, PKG_A, PKG_B, PKG_C, PP_1, PP_2A, PP_3, PP_5, SIBLING, baseFixture, importBody, start } from './helpers'

const NOT_IMPORTED = { is_imported: false, imported_on: null, package_uid: null, dispensary: null }

describe('GET /api/v1.2/package-uids/<package_uid>/caseids/', () => {
  it('lists the cases of the package that were shipped to the caller, none imported', async () => {
    const api = await start()
    const a = await api.lookup('home', PKG_A)
    expect(a.status).toBe(200)
    expect(a.body).toEqual({ package_uid: PKG_A, case_ids: { [CASE_1]: NOT_IMPORTED, [CASE_2]: NOT_IMPORTED } })
  })

  it("leaves out cases of the package not associated with the caller's dispensary", async () => {
    const api = await start()
    const a = await api.lookup('home', PKG_B)
    expect(a.body).toEqual({ package_uid: PKG_B, case_ids: { [CASE_3]: NOT_IMPORTED } })
    expect(Object.keys((a.body as { case_ids: object }).case_ids)).not.toContain(CASE_4)
  })

  it('answers an empty case_ids for an unknown package', async () => {
    const api = await start()
    expect((await api.lookup('home', 'NO-SUCH-PACKAGE')).body).toEqual({ package_uid: 'NO-SUCH-PACKAGE', case_ids: {} })
  })

  it('shows where and when a case was imported within the same company', async () => {
    const api = await start()
    await api.import('sibling', importBody(CASE_3, PP_3, PKG_B))
    const entry = ((await api.lookup('home', PKG_B)).body as { case_ids: Record<string, Record<string, unknown>> }).case_ids[CASE_3]!
    expect(entry).toEqual({
      is_imported: true,
      imported_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/),
      package_uid: PKG_B,
      dispensary: { uuid: SIBLING, name: 'Sibling Shop', state: 'NV' }
    })
  })

  it('hides the package and dispensary of an import by another company', async () => {
    const api = await start()
    await api.import('stranger', importBody(CASE_5, PP_5, PKG_C))
    const entry = ((await api.lookup('home', PKG_C)).body as { case_ids: Record<string, Record<string, unknown>> }).case_ids[CASE_5]!
    expect(entry).toMatchObject({ is_imported: true, package_uid: null, dispensary: null })
    expect(entry.imported_on).toEqual(expect.any(String))
  })

  it('reports is_imported when only one batch of a multi-batch case is imported', async () => {
    const api = await start()
    await api.import('home', importBody(CASE_2, PP_2A, PKG_A))
    const body = (await api.lookup('home', PKG_A)).body as { case_ids: Record<string, { is_imported: boolean; dispensary: unknown }> }
    expect(body.case_ids[CASE_2]).toMatchObject({ is_imported: true, package_uid: PKG_A, dispensary: { uuid: HOME, name: 'Home Shop', state: 'CA' } })
    expect(body.case_ids[CASE_1]).toEqual(NOT_IMPORTED)
  })

  it('uses the most recent active import across dispensaries', async () => {
    const fixture = baseFixture()
    fixture.imports = [
      { case: CASE_3, packaged_product: PP_3, dispensary: SIBLING, package_uid: 'OLD-PKG', pos_product_id: 'p', pos_inventory_id: 'i', imported_on: '2026-05-09T10:00:00Z' }
    ]
    const api = await start({ fixture })
    expect(((await api.lookup('home', PKG_B)).body as { case_ids: Record<string, unknown> }).case_ids[CASE_3]).toEqual({
      is_imported: true, imported_on: '2026-05-09T10:00:00Z', package_uid: 'OLD-PKG',
      dispensary: { uuid: SIBLING, name: 'Sibling Shop', state: 'NV' }
    })
    // The fixture import associated CASE_3 with OLD-PKG as well.
    expect(Object.keys(((await api.lookup('home', 'OLD-PKG')).body as { case_ids: object }).case_ids)).toEqual([CASE_3])
  })

  it('forgets a removed import', async () => {
    const api = await start()
    await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    await api.remove('home', { case_uuid: CASE_1, package_uid: PKG_A })
    expect(((await api.lookup('home', PKG_A)).body as { case_ids: Record<string, unknown> }).case_ids[CASE_1]).toEqual(NOT_IMPORTED)
  })

  it('decodes a percent-encoded package uid', async () => {
    const api = await start()
    const a = await api.call('home', 'GET', `/api/v1.2/package-uids/${encodeURIComponent('PKG 1/2')}/caseids/`)
    expect(a.status).toBe(200)
    expect(a.body).toEqual({ package_uid: 'PKG 1/2', case_ids: {} })
  })
})
