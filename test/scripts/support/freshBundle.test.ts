// The browser host's bundle (npm run web): built by esbuild from the TypeScript, built again when a
// source it came from changes, and a source that does not compile named with its line.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { BundleError, freshBundle } from '../../../scripts/support/freshBundle.mjs'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fresh-bundle-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const outFile = () => join(root, '.cache/web/main.mjs')
const bundle = () => freshBundle({ root, entry: 'main.ts', outFile: outFile() })
/** What the bundle prints when Node runs it. */
const run = () => execFileSync(process.execPath, [outFile()], { encoding: 'utf8' }).trim()

function sources(greeting: string): void {
  writeFileSync(join(root, 'main.ts'), "import { greeting } from './part'\nconst out: string = greeting()\nconsole.log(out)\n")
  writeFileSync(join(root, 'part.ts'), `export function greeting(): string {\n  return ${JSON.stringify(greeting)}\n}\n`)
}

it('builds once, then again only when a source it was built from changes', async () => {
  sources('hello')
  expect(await bundle()).toEqual({ built: true })
  expect(run()).toBe('hello')
  expect(await bundle()).toEqual({ built: false })

  sources('hello again')
  expect(await bundle()).toEqual({ built: true })
  expect(run()).toBe('hello again')

  rmSync(outFile())
  expect(await bundle()).toEqual({ built: true })
  expect(run()).toBe('hello again')
})

it('names the file and line of a source that does not compile, and builds once it is fixed', async () => {
  sources('hello')
  writeFileSync(join(root, 'part.ts'), 'export function greeting(): string {\n  return "unclosed\n}\n')
  const failure = bundle()
  await expect(failure).rejects.toBeInstanceOf(BundleError)
  await expect(failure).rejects.toThrow(/part\.ts:2:/)
  sources('fixed')
  expect(await bundle()).toEqual({ built: true })
  expect(run()).toBe('fixed')
})
