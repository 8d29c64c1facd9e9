// The update checker over an updater port. electron-updater itself needs the Electron runtime, so
// the port here is a scripted one: the checker's own behaviour (states, quiet failures, the
// setting, the timer, one check at a time) is what is under test.
import { describe, expect, it } from 'vitest'
import type { UpdateStatus } from '../../electron/contract'
import { UpdateChecker, type UpdaterPort } from '../../electron/service/updates'

function scriptedPort(answers: (() => Promise<{ version: string } | null>)[]) {
  let downloaded: ((version: string) => void) | null = null
  const port: UpdaterPort & { calls: number; finishDownload(version: string): void } = {
    calls: 0,
    check() {
      const answer = answers[Math.min(port.calls, answers.length - 1)]!
      port.calls++
      return answer()
    },
    onDownloaded(listener) {
      downloaded = listener
    },
    finishDownload(version) {
      downloaded?.(version)
    }
  }
  return port
}

function checker(port: UpdaterPort | null, options: { enabled?: () => boolean; firstDelayMs?: number; intervalMs?: number } = {}) {
  const logged: string[] = []
  const changes: UpdateStatus[] = []
  const instance = new UpdateChecker({
    port,
    enabled: options.enabled ?? (() => true),
    log: (level, message, fields) => logged.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    onChange: (status) => changes.push(status),
    now: () => new Date('2026-11-29T10:00:00Z'),
    firstDelayMs: options.firstDelayMs ?? 5,
    intervalMs: options.intervalMs ?? 5
  })
  return { instance, logged, changes }
}

describe('UpdateChecker', () => {
  it('reports up to date, then an available version, then its download', async () => {
    const port = scriptedPort([async () => null, async () => ({ version: '0.2.0' })])
    const { instance, changes } = checker(port)
    expect(instance.status()).toMatchObject({ supported: true, state: 'idle', checkedAt: null })
    expect(await instance.checkNow()).toMatchObject({ state: 'up-to-date', checkedAt: '2026-11-29T10:00:00.000Z' })
    expect(await instance.checkNow()).toMatchObject({ state: 'available', latestVersion: '0.2.0' })
    port.finishDownload('0.2.0')
    expect(instance.status()).toMatchObject({ state: 'downloaded', message: expect.stringMatching(/installed when the station is closed/) })
    expect(changes.map((s) => s.state)).toEqual(['checking', 'up-to-date', 'checking', 'available', 'downloaded'])
    expect(await instance.checkNow()).toMatchObject({ state: 'downloaded' }) // nothing more to fetch
    expect(port.calls).toBe(2)
  })

  it('turns a failure into a quiet status and a log line, never a rejection', async () => {
    const port = scriptedPort([
      async () => {
        throw new Error('ENOENT: no such file, open \'/opt/CaseID Station/resources/app-update.yml\'')
      },
      async () => {
        throw new Error('getaddrinfo ENOTFOUND updates.example')
      }
    ])
    const { instance, logged } = checker(port)
    await expect(instance.checkNow()).resolves.toMatchObject({ state: 'error', message: 'This build has no update feed configured.' })
    await expect(instance.checkNow()).resolves.toMatchObject({ state: 'error', message: expect.stringMatching(/could not be reached/) })
    expect(logged).toHaveLength(2)
    expect(logged[1]).toMatch(/^warn update check failed .*ENOTFOUND/)
  })

  it('stops checking on its timer once it knows the build has no update feed (a manual check still tries)', async () => {
    const port = scriptedPort([
      async () => {
        throw new Error('ENOENT: no such file, open \'/opt/CaseID Station/resources/app-update.yml\'')
      }
    ])
    const { instance, logged } = checker(port)
    instance.start()
    await new Promise((resolve) => setTimeout(resolve, 80))
    instance.stop()
    expect(port.calls).toBe(1)
    expect(logged).toHaveLength(1)
    await instance.checkNow()
    expect(port.calls).toBe(2)
  })

  it('runs one check at a time however often it is asked', async () => {
    let release: (value: null) => void = () => {}
    const port = scriptedPort([() => new Promise((resolve) => (release = resolve))])
    const { instance } = checker(port)
    const first = instance.checkNow()
    const second = instance.checkNow()
    expect(instance.status().state).toBe('checking')
    release(null)
    expect(await first).toEqual(await second)
    expect(port.calls).toBe(1)
  })

  it('checks on its timer only while the setting allows it, reading the setting at every turn', async () => {
    let enabled = false
    const port = scriptedPort([async () => null])
    const { instance } = checker(port, { enabled: () => enabled })
    expect(instance.status()).toMatchObject({ enabled: false, state: 'disabled' })
    instance.start()
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(port.calls).toBe(0)
    enabled = true
    await new Promise((resolve) => setTimeout(resolve, 60))
    instance.stop()
    expect(port.calls).toBeGreaterThan(0)
    const after = port.calls
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(port.calls).toBe(after)
    expect(instance.status()).toMatchObject({ enabled: true, state: 'up-to-date' })
  })

  it('without a port: not applicable, with the host\'s own words', async () => {
    const { instance } = checker(null)
    expect(await instance.checkNow()).toMatchObject({ supported: false, state: 'not-applicable', message: expect.stringMatching(/browser/) })
    instance.start()
    instance.stop()
  })
})
