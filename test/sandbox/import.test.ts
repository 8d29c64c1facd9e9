import { describe, expect, it } from 'vitest'
import { CASE_1, CASE_2, CASE_3, CASE_4, PKG_A, PKG_B, PP_1, PP_2A, PP_2B, PP_3, PP_4, id, importBody, start } from './helpers'

const REQUIRED = ['case_uuid', 'packaged_product_uuid', 'pos_product_id', 'pos_inventory_id', 'package_uid']

describe('POST /api/v1.2/caseids/import/', () => {
  it('imports a case and answers the seed shape', async () => {
    const api = await start()
    const a = await api.import('home', importBody(CASE_1, PP_1, PKG_A, { sku: 'SKU-1' }))
    expect(a.status).toBe(200)
    expect(a.body).toEqual({ case_uuid: CASE_1, packaged_product_uuid: PP_1, package_uid: PKG_A })
  })

  it('names every missing required field in one 400', async () => {
    const api = await start()
    const a = await api.import('home', {})
    expect(a.status).toBe(400)
    expect(a.body).toEqual(Object.fromEntries(REQUIRED.map((f) => [f, ['This field is required.']])))
  })

  it('treats an empty body as no data', async () => {
    const api = await start()
    const a = await api.call('home', 'POST', '/api/v1.2/caseids/import/')
    expect(a.status).toBe(400)
    expect(Object.keys(a.body as object).sort()).toEqual([...REQUIRED].sort())
  })

  it.each(REQUIRED)('reports only %s when it alone is missing', async (field) => {
    const api = await start()
    const body = importBody(CASE_1, PP_1, PKG_A)
    delete body[field]
    const a = await api.import('home', body)
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ [field]: ['This field is required.'] })
  })

  it.each(REQUIRED)('refuses a blank %s', async (field) => {
    const api = await start()
    for (const blank of ['', '   ']) {
      const a = await api.import('home', importBody(CASE_1, PP_1, PKG_A, { [field]: blank }))
      expect(a.status).toBe(400)
      expect(a.body).toEqual({ [field]: ['This field may not be blank.'] })
    }
  })

  it('refuses null and non-string values as DRF CharField does', async () => {
    const api = await start()
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A, { pos_product_id: null }))).body)
      .toEqual({ pos_product_id: ['This field may not be null.'] })
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A, { pos_product_id: { a: 1 } }))).body)
      .toEqual({ pos_product_id: ['Not a valid string.'] })
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A, { pos_product_id: 12345 }))).status).toBe(200)
  })

  it('keeps sku optional but not blank', async () => {
    const api = await start()
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A, { sku: '' }))).body).toEqual({ sku: ['This field may not be blank.'] })
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A, { sku: null }))).status).toBe(200)
  })

  it.each([
    ['too short', 'abc'],
    ['an alphabet outsider (0)', '0'.repeat(22)],
    ['an alphabet outsider (l)', 'l'.repeat(22)],
    ['above 2^128', 'zzzzzzzzzzzzzzzzzzzzzz'],
    ['a hex UUID', '9f1c1f0e-2a7e-4c35-9b1d-3c2e9d8b7a61']
  ])('refuses a case_uuid and packaged_product_uuid that is %s', async (_name, bad) => {
    const api = await start()
    const a = await api.import('home', importBody(bad, bad, PKG_A))
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ case_uuid: ['Must be a valid ShortUUID.'], packaged_product_uuid: ['Must be a valid ShortUUID.'] })
  })

  it('accepts the largest ShortUUID (2^128 - 1) as well formed', async () => {
    const api = await start()
    const a = await api.import('home', importBody('oZEq7ovRbLq6UnGMPwc8B5', PP_1, PKG_A))
    expect(a.body).toEqual({ case_uuid: ['Object with uuid=oZEq7ovRbLq6UnGMPwc8B5 does not exist.'] })
  })

  it('reports an unknown case as a field error, together with other field errors', async () => {
    const api = await start()
    const ghost = id('ghost-case')
    const a = await api.import('home', { case_uuid: ghost, packaged_product_uuid: PP_1, package_uid: PKG_A, pos_inventory_id: 'I' })
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ case_uuid: [`Object with uuid=${ghost} does not exist.`], pos_product_id: ['This field is required.'] })
  })

  it('reports an unknown packaged product as a field error', async () => {
    const api = await start()
    const ghost = id('ghost-pp')
    const a = await api.import('home', importBody(CASE_1, ghost, PKG_A))
    expect(a.body).toEqual({ packaged_product_uuid: [`Object with uuid=${ghost} does not exist.`] })
  })

  it('reports a packaged product of another case as a field error', async () => {
    const api = await start()
    const a = await api.import('home', importBody(CASE_1, PP_3, PKG_A))
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ packaged_product_uuid: [`Packaged product ${PP_3} is not in case ${CASE_1}.`] })
  })

  it('refuses a second import of the same packaged product with the seed text, naming the package it is in', async () => {
    const api = await start()
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
    for (const pkg of [PKG_A, PKG_B]) {
      const a = await api.import('home', importBody(CASE_1, PP_1, pkg))
      expect(a.status).toBe(400)
      expect(a.body).toEqual({ detail: `Items in CaseID ${CASE_1} are already imported into inventory ${PKG_A}.` })
    }
  })

  it('imports each packaged product of a multi-batch case separately', async () => {
    const api = await start()
    expect((await api.import('home', importBody(CASE_2, PP_2A, PKG_A))).status).toBe(200)
    expect((await api.import('home', importBody(CASE_2, PP_2B, PKG_A))).status).toBe(200)
    expect((await api.import('home', importBody(CASE_2, PP_2B, PKG_A))).status).toBe(400)
  })

  it('refuses a case with an active import by another dispensary, sibling or not', async () => {
    const api = await start()
    expect((await api.import('sibling', importBody(CASE_3, PP_3, PKG_B))).status).toBe(200)
    const a = await api.import('home', importBody(CASE_3, PP_3, PKG_B))
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ detail: 'This case has already been scanned for another dispensary.' })
    expect((await api.import('stranger', importBody(CASE_3, PP_3, PKG_B))).body)
      .toEqual({ detail: 'This case has already been scanned for another dispensary.' })
  })

  it('refuses the other batches of a multi-batch case imported elsewhere', async () => {
    const api = await start()
    expect((await api.import('stranger', importBody(CASE_2, PP_2A, PKG_A))).status).toBe(200)
    expect((await api.import('home', importBody(CASE_2, PP_2B, PKG_A))).body)
      .toEqual({ detail: 'This case has already been scanned for another dispensary.' })
  })

  it('lets a case be imported elsewhere once the import is removed', async () => {
    const api = await start()
    expect((await api.import('sibling', importBody(CASE_3, PP_3, PKG_B))).status).toBe(200)
    expect((await api.remove('sibling', { case_uuid: CASE_3, package_uid: PKG_B })).status).toBe(200)
    expect((await api.import('home', importBody(CASE_3, PP_3, PKG_B))).status).toBe(200)
  })

  it('associates the case with the caller and the package, so the lookup finds it', async () => {
    const api = await start()
    // CASE_4 was shipped to the stranger only and is associated with PKG_B only.
    expect(Object.keys((await api.lookup('home', 'PKG-NEW-1')).body as object)).toContain('case_ids')
    expect(((await api.lookup('home', 'PKG-NEW-1')).body as { case_ids: object }).case_ids).toEqual({})
    expect((await api.import('home', importBody(CASE_4, PP_4, 'PKG-NEW-1'))).status).toBe(200)
    const after = (await api.lookup('home', 'PKG-NEW-1')).body as { case_ids: Record<string, { is_imported: boolean }> }
    expect(Object.keys(after.case_ids)).toEqual([CASE_4])
    expect(after.case_ids[CASE_4]!.is_imported).toBe(true)
  })

  it('refuses a body that is not a JSON object the way a DRF serializer does', async () => {
    const api = await start()
    expect((await api.import('home', [1, 2])).body).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] })
    expect((await api.import('home', 'text')).body).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] })
    expect((await api.import('home', null)).body).toEqual({ non_field_errors: ['No data provided'] })
  })
})
