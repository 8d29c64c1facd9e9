// The command line tells times as the app does: in the station's time zone, with its offset.
import { describe, expect, it } from 'vitest'
import { openStation } from '../../electron/core/station'
import { importInput, tempDir } from '../core/helpers'
import { cli } from './helpers'

describe('command line times', () => {
  it("queue lists when each item was queued in the station's time zone, not in UTC", { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const st = openStation({ dataDir: dir })
    st.setSettings({ timeZone: 'Asia/Kolkata' }) // +05:30 all year: no daylight-saving change to race
    const [item] = st.enqueueImports([importInput({ uuid: '2TNRMhkwBGUMEwRRJYKB6T', pp: 'oN5BereXRzv4DfbDuY8mzw', pkg: '1A4FF0100000022000000101' })])
    await st.close()
    const r = await cli(['queue', '--data', dir])
    expect(r.code).toBe(0)
    const line = r.stdout.split('\n').find((l) => l.startsWith(`#${item!.id} `))
    expect(line).toMatch(/queued \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+05:30 /)
  })
})
