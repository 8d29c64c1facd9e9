// electron-builder 26 pulls @electron/rebuild 4 and node-abi 4, whose package.json ask for Node
// >= 22.12 (npm ci prints EBADENGINE on Node 20). They run only inside `npm run dist`. What they need
// from Node 22.12 is loading ES modules from CommonJS, which Node 20.19 has too (this project's
// engines floor): this checks that they load and know this project's Electron on the running Node.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version

describe('the native-module rebuild toolchain on this Node', () => {
  it('runs on Node >= 20.19', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number]
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true)
  })

  it('loads @electron/rebuild the way electron-builder does (dynamic import) and through require', async () => {
    const imported = (await import('@electron/rebuild')) as { rebuild?: unknown }
    expect(typeof imported.rebuild).toBe('function')
    const required = createRequire(import.meta.url)('@electron/rebuild') as { rebuild?: unknown }
    expect(required.rebuild).toBe(imported.rebuild)
  })

  it('@electron/rebuild\'s node-abi knows the ABI of this project\'s Electron', async () => {
    const rebuildDir = join(root, 'node_modules/@electron/rebuild')
    const nodeAbiPath = createRequire(join(rebuildDir, 'package.json')).resolve('node-abi')
    expect(nodeAbiPath.startsWith(rebuildDir)).toBe(true) // its own node-abi 4, not the hoisted 3.x
    const nodeAbi = (await import(pathToFileURL(nodeAbiPath).href)) as { getAbi(target: string, runtime: string): string }
    const abi = Number(nodeAbi.getAbi(electronVersion, 'electron'))
    expect(Number.isInteger(abi)).toBe(true)
    expect(abi).toBeGreaterThan(Number(process.versions.modules)) // Electron's ABI is not this Node's
  })
})
