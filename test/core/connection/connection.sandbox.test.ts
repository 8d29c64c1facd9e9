// The station's connection check against the real sandbox: words for working, refused, unreachable,
// and the idle monitor's pace while the API is away.
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../../support/cleanups'
import { CHECK_EVERY_MS, describeConnection } from '../../../electron/core/connection/connection.std'
import { CLIENT_SECRET, faults, makeWorld, requests, sandbox, station, tempDir } from '../helpers'

const cleanups = cleanupsAfterEach()

async function setup() {
  const sb = await sandbox(makeWorld(1))
  cleanups.push(() => sb.stop())
  const st = station(tempDir(), sb.url)
  cleanups.push(() => st.close())
  return { sb, st }
}

describe('connection check', () => {
  it('says working, then credentials refused (pausing the queue), then working again after the settings change', async () => {
    const { sb, st } = await setup()
    expect(st.connection().state).toBe('checking')
    expect(await st.checkConnection()).toMatchObject({ state: 'working', online: true, headline: 'Working', paused: null })
    // One token and one lookup: the cheap check.
    expect((await requests(sb.url)).filter((r) => r.path.includes('/package-uids/'))).toHaveLength(1)
    st.setSettings({ clientSecret: 'wrong-secret' })
    const refused = await st.checkConnection()
    expect(refused).toMatchObject({ state: 'refused', paused: 'credentials', headline: 'Credentials refused' })
    expect(refused.message).toContain('Check them in Settings (F9)')
    expect(refused.message).not.toContain('wrong-secret')
    st.setSettings({ clientSecret: CLIENT_SECRET })
    expect(await st.checkConnection()).toMatchObject({ state: 'working', paused: null })
  })

  it('says unreachable in words, with what to check and no error code', async () => {
    const { sb, st } = await setup()
    await faults(sb.url, { down: true })
    const view = await st.checkConnection()
    expect(view).toMatchObject({ state: 'unreachable', online: false, headline: 'Unreachable' })
    expect(view.message).toContain('Check the network cable or Wi-Fi')
    expect(view.message).not.toMatch(/E[A-Z]{4,}/)
  })

  it('the idle monitor notices the API going away and coming back, with a few checks a minute', async () => {
    const { sb, st } = await setup()
    const states: string[] = []
    st.on((e) => {
      if (e.type === 'connection') states.push(e.connection.state)
    })
    st.startConnectionMonitor()
    await expect.poll(() => st.connection().state, { timeout: 10_000 }).toBe('working')
    await faults(sb.url, { down: true })
    await expect.poll(() => st.connection().state, { timeout: 3 * CHECK_EVERY_MS }).toBe('unreachable')
    await faults(sb.url, { down: false })
    await expect.poll(() => st.connection().state, { timeout: 3 * CHECK_EVERY_MS }).toBe('working')
    expect(states).toEqual(expect.arrayContaining(['working', 'unreachable']))
    // Lookups of the monitor: no more than one per CHECK_EVERY_MS (plus the first).
    const checks = (await requests(sb.url)).filter((r) => r.path.includes('/package-uids/')).map((r) => Date.parse(r.at))
    for (let i = 1; i < checks.length; i++) expect(checks[i]! - checks[i - 1]!).toBeGreaterThanOrEqual(CHECK_EVERY_MS - 50)
  })

  it('words every state a person would write: no placeholders', () => {
    const facts = { apiHost: 'retail.lucidgreen.io', builtin: false, clientId: 'abc', reason: 'no client id set', lastAnswerAt: null }
    expect(describeConnection({ ...facts, state: 'working' }).message).toBe('Working: the API at retail.lucidgreen.io accepts this station as client abc.')
    expect(describeConnection({ ...facts, state: 'not_configured' }).message).toBe('Not set up: no client id set. Enter the client id and secret in Settings (F9) → API.')
    expect(describeConnection({ ...facts, builtin: true, state: 'unreachable' }).message).toMatch(/^Unreachable: the built-in sandbox does not answer\./)
  })
})
