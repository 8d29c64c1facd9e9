// The preload as it ships: bundled the way electron-vite does it (one CommonJS file, only 'electron'
// external), then run in a bare VM context with a stand-in for Electron's contextBridge and
// ipcRenderer (the Electron runtime cannot run here). The page must get exactly the contract's calls
// and onEvent, each forwarding to its own channel, and nothing else: no ipcRenderer, no Node.
import { join } from 'node:path'
import vm from 'node:vm'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { CALL_NAMES, EVENT_CHANNEL, ipcChannelFor } from '../../electron/contract/channels.std'

type Exposed = Record<string, unknown>
let exposedName: string | null = null
let exposed: Exposed = {}
const invoked: { channel: string; payload: unknown }[] = []
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>()
let requested: string[] = []

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, '../../electron/preload/index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    write: false,
    logLevel: 'silent'
  })
  const code = bundle.outputFiles[0]!.text
  const electron = {
    contextBridge: {
      exposeInMainWorld(name: string, api: Exposed) {
        exposedName = name
        exposed = api
      }
    },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => {
        invoked.push({ channel, payload })
        return { ok: true, value: channel }
      },
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
        listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener))
    }
  }
  requested = []
  const module = { exports: {} }
  const sandboxedRequire = (name: string): unknown => {
    requested.push(name)
    if (name === 'electron') return electron
    throw new Error(`a sandboxed preload cannot require ${name}`)
  }
  vm.runInNewContext(code, { require: sandboxedRequire, module, exports: module.exports })
})

describe('the preload (sandboxed)', () => {
  it('requires nothing but electron', () => {
    expect([...new Set(requested)]).toEqual(['electron'])
  })

  it('exposes window.station with exactly the contract\'s calls and onEvent', () => {
    expect(exposedName).toBe('station')
    expect(Object.keys(exposed).sort()).toEqual([...CALL_NAMES, 'onEvent'].sort())
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function')
    expect(CALL_NAMES).toEqual(expect.arrayContaining(['backupNow', 'openDataFolder', 'getDiagnostics', 'checkForUpdates', 'getAppPreferences', 'setAppPreferences', 'loadDemoData']))
  })

  it('forwards each call to its own IPC channel with the argument as given', async () => {
    for (const name of CALL_NAMES) {
      const call = exposed[name] as (input: unknown) => Promise<unknown>
      await expect(call({ probe: name })).resolves.toEqual({ ok: true, value: ipcChannelFor(name) })
    }
    expect(invoked.map((i) => i.channel)).toEqual(CALL_NAMES.map(ipcChannelFor))
    expect(invoked.map((i) => i.payload)).toEqual(CALL_NAMES.map((name) => ({ probe: name })))
  })

  it('hands events to the page without the IPC event object, and stops on unsubscribe', () => {
    const received: unknown[] = []
    const unsubscribe = (exposed.onEvent as (listener: (event: unknown) => void) => () => void)((event) => received.push(event))
    const fire = (payload: unknown) => (listeners.get(EVENT_CHANNEL) ?? []).forEach((l) => l({ sender: 'ipc internals' }, payload))
    fire({ type: 'queue' })
    unsubscribe()
    fire({ type: 'late' })
    expect(received).toEqual([{ type: 'queue' }])
  })
})
