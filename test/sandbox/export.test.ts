import { describe, expect, it } from 'vitest'
import { CASE_1, CASE_2, CASE_3, CASE_5, PKG_A, PKG_B, PKG_C, PP_1, id, importBody, start } from './helpers'

const PATH = '/api/v1.2/package-uids-export/'

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

describe('GET /api/v1.2/package-uids-export/', () => {
  it("answers an export_url serving the caller's Package UIDs, CaseIDs and LucidIDs", async () => {
    const api = await start()
    const a = await api.call('home', 'GET', `${PATH}?export_date=${isoDate(-1)}`)
    expect(a.status).toBe(200)
    const url = (a.body as { export_url: string }).export_url
    expect(url.startsWith(`${api.url}/exports/`)).toBe(true)
    const file = await fetch(url)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toMatch(/application\/json/)
    const content = (await file.json()) as Record<string, Record<string, string[]>>
    expect(Object.keys(content).sort()).toEqual([PKG_A, PKG_B, PKG_C])
    expect(Object.keys(content[PKG_A]!)).toEqual([CASE_1, CASE_2])
    expect(Object.keys(content[PKG_B]!)).toEqual([CASE_3])
    expect(Object.keys(content[PKG_C]!)).toEqual([CASE_5])
    // Generated LucidIDs: four per packaged product, ShortUUIDs, distinct.
    expect(content[PKG_A]![CASE_2]).toHaveLength(8)
    const all = Object.values(content).flatMap((p) => Object.values(p).flat())
    expect(new Set(all).size).toBe(all.length)
    for (const l of all) expect(l).toMatch(/^[2-9A-HJ-NP-Za-km-z]{22}$/)
  })

  it('uses the LucidIDs the fixture gives, and takes today or no date', async () => {
    const api = await start()
    for (const q of ['', `?export_date=${isoDate(0)}`]) {
      const a = await api.call('stranger', 'GET', `${PATH}${q}`)
      expect(a.status).toBe(200)
      const content = (await (await fetch((a.body as { export_url: string }).export_url)).json()) as Record<string, Record<string, string[]>>
      expect(content[PKG_B]).toEqual({ [id('case-4')]: [id('item-4a'), id('item-4b')] })
    }
  })

  it('includes packages the caller imported into', async () => {
    const api = await start()
    await api.import('home', importBody(CASE_1, PP_1, 'NEW-PKG'))
    const a = await api.call('home', 'GET', PATH)
    const content = (await (await fetch((a.body as { export_url: string }).export_url)).json()) as Record<string, Record<string, string[]>>
    expect(Object.keys(content['NEW-PKG']!)).toEqual([CASE_1])
  })

  it('refuses a future date with 400 {"error": ...}', async () => {
    const api = await start()
    const a = await api.call('home', 'GET', `${PATH}?export_date=${isoDate(2)}`)
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ error: expect.stringMatching(/future/) })
  })

  it.each(['2026-13-01', '2026-02-30', 'yesterday', '20260510', ''])('refuses export_date=%j with 400 {"error": ...}', async (bad) => {
    const api = await start()
    const a = await api.call('home', 'GET', `${PATH}?export_date=${encodeURIComponent(bad)}`)
    expect(a.status).toBe(400)
    expect(a.body).toEqual({ error: expect.any(String) })
  })

  it('needs a token, and 404s an unknown export file', async () => {
    const api = await start()
    expect((await api.raw('GET', PATH)).status).toBe(401)
    expect((await api.raw('GET', '/exports/000000000000000000000000.json')).status).toBe(404)
  })
})
