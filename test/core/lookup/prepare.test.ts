import { afterEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../electron/sandbox'
import type { Station } from '../../../electron/core/station'
import { exportDate, parseExport } from '../../../electron/core/lookup/prepare'
import { faults, makeWorld, sandbox, station, tempDir } from '../helpers'

const PKG = '1A4FF0100000022000000123'
const OTHER_PKG = '1A4FF0100000022000000456'

let api: RunningSandbox | null = null
let st: Station | null = null
afterEach(async () => {
  await st?.close()
  await api?.stop()
  st = null
  api = null
})

describe('prepare for the day', () => {
  it('puts the export into the lookup cache, so a package never looked up shows its CaseIDs offline', async () => {
    const world = makeWorld(3, PKG)
    api = await sandbox(world)
    st = station(tempDir(), api.url)
    const prepared = await st.prepareForDay()
    expect(prepared).toMatchObject({ ok: true, exportDate: exportDate(Date.now()), kept: 0, skipped: 0 })
    if (!prepared.ok) throw new Error(prepared.message)
    expect(prepared.packages).toBeGreaterThanOrEqual(1)
    expect(prepared.cached).toBe(prepared.packages)

    await api.stop()
    api = null
    const offline = await st.lookup(PKG, { refresh: true })
    expect(offline.stale).toBe(true)
    expect(offline.error).not.toBeNull()
    const expected = [...world.cases.map((c) => c.uuid), world.multiCase.uuid]
    for (const caseUuid of expected) expect(offline.cases.find((c) => c.caseUuid === caseUuid)?.status).toBe('Not imported')
  })

  it('keeps a live answer already cached (it knows the import state; the export does not)', async () => {
    const world = makeWorld(2, PKG)
    api = await sandbox(world)
    st = station(tempDir(), api.url)
    const live = await st.lookup(PKG)
    expect(live.stale).toBe(false)
    const otherCase = live.cases.find((c) => c.caseUuid === world.otherCase)
    expect(otherCase?.status).toBe('Imported elsewhere')

    const prepared = await st.prepareForDay()
    expect(prepared).toMatchObject({ ok: true, kept: 1 })
    await api.stop()
    api = null
    const offline = await st.lookup(PKG, { refresh: true })
    expect(offline.fetchedAt).toBe(live.fetchedAt)
    expect(offline.cases.find((c) => c.caseUuid === world.otherCase)?.status).toBe('Imported elsewhere')
  })

  it('says why when the API cannot give the export, and leaves the cache as it was', async () => {
    const world = makeWorld(1, PKG)
    api = await sandbox(world)
    st = station(tempDir(), api.url)
    await faults(api.url, { error_rate: 1, error_status: 503 })
    const failed = await st.prepareForDay()
    expect(failed).toEqual({ ok: false, message: expect.stringContaining('503') })
    await faults(api.url, { error_rate: 0, down: true })
    const down = await st.prepareForDay()
    expect(down).toEqual({ ok: false, message: expect.stringContaining('cannot reach the API') })
    const view = await st.lookup(PKG, { refresh: false })
    expect(view.fetchedAt).toBeNull()
    expect(view.cases).toEqual([])
  })

  it('does not ask the API when the station has no credentials', async () => {
    st = station(tempDir(), null)
    st.setSettings({ apiUrl: 'https://retail-test.lucidgreen.io' })
    expect(await st.prepareForDay()).toEqual({ ok: false, message: expect.stringContaining('not configured') })
  })
})

describe('parseExport', () => {
  it('reads Package UIDs and their CaseIDs, and counts what it leaves out', () => {
    const good = 'UNDTMBovdue9tFWfhamnDM'
    const parsed = parseExport(
      JSON.stringify({ [PKG]: { [good]: ['x'], 'not a case': [] }, 'bad uid with spaces': { [good]: [] }, [OTHER_PKG]: [good] })
    )
    if ('error' in parsed) throw new Error(parsed.error)
    expect([...parsed.packages]).toEqual([[PKG, [good]]])
    expect(parsed.skipped).toBe(3)
  })

  it('refuses a file that is not an object of Package UIDs', () => {
    expect(parseExport('<html>')).toEqual({ error: expect.stringContaining('not JSON') })
    expect(parseExport('[1,2]')).toEqual({ error: expect.stringContaining('not an object') })
  })
})
