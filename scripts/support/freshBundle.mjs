// A bundle of a TypeScript entry point for plain Node, rebuilt only when a file it was built from
// changed: Node then runs it without a TypeScript loader, which costs about 1 s of CPU at each start
// for the browser host (docs/BENCHMARKS.md, "npm run web"). Packages stay external (node_modules).
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** What tells a file's version apart cheaply: its size and modification time. */
function stampOf(file) {
  const stat = statSync(file)
  return `${stat.size}:${stat.mtimeMs}`
}

/** Whether `outFile` exists and every file recorded as its input is as it was when it was built. */
function isFresh(root, outFile, recordFile) {
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8'))
    stampOf(outFile)
    return Object.entries(record.inputs).every(([file, stamp]) => stampOf(join(root, file)) === stamp)
  } catch {
    return false
  }
}

/** Writes a file whole or not at all: another start reading it meanwhile sees the old one or the new one. */
function writeWhole(file, contents) {
  const part = `${file}.${process.pid}.part`
  writeFileSync(part, contents)
  renameSync(part, file)
}

/** The words for a build that failed: each error with its file and line. */
export class BundleError extends Error {}

/**
 * Builds `entry` (relative to `root`) into `outFile` (ESM, with a source map) unless the last build
 * is still fresh. `inputs` are files that shape the build without being imported (this script).
 * Returns whether it built.
 */
export async function freshBundle({ root, entry, outFile, inputs = [] }) {
  const recordFile = `${outFile}.inputs.json`
  if (isFresh(root, outFile, recordFile)) return { built: false }
  const { build } = await import('esbuild')
  const startedAt = Date.now()
  let result
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: outFile,
      sourcemap: 'linked',
      metafile: true,
      write: false,
      logLevel: 'silent'
    })
  } catch (error) {
    const problems = (error.errors ?? []).map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text))
    throw new BundleError(problems.length > 0 ? problems.join('\n') : String(error.message ?? error))
  }
  mkdirSync(dirname(outFile), { recursive: true })
  for (const output of result.outputFiles) writeWhole(output.path, output.contents)
  const files = [...Object.keys(result.metafile.inputs), ...inputs]
  const record = { entry, inputs: Object.fromEntries(files.map((file) => [file, stampOf(join(root, file))])) }
  // A source changed while it was being read: the bundle may hold the old text, so build again next time.
  const changedMeanwhile = files.some((file) => statSync(join(root, file)).mtimeMs > startedAt)
  if (changedMeanwhile) rmSync(recordFile, { force: true })
  else writeWhole(recordFile, JSON.stringify(record))
  return { built: true }
}
