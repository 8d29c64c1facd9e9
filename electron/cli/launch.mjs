// `npm run station`: runs the TypeScript command line straight from the sources (no build step)
// without tsx's transform cache, which would be written to the system's temp folder: the command
// line writes nothing outside the station's data folder.
import process from 'node:process'

process.env.TSX_DISABLE_CACHE = '1'
const { register } = await import('tsx/esm/api')
register()
// Files it creates are for their owner only (the data folder holds operators and credentials).
const { restrictNewFiles } = await import('../core/dataDir.ts')
restrictNewFiles()
const { main } = await import('./main.ts')
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  }
)
