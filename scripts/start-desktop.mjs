// `npm start`: fetches the Electron runtime on first use, builds if needed, prepares better-sqlite3 for
// Electron, and opens the desktop app.
//
// The runtime is fetched here rather than at install: package.json's allowScripts keeps electron's
// install script from running during `npm ci`, so installing, the browser host, the command line and
// the tests never need it (and a machine without GitHub can install). Where it cannot be fetched, this
// says what failed and what to do, and exits non-zero.
//
// better-sqlite3 in node_modules stays built for Node (the tests and the command line need that).
// The desktop app gets its own copy built against Electron's headers in .native/, passed to the
// core through STATION_SQLITE_BINDING, so `npm start` and `npm test` work in either order.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const electronPackage = join(root, 'node_modules/electron')

function electronBinary() {
  try {
    // electron's index.js reads path.txt, written by its install script once the runtime is in place.
    delete require.cache[require.resolve('electron')]
    const binary = require('electron')
    return typeof binary === 'string' && existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

function fetchElectronRuntime() {
  if (!existsSync(join(electronPackage, 'install.js'))) return false
  process.stderr.write('The Electron runtime is not installed yet: fetching it once (about 100 MB, from GitHub or $ELECTRON_MIRROR)...\n')
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const result = spawnSync(process.execPath, ['install.js'], { cwd: electronPackage, stdio: ['ignore', process.stderr, process.stderr], env })
  return result.status === 0
}

const binary = electronBinary() ?? (fetchElectronRuntime() ? electronBinary() : null)
if (!binary) {
  process.stderr.write(
    [
      '',
      'npm start: the Electron runtime could not be fetched (see the error above), so the desktop app cannot open.',
      'What to do:',
      '  - on a machine that reaches github.com, run `npm start` again (it fetches the runtime once);',
      '  - behind a proxy or without GitHub, set ELECTRON_MIRROR to a mirror of Electron\'s releases',
      '    (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start), or set',
      '    ELECTRON_OVERRIDE_DIST_PATH to a folder that holds an Electron build of the version in package-lock.json;',
      '  - meanwhile `npm run web` runs the same station in your browser: it prints an address on 127.0.0.1 to open.',
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
