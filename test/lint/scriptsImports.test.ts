// scripts/ stands without test/: a script that imports a test helper fails lint.
import { ESLint } from 'eslint'
import { expect, it } from 'vitest'

it('refuses an import of test/ from scripts/, and lets scripts/support/ through', async () => {
  const eslint = new ESLint({ cwd: process.cwd() })
  const lint = async (code: string, filePath: string) => ((await eslint.lintText(code, { filePath }))[0]?.messages ?? []).map((m) => m.ruleId)
  const fromTest = "import { blank } from '../test/support/helpers'\nexport const frame = blank\n"
  expect(await lint(fromTest, 'scripts/bench-example.ts')).toContain('no-restricted-imports')
  expect(await lint(fromTest.replace('../test/support', '../../test/support'), 'scripts/support/example.ts')).toContain('no-restricted-imports')
  expect(await lint("import { blank } from './support/barcodes'\nexport const frame = blank\n", 'scripts/bench-example.ts')).toEqual([])
})
