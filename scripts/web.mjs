// `npm run web`: the browser host (electron/host/cli.ts) run by plain Node from a bundle, rebuilt by
// esbuild whenever one of its source files changed (scripts/support/freshBundle.mjs). Running the
// TypeScript through tsx's loader took more CPU than everything else the host does before it listens
// (docs/BENCHMARKS.md, "npm run web").
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BundleError, freshBundle } from './support/freshBundle.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
// Two folders below the project, as electron/host/cli.ts is: the host finds the project from its own place.
const bundle = join(root, '.cache/web/cli.mjs')

try {
  await freshBundle({ root, entry: 'electron/host/cli.ts', outFile: bundle, inputs: ['scripts/web.mjs', 'scripts/support/freshBundle.mjs'] })
} catch (error) {
  const what = error instanceof BundleError ? error.message : String(error instanceof Error ? error.message : error)
  process.stderr.write(`The browser host could not be built from its sources:\n${what}\nFix the error above and run npm run web again.\n`)
  process.exit(1)
}
// Stack traces name the TypeScript files and lines, not the bundle's.
process.setSourceMapsEnabled(true)
await import(pathToFileURL(bundle).href)
