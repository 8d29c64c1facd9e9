import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ICONS_DIR, makeIcons } from '../../scripts/make-icons'
import { loadBuilderConfig, validateBuilderConfig, type BuilderConfig } from './builder'

const root = join(import.meta.dirname, '../..')
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
}
let config: BuilderConfig

beforeAll(async () => {
  config = await loadBuilderConfig(root)
})

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema validation, which does catch a misplaced option', async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined()
    const broken = structuredClone(config)
    broken.linux = { ...broken.linux, title: 'only dmg has a title' } as BuilderConfig['linux']
    await expect(validateBuilderConfig(broken)).rejects.toThrow(/configuration/)
  })

  it('names the app and builds AppImage + deb, NSIS, and dmg (+ zip, which mac updates need)', () => {
    expect(config.productName).toBe('CaseID Station')
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+){2,}$/)
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/) // deb refuses to build without one
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.nsis?.oneClick).toBe(false)
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false) // the data folder holds the queue
    expect(config.mac?.target).toEqual(expect.arrayContaining(['dmg', 'zip']))
    expect(config.mac?.extendInfo?.NSCameraUsageDescription).toMatch(/webcam/)
  })

  it('rebuilds better-sqlite3 for Electron and keeps it out of the asar archive', () => {
    expect(config.npmRebuild).toBe(true)
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**/*')
    expect(packageJson.dependencies['better-sqlite3']).toBeDefined()
  })

  it('packs the built bundles, which package.json names as the entry', () => {
    const filters = config.files?.flatMap((set) => set.filter ?? []) ?? []
    expect(filters).toContain('out/**/*')
    expect(filters.filter((f) => !f.startsWith('!'))).toEqual(['out/**/*', 'package.json'])
    expect(packageJson.main).toBe('out/main/index.js')
  })

  describe('files it references', () => {
    let generated: string
    let written: string[]
    beforeAll(() => {
      generated = mkdtempSync(join(tmpdir(), 'caseid-config-icons-'))
      written = makeIcons(generated).map((file) => join(ICONS_DIR, relative(generated, file)))
    })
    afterAll(() => rmSync(generated, { recursive: true, force: true }))

    it('icons are exactly what scripts/make-icons.ts writes into resources/icons', () => {
      const icons = [config.win?.icon, config.nsis?.installerIcon, config.nsis?.uninstallerIcon, config.mac?.icon].map((icon) => join(root, icon ?? 'missing'))
      for (const icon of icons) expect(written, icon).toContain(icon)
      const linuxIcons = join(root, config.linux?.icon ?? 'missing')
      expect(written.filter((file) => file.startsWith(linuxIcons + '/')).length).toBeGreaterThanOrEqual(6)
    })

    it('the mac entitlements exist and the generated icons are ignored by git', () => {
      expect(existsSync(join(root, config.mac?.entitlements ?? 'missing'))).toBe(true)
      expect(existsSync(join(root, config.mac?.entitlementsInherit ?? 'missing'))).toBe(true)
      const ignored = readFileSync(join(root, '.gitignore'), 'utf8').split('\n')
      expect(ignored).toEqual(expect.arrayContaining(['/resources/icons/', '/dist/']))
    })
  })

  it('`npm run dist` makes the icons and the bundles before electron-builder', () => {
    expect(packageJson.scripts.dist).toBe('node scripts/dist.mjs')
    expect(packageJson.scripts.icons).toBe('tsx scripts/make-icons.ts')
    const script = readFileSync(join(root, 'scripts/dist.mjs'), 'utf8')
    const order = ['scripts/make-icons.ts', 'electron-vite.js', 'electron-builder/cli.js'].map((step) => script.indexOf(step))
    expect(order.every((at) => at > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })
})
