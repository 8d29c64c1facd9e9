// Runs electron-builder for real (the "dir" target: the unpacked app every installer wraps) on a copy
// of the project with freshly built bundles, and reads the app.asar it writes. Two things cannot run
// here and are swapped out: the Electron runtime (a stub folder passed as electronDist) and the
// rebuild of better-sqlite3 for Electron (needs Electron's headers from the network: npmRebuild off).
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeIcons } from '../../scripts/make-icons'

const root = join(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
const asar = require('@electron/asar') as { listPackage(archive: string, options?: unknown): string[]; extractFile(archive: string, file: string): Buffer }

let project: string
let unpacked: string
let listing: string[]

function node(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` }
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'caseid-pack-'))
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) copyFileSync(join(root, file), join(project, file))
  mkdirSync(join(project, 'resources'))
  copyFileSync(join(root, 'resources/entitlements.mac.plist'), join(project, 'resources/entitlements.mac.plist'))
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir')
  makeIcons(join(project, 'resources/icons'))

  const bundles = node([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', join(project, 'out'), '--logLevel', 'warn'], root)
  if (bundles.status !== 0) throw new Error(`electron-vite build failed:\n${bundles.output}`)

  const electron = join(project, 'electron-stub')
  mkdirSync(join(electron, 'resources'), { recursive: true })
  writeFileSync(join(electron, 'electron'), '#!/bin/sh\nexit 0\n')
  chmodSync(join(electron, 'electron'), 0o755)
  writeFileSync(join(electron, 'LICENSE'), 'stub')

  const built = node([join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--projectDir', project, `-c.electronDist=${electron}`, '-c.npmRebuild=false'], project)
  if (built.status !== 0) throw new Error(`electron-builder failed:\n${built.output}`)
  unpacked = join(project, 'dist/linux-unpacked')
  listing = asar.listPackage(join(unpacked, 'resources/app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'))
}, 240_000)

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true })
})

/** Top-level package names inside the archive's node_modules. */
function packedPackages(): Set<string> {
  const names = new Set<string>()
  for (const entry of listing) {
    const parts = entry.split('/')
    if (parts[1] !== 'node_modules' || !parts[2]) continue
    names.add(parts[2].startsWith('@') && parts[3] ? `${parts[2]}/${parts[3]}` : parts[2])
  }
  return names
}

describe('the packed desktop app (electron-builder --linux dir)', () => {
  it('is named after the product and contains the three bundles and package.json', () => {
    expect(existsSync(join(unpacked, 'caseid-station'))).toBe(true)
    for (const file of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(listing).toContain(file)
  })

  it('carries no sources, tests, maps or build configuration', () => {
    const outside = listing.filter((entry) => !entry.startsWith('/node_modules') && !entry.startsWith('/out') && entry !== '/package.json')
    expect(outside).toEqual([])
    expect(listing.filter((entry) => entry.startsWith('/out/') && /\.(ts|tsx|map)$/.test(entry))).toEqual([])
  })

  it('holds every package the main process imports, and not the page\'s libraries (bundled into out/renderer)', () => {
    const main = readFileSync(join(project, 'out/main/index.js'), 'utf8')
    const imported = new Set([...main.matchAll(/(?:from\s*|import\s*\(\s*)"([^".][^"]*)"/g)].map((m) => m[1]!.split('/').slice(0, m[1]!.startsWith('@') ? 2 : 1).join('/')))
    const needed = [...imported].filter((name) => !name.startsWith('node:') && name !== 'electron')
    expect(needed).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']))
    const packed = packedPackages()
    for (const name of needed) expect(packed, name).toContain(name)
    for (const name of ['react', 'react-dom', 'zustand', '@zxing/library', 'electron', 'vitest', 'typescript']) expect(packed, name).not.toContain(name)
  })

  it('keeps the updater in the main process: the preload and the page bundles never carry it', () => {
    expect(readFileSync(join(project, 'out/main/index.js'), 'utf8')).toMatch(/from "electron-updater"/)
    expect(packedPackages()).toContain('electron-updater')
    const pageFiles = listing.filter((entry) => entry.startsWith('/out/preload/') || (entry.startsWith('/out/renderer/') && entry.endsWith('.js')))
    expect(pageFiles.length).toBeGreaterThan(1)
    for (const file of pageFiles) expect(readFileSync(join(project, file), 'utf8'), file).not.toMatch(/electron-updater|autoUpdater/)
  })

  it('puts better-sqlite3\'s native module beside the archive (app.asar.unpacked), without its C sources', () => {
    const binding = join(unpacked, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    expect(existsSync(binding)).toBe(true)
    expect(readFileSync(binding).subarray(0, 4).toString('latin1')).toBe('\x7fELF')
    expect(listing.filter((entry) => entry.includes('/better-sqlite3/deps/') || entry.includes('/better-sqlite3/src/'))).toEqual([])
    expect(listing).toContain('/node_modules/better-sqlite3/lib/index.js')
  })
})
