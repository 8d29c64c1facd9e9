// The browser host as a real process: bad addresses are answered 4xx with words, never 500 (issue 14 item 7).
import { afterEach, expect, it } from 'vitest'
import { startHostProcess, type HostProcess } from '../faults/support/host'
import { tempDir } from '../faults/support/world'

let host: HostProcess | null = null
afterEach(async () => {
  await host?.stop()
  host = null
})

it('an address that is not valid percent-encoded UTF-8 is a 400 with words, and the host goes on answering', { timeout: 60_000 }, async () => {
  host = await startHostProcess(tempDir())
  const bad = await fetch(`${host.origin}/%E0%A4%A`)
  expect(bad.status).toBe(400)
  expect(await bad.text()).toMatch(/not valid percent-encoded UTF-8/)
  expect((await host.bridge('getQueue')).ok).toBe(true)
})
