// The runtime suffix is checked, not just written: a `*.std.ts` module that reaches for the DOM or
// Node fails lint, while the same text in a page module or a plain Node module passes those rules.
import { describe, expect, it } from 'vitest'
import { problems } from './lintAs'

const runsAnywhere = expect.stringContaining('*.std.ts module runs anywhere')

describe('*.std.ts: runs anywhere', () => {
  it.each([
    ['window', 'export const width = (): number => window.innerWidth\n'],
    ['document', "export const title = (): string => document.title\n"],
    ['navigator', 'export const language = (): string => navigator.language\n'],
    ['process', "export const home = (): string | undefined => process.env['HOME']\n"],
    ['Buffer', "export const bytes = (text: string): number => Buffer.byteLength(text)\n"]
  ])('refuses the global %s', async (_name, code) => {
    expect(await problems(code, 'renderer/src/scan/example.std.ts')).toContainEqual({ ruleId: 'no-restricted-globals', message: runsAnywhere })
    expect(await problems(code, 'electron/contract/example.std.ts')).toContainEqual({ ruleId: 'no-restricted-globals', message: runsAnywhere })
  })

  it.each(['node:fs', 'fs', 'path', 'electron', 'better-sqlite3', 'react-dom/client'])('refuses an import of %s', async (name) => {
    const code = `import * as m from '${name}'\nexport const loaded = m !== undefined\n`
    expect(await problems(code, 'renderer/src/camera/example.std.ts')).toContainEqual({
      ruleId: '@typescript-eslint/no-restricted-imports',
      message: runsAnywhere
    })
  })

  it.each([
    ['a value from a module of ours without the suffix', "import { caseVerdict } from './guard'\nexport const verdict = caseVerdict\n", 'electron/core/receiving/example.std.ts'],
    ['a re-export from one', "export { caseVerdict } from '../receiving/guard'\n", 'electron/core/receiving/example.std.ts'],
    ['a namespace of one', "import * as guard from './guard'\nexport const verdict = guard.caseVerdict\n", 'electron/core/receiving/example.std.ts'],
    // The contract's folder index stands for its *.std modules, so it is held to the same imports.
    ['a re-export from one in the contract index', "export * from './calls'\n", 'electron/contract/index.ts']
  ])('refuses %s', async (_what, code, filePath) => {
    expect(await problems(code, filePath)).toContainEqual({
      ruleId: '@typescript-eslint/no-restricted-imports',
      message: expect.stringContaining('imports values only from other *.std modules')
    })
  })

  it('lets values from *.std modules and packages, and types from anywhere, through', async () => {
    const code = [
      "import { z } from 'zod'",
      "import { parseScan } from '../scan/parse.std'",
      "import type { Store } from '../store/store'",
      "import { type Settings } from '../settings/settings'",
      'export const all = [z, parseScan]',
      'export type Both = [Store, Settings]',
      ''
    ].join('\n')
    expect(await problems(code, 'electron/core/receiving/example.std.ts')).toEqual([])
    const fromContract = "import { DEFAULT_RECEIVING_PREFERENCES } from '../../../electron/contract'\nexport const d = DEFAULT_RECEIVING_PREFERENCES\n"
    expect(await problems(fromContract, 'renderer/src/scan/example.std.ts')).toEqual([])
  })

  it('lets DOM types, plain globals and local names through', async () => {
    const code = [
      'export function key(event: Pick<KeyboardEvent, "code" | "shiftKey">, at: number): string {',
      '  const window = at + 1',
      '  return `${event.code}:${window}:${Math.round(performance.now() * 0)}:${new URL("https://x.test").host}`',
      '}',
      ''
    ].join('\n')
    expect(await problems(code, 'renderer/src/scan/example.std.ts')).toEqual([])
  })

  it('leaves modules without the suffix to their folder rules', async () => {
    expect(await problems('export const width = (): number => window.innerWidth\n', 'renderer/src/scan/example.ts')).toEqual([])
    expect(await problems("export const home = (): string | undefined => process.env['HOME']\n", 'electron/host/example.ts')).toEqual([])
  })

  it('keeps the folder rules for suffixed modules (both apply)', async () => {
    const code = "import type { Station } from '../../../electron/core/station'\nexport type S = Station\n"
    expect(await problems(code, 'renderer/src/scan/example.std.ts')).toContainEqual({
      ruleId: 'no-restricted-imports',
      message: expect.stringContaining('The renderer runs in the page')
    })
  })
})
