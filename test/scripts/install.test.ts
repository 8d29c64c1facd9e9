// What `npm ci` needs on a fresh machine with only the npm registry and Debian's packages reachable.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> }
const npmrc = readFileSync('.npmrc', 'utf8')

describe('npm ci on a machine without GitHub or nodejs.org', () => {
  it("does not run electron's install script (the runtime download): npm start fetches it on first use", () => {
    expect(manifest.allowScripts.electron).toBe(false)
    expect(manifest.allowScripts['better-sqlite3']).toBe(true)
  })

  it("builds native modules against Node's installed headers, for root and ordinary users alike", () => {
    const nodedir = /^nodedir=(.+)$/m.exec(npmrc)?.[1]
    expect(nodedir).toBeDefined()
    expect(existsSync(join(nodedir!, 'include/node/node.h'))).toBe(true)
    expect(npmrc).not.toMatch(/^loglevel\s*=\s*silent/m) // npm's own errors stay visible
  })
})
