// Lints a text as if it were a file of the project, with the project's own eslint.config.mjs.
import { ESLint } from 'eslint'

let eslint: ESLint | undefined

/** The rule ids and messages ESLint reports for `code` as if it were the file at `filePath`. */
export async function problems(code: string, filePath: string): Promise<{ ruleId: string | null; message: string }[]> {
  eslint ??= new ESLint({ cwd: process.cwd() })
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }))
}
