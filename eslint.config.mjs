// Lint rules, including the ones that say where each part may run and what it may import.
// The folder names are the contract: see README "Layout".
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'events', 'stream', 'worker_threads']
const nodeBuiltinPatterns = ['node:*', ...nodeBuiltins]

/**
 * One rule per part: a part may import only what the architecture lets it.
 * Bare names (a package or a Node builtin) are matched exactly; names with a slash or star are
 * path patterns (e.g. '** /core/**' for any import of the core folder).
 */
function restrict(forbidden, message) {
  const names = forbidden.filter((f) => typeof f === 'string' && !f.includes('/') && !f.includes('*'))
  // '**/core/**' forbids files inside the folder; '**/core' the folder's own index.
  const groups = forbidden.filter((f) => typeof f === 'string' && (f.includes('/') || f.includes('*'))).flatMap((f) => (f.endsWith('/**') ? [f, f.slice(0, -3)] : [f]))
  // A RegExp is matched against the import's text as written (for "all of a folder but these modules").
  const regexes = forbidden.filter((f) => f instanceof RegExp)
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns: [...groups.map((group) => ({ group: [group], message })), ...regexes.map((regex) => ({ regex: regex.source, message }))]
      }
    ]
  }
}

/** A `no-restricted-imports` setting from restrict() with one more pattern. */
function withPattern([level, options], pattern) {
  return [level, { ...options, patterns: [...options.patterns, pattern] }]
}

