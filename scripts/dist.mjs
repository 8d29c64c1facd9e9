// `npm run dist [-- electron-builder options]`: the desktop installers (electron-builder.yml).
//   1. renders the icons from resources/icon.svg (scripts/make-icons.ts)
//   2. builds the three bundles into out/ (electron-vite)
//   3. runs electron-builder (default: this OS's targets; `-- --win`, `-- --mac`, `-- --linux deb`...)
// electron-builder rebuilds node_modules/better-sqlite3 in place for Electron; the tests and the
// command line need the Node build, so it is saved first and put back afterwards, pass or fail.
// The build needs the Electron runtime: electron-builder downloads it (network), or takes an unpacked
// copy with `-- -c.electronDist=DIR`. It cannot run on the machines this project is built on.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const nodeBinding = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')

function run(label, script, args) {
  process.stderr.write(`\n== ${label}\n`)
  const result = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' })
  return result.status ?? 1
}

function step(label, script, args) {
  const status = run(label, script, args)
  if (status !== 0) {
    process.stderr.write(`${label} failed (exit ${status}).\n`)
    process.exit(status)
  }
}

step('icons', 'node_modules/tsx/dist/cli.mjs', ['scripts/make-icons.ts'])
step('bundles', 'node_modules/electron-vite/bin/electron-vite.js', ['build'])

const saved = existsSync(nodeBinding) ? join(mkdtempSync(join(tmpdir(), 'caseid-dist-')), 'better_sqlite3.node') : null
if (saved) copyFileSync(nodeBinding, saved)
let status
try {
  status = run('installers', 'node_modules/electron-builder/cli.js', process.argv.slice(2))
} finally {
  if (saved) {
    copyFileSync(saved, nodeBinding)
    rmSync(dirname(saved), { recursive: true, force: true })
    process.stderr.write('better-sqlite3: the Node build is back in node_modules (tests and command line).\n')
  }
}
if (status !== 0) {
  process.stderr.write(
    `electron-builder failed (exit ${status}). It needs the Electron runtime: network access to download it, ` +
      'or an unpacked Electron passed with `npm run dist -- -c.electronDist=DIR`. See README "Desktop app and installers".\n'
  )
}
process.exit(status)
