import { describe, expect, it } from 'vitest'
import { CASE_1, CASE_2, CASE_3, PKG_A, PKG_B, PP_1, PP_2A, PP_2B, PP_3, id, importBody, start } from './helpers'

type Lookup = { case_ids: Record<string, { is_imported: boolean }> }
type Api = Awaited<ReturnType<typeof start>>

/** Both packaged products of the multi-batch CASE_2 imported by home into PKG_A. */
async function importBothBatches(api: Api): Promise<void> {
  await api.import('home', importBody(CASE_2, PP_2A, PKG_A))
  await api.import('home', importBody(CASE_2, PP_2B, PKG_A))
}

/** The answer to importing each of CASE_2's packaged products again: 200 where a remove freed it, 400 where it is still imported. */
async function reimportStatuses(api: Api): Promise<number[]> {
  return [(await api.import('home', importBody(CASE_2, PP_2A, PKG_A))).status, (await api.import('home', importBody(CASE_2, PP_2B, PKG_A))).status]
}

describe('POST /api/v1.2/caseids/import/remove/', () => {
  it('removes an import and answers 200 {}', async () => {
    const api = await start()
    await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    const a = await api.remove('home', { case_uuid: CASE_1, package_uid: PKG_A })
    expect(a.status).toBe(200)
    expect(a.body).toEqual({})
    expect(((await api.lookup('home', PKG_A)).body as Lookup).case_ids[CASE_1]!.is_imported).toBe(false)
    expect((await api.import('home', importBody(CASE_1, PP_1, PKG_A))).status).toBe(200)
  })

  it('answers 200 {} to a replayed remove, and the POS Package UID record stays', async () => {
    const api = await start()
    await api.import('home', importBody(CASE_1, PP_1, PKG_A))
    expect((await api.remove('home', { case_uuid: CASE_1, package_uid: PKG_A })).status).toBe(200)
    const again = await api.remove('home', { case_uuid: CASE_1, package_uid: PKG_A })
    expect(again.status).toBe(200)
    expect(again.body).toEqual({})
  })

  it('answers the seed 400 when the caller has no POS Package UID record for the package', async () => {
    const api = await start()
    const a = await api.remove('home', { case_uuid: CASE_1, package_uid: 'PKG-001' })
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ detail: 'POS Package UID not found for package_uid=PKG-001.' })
  })

  it("does not see another dispensary's POS Package UID record", async () => {
    const api = await start()
    await api.import('sibling', importBody(CASE_3, PP_3, PKG_B))
    const a = await api.remove('home', { case_uuid: CASE_3, package_uid: PKG_B })
    expect(a.body).toEqual({ detail: `POS Package UID not found for package_uid=${PKG_B}.` })
    expect(((await api.lookup('sibling', PKG_B)).body as Lookup).case_ids[CASE_3]!.is_imported).toBe(true)
  })

  it("leaves another dispensary's import alone when the caller has its own record for that package", async () => {
    const api = await start()
    await api.import('home', importBody(CASE_1, PP_1, PKG_B)) // gives home a POS record for PKG_B
    await api.import('sibling', importBody(CASE_3, PP_3, PKG_B))
    expect((await api.remove('home', { case_uuid: CASE_3, package_uid: PKG_B })).body).toEqual({})
    expect((await api.import('home', importBody(CASE_3, PP_3, PKG_B))).body)
      .toEqual({ detail: 'This case has already been scanned for another dispensary.' })
  })

  it('removes only the named packaged product of a multi-batch case', async () => {
    const api = await start()
    await importBothBatches(api)
    expect((await api.remove('home', { case_uuid: CASE_2, package_uid: PKG_A, packaged_product_uuid: PP_2A })).status).toBe(200)
    expect(await reimportStatuses(api)).toEqual([200, 400])
  })

  it('removes every packaged product of the case when none is named', async () => {
    const api = await start()
    await importBothBatches(api)
    await api.remove('home', { case_uuid: CASE_2, package_uid: PKG_A, packaged_product_uuid: null })
    expect(await reimportStatuses(api)).toEqual([200, 200])
  })

  it('removes only imports into the named package', async () => {
    const api = await start()
    await api.import('home', importBody(CASE_2, PP_2A, PKG_A))
    await api.import('home', importBody(CASE_2, PP_2B, PKG_B))
    await api.remove('home', { case_uuid: CASE_2, package_uid: PKG_B })
    expect((await api.import('home', importBody(CASE_2, PP_2A, PKG_A))).body)
      .toEqual({ detail: `Items in CaseID ${CASE_2} are already imported into inventory ${PKG_A}.` })
  })

  it('gives the same field errors as import', async () => {
    const api = await start()
    expect((await api.remove('home', {})).body).toEqual({ case_uuid: ['This field is required.'], package_uid: ['This field is required.'] })
    expect((await api.remove('home', { case_uuid: '', package_uid: ' ' })).body)
      .toEqual({ case_uuid: ['This field may not be blank.'], package_uid: ['This field may not be blank.'] })
    expect((await api.remove('home', { case_uuid: 'nope', package_uid: PKG_A, packaged_product_uuid: 'nope' })).body)
      .toEqual({ case_uuid: ['Must be a valid ShortUUID.'], packaged_product_uuid: ['Must be a valid ShortUUID.'] })
    const ghost = id('ghost')
    expect((await api.remove('home', { case_uuid: ghost, package_uid: PKG_A })).body)
      .toEqual({ case_uuid: [`Object with uuid=${ghost} does not exist.`] })
    expect((await api.remove('home', { case_uuid: CASE_1, package_uid: PKG_A, packaged_product_uuid: PP_3 })).body)
      .toEqual({ packaged_product_uuid: [`Packaged product ${PP_3} is not in case ${CASE_1}.`] })
  })
})
