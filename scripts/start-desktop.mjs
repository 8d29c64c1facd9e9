// `npm start`: builds if needed, prepares better-sqlite3 for Electron, and opens the desktop app.
// Where the Electron runtime is not installed it says so and exits non-zero.
//
// better-sqlite3 in node_modules stays built for Node (the tests and the command line need that).
// The desktop app gets its own copy built against Electron's headers in .native/, passed to the
// core through STATION_SQLITE_BINDING, so `npm start` and `npm test` work in either order.
// Written for machines that have the Electron runtime; it cannot be run on the build machines.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

function electronBinary() {
  try {
    const binary = require('electron')
    return typeof binary === 'string' && existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()
if (!binary) {
  process.stderr.write(
    [
      'The Electron runtime is not installed on this machine, so the desktop app cannot open.',
      'On a machine with internet access, install it with `npm rebuild electron` (or `npm ci` without',
      'ELECTRON_SKIP_BINARY_DOWNLOAD), then run `npm start` again. Meanwhile `npm run web` runs the same',
      'station in your browser: it prints an address on 127.0.0.1 to open.',
      ''
    ].join('\n')
  )
  process.exit(1)
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
  run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const binding = join(root, '.native', `electron-${electronVersion}`, 'better_sqlite3.node')
if (!existsSync(binding)) {
  process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion} (once)...\n`)
  const work = mkdtempSync(join(tmpdir(), 'better-sqlite3-electron-'))
  cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true })
  rmSync(join(work, 'build'), { recursive: true, force: true })
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(npm, ['exec', '--yes', '--', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, shell: process.platform === 'win32' })
  mkdirSync(dirname(binding), { recursive: true })
  cpSync(join(work, 'build/Release/better_sqlite3.node'), binding)
  rmSync(work, { recursive: true, force: true })
}

const result = spawnSync(binary, [root], { stdio: 'inherit', env: { ...process.env, STATION_SQLITE_BINDING: binding } })
process.exit(result.status ?? 0)