/** Any import of the core's folder except the modules named (paths inside electron/core, without extension). */
function coreExcept(...modules) {
  const escaped = modules.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^\\.{1,2}/(.*/)?core(/(?!(${escaped.join('|')})$)|$)`)
}

/**
 * The runtime suffix: `*.std.ts` runs anywhere (the page, a Web Worker, plain Node), so it uses no
 * DOM and no Node globals or imports (DOM *types* are fine: they are erased). The suffix rules use
 * their own rule names (`no-restricted-globals`, `@typescript-eslint/no-restricted-imports`), so they
 * add to the folder rules above instead of replacing them.
 */
export const RUNS_ANYWHERE_MESSAGE = 'A *.std.ts module runs anywhere (page, worker, Node): no DOM or Node globals or imports; the caller passes them in.'
export const STD_IMPORTS_MESSAGE = 'A *.std.ts module imports values only from other *.std modules (or packages); from any other module of ours, types only (import type).'
const pageOnlyGlobals = ['window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'indexedDB', 'self', 'parent', 'top', 'frames', 'opener', 'alert', 'confirm', 'prompt', 'requestAnimationFrame', 'cancelAnimationFrame', 'getComputedStyle', 'matchMedia', 'customElements']
const nodeOnlyGlobals = ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate']
const runsAnywhere = {
  files: ['**/*.std.ts', '**/*.std.tsx', 'electron/contract/index.ts'],
  rules: {
    'no-restricted-globals': ['error', ...[...pageOnlyGlobals, ...nodeOnlyGlobals].map((name) => ({ name, message: RUNS_ANYWHERE_MESSAGE }))],
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: ['electron', 'electron-updater', 'better-sqlite3', 'react-dom', ...nodeBuiltins, 'process', 'buffer', 'module', 'assert', 'zlib', 'dns', 'tls', 'readline', 'vm', 'perf_hooks', 'timers'].map((name) => ({ name, message: RUNS_ANYWHERE_MESSAGE })),
        patterns: [
          { group: ['node:*', 'react-dom/*'], message: RUNS_ANYWHERE_MESSAGE },
          // A value from a module of ours without the suffix could bring its runtime along; its types cannot.
          // The contract's folder index only re-exports *.std modules (it is held to this rule too).
          { regex: '^\\.{1,2}/(?!(.*/)?[^/]*\\.std$)(?!(\\.\\./)+(electron/)?contract$)', allowTypeImports: true, message: STD_IMPORTS_MESSAGE }
        ]
      }
    ]
  }
}

const pageRule = restrict(['electron', 'electron-updater', 'better-sqlite3', ...nodeBuiltinPatterns, '**/electron/core/**', '**/electron/main/**', '**/electron/host/**', '**/electron/sandbox/**', '**/electron/service/**', '**/electron/preload/**'],
  'The renderer runs in the page: it talks to the station only through electron/contract and its bridge module.')

/**
 * Only renderer/src/bridge/ talks to the station: the preload's `window.station`, fetch to /api, the event
 * stream, and the contract's call machinery (names, channels, schemas of calls, answers and events).
 * The rest of the page calls `station` from bridge/bridge.ts and takes from the contract its types and plain
 * values (defaults such as DEFAULT_RECEIVING_PREFERENCES).
 */
export const BRIDGE_MESSAGE = 'Only renderer/src/bridge/ talks to the station (window.station, fetch, the event stream, the contract\'s calls and channels): elsewhere in the page, call `station` from bridge/bridge.ts.'
const bridgeOnlyContract = ['calls', 'callResultEnvelope', 'stationEvent', 'CALL_NAMES', 'isCallName', 'ipcChannelFor', 'EVENT_CHANNEL']
const bridgeOnlySyntax = [
  "CallExpression[callee.type='Identifier'][callee.name='fetch']",
  "NewExpression[callee.type='Identifier'][callee.name=/^(EventSource|WebSocket|XMLHttpRequest)$/]",
  "MemberExpression[object.type='Identifier'][object.name=/^(window|globalThis|self)$/][property.name=/^(station|fetch|EventSource|WebSocket|XMLHttpRequest)$/]",
  "MemberExpression[object.type='Identifier'][object.name='navigator'][property.name='sendBeacon']"
]

export default tseslint.config(
  { ignores: ['out/**', '.cache/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['electron/**/*.ts', 'scripts/**/*.{ts,mjs}', 'test/**/*.ts', '*.config.{ts,mjs}'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...pageRule }
  },
  {
    // The same folder rule, and the bridge's monopoly on talking to the station.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/bridge/**'],
    rules: {
      'no-restricted-imports': withPattern(pageRule['no-restricted-imports'], {
        group: ['**/electron/contract', '**/electron/contract/**'],
        importNames: bridgeOnlyContract,
        message: BRIDGE_MESSAGE
      }),
      'no-restricted-syntax': ['error', ...bridgeOnlySyntax.map((selector) => ({ selector, message: BRIDGE_MESSAGE }))]
    }
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: restrict(['electron', 'electron-updater', '**/main/**', '**/preload/**', '**/host/**', '**/sandbox/**', '**/contract/**', '**/service/**', '**/cli/**', '**/renderer/**', 'react', 'react-dom'],
      'The core is plain Node: it imports nothing from Electron, the hosts, the command line, the contract, the sandbox or the renderer.')
  },
  {
    files: ['electron/sandbox/**/*.ts'],
    rules: restrict(['electron', '**/core/**', '**/shared/**', '**/contract/**', '**/service/**', '**/main/**', '**/host/**', '**/preload/**', '**/cli/**', '**/renderer/**'],
      'The sandbox is an independent implementation of the LucidRetail API: it shares no code with the station.')
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: restrict(['electron', 'better-sqlite3', ...nodeBuiltinPatterns, '**/core/**', '**/main/**', '**/host/**', '**/sandbox/**', '**/service/**', '**/preload/**', '**/renderer/**'],
      'The contract is shared by the page and the hosts: types and schemas only.')
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: restrict([/^\.\.\//], 'electron/shared holds the words the contract, the core and the page share: it imports nothing of the station\'s other parts.')
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(['electron-updater', 'better-sqlite3', ...nodeBuiltinPatterns, '**/core/**', '**/main/**', '**/host/**', '**/sandbox/**', '**/service/**', '**/renderer/**'],
      'The preload runs sandboxed: it only forwards the contract calls over IPC.')
  },
  {
    files: ['electron/service/**/*.ts'],
    rules: restrict(['electron', 'electron-updater', '**/main/**', '**/host/**', '**/preload/**', '**/renderer/**'],
      'The service implements the contract over the core for both hosts; it knows neither host.')
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: restrict(['electron', '**/main/**', '**/preload/**', '**/renderer/**', '**/contract/**', '**/service/**'],
      'The command line is plain Node over the core (it may start the built-in sandbox).')
  },
  {
    files: ['electron/host/**/*.ts'],
    rules: restrict(['electron', 'electron-updater', 'better-sqlite3', '**/main/**', '**/preload/**', '**/renderer/**', '**/sandbox/**', coreExcept('dataDir')],
      'The browser host runs in plain Node, without Electron: it serves the page and the calls, and reaches the station through the service (of the core, only the data folder).')
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict(['better-sqlite3', '**/renderer/**', '**/preload/**', '**/host/**', '**/sandbox/**', '**/cli/**', coreExcept('dataDir', 'log/logFile', 'log/redact.std', 'settings/secretStore')],
      'The Electron main process is a thin shell (window, app:// protocol, IPC, keyring, updater): it reaches the station through the service and the contract, and of the core only the data folder, the log and the secret store it wraps with the keyring.')
  },
  {
    files: ['scripts/**/*.{ts,mjs}'],
    rules: restrict(['**/test/**'],
      'Scripts run without the tests: code both need lives in scripts/support/, and the tests import it from there.')
  },
  runsAnywhere
)
