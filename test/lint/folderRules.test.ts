// Each folder's lint rule is checked, not just written: a module that imports what its folder may not
// fails `npm run lint` with the rule's own message, and a module that imports all the folder legitimately
// needs passes. One row per rule; every folder of electron/ has one, and the page and scripts/ too.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { problems } from './lintAs'

interface FolderRule {
  /** The folder, as the README's "Layout" names it. */
  folder: string
  /** A module in that folder (the file need not exist). */
  file: string
  /** The start of the rule's message. */
  message: string
  /** Imports the folder may not make, each alone failing with the message: a module, or names from one. */
  refuses: string[]
  /** Imports the folder legitimately makes: all together must pass every rule. */
  allows: string[]
  /** Expressions (not imports) the rule refuses, with `no-restricted-syntax`. */
  refusesCode?: string[]
  /** Expressions the folder legitimately writes, added to the module of `allows`. */
  allowsCode?: string[]
}

const RULES: FolderRule[] = [
  {
    folder: 'renderer', file: 'renderer/src/receiving/Example.tsx', message: 'The renderer runs in the page',
    refuses: ['../../../electron/core/station', 'node:fs', 'electron', '../../../electron/service/dispatch', '../../../electron/sandbox'],
    allows: ['react', 'zustand', '../../../electron/shared/scans.std', '../bridge/bridge']
  },
  {
    folder: 'renderer (outside bridge/)', file: 'renderer/src/receiving/Example.tsx', message: 'Only renderer/src/bridge/ talks to the station',
    refuses: ["{ calls } from '../../../electron/contract'", "{ stationEvent } from '../../../electron/contract/events.std'", "{ CALL_NAMES, ipcChannelFor } from '../../../electron/contract'", '../../../electron/contract'],
    refusesCode: ["fetch('/api/call/lookup', { method: 'POST' })", 'window.station', "new EventSource('/api/events')", "globalThis.fetch('/api/call/lookup')", "new WebSocket('ws://127.0.0.1/')"],
    allows: ["{ DEFAULT_RECEIVING_PREFERENCES, type CallName, type LookupView } from '../../../electron/contract'", "{ station, BridgeError } from '../bridge/bridge'", "{ SCAN_SOURCES } from '../../../electron/shared/scans.std'"],
    allowsCode: ['station.lookup', 'window.addEventListener', "new URL('/x', location.href)"]
  },
  {
    folder: 'renderer/src/bridge', file: 'renderer/src/bridge/example.ts', message: 'The renderer runs in the page',
    refuses: ['../../../electron/preload', '../../../electron/host/server'],
    allows: ["{ calls, callResultEnvelope, stationEvent, CALL_NAMES } from '../../../electron/contract'", '../../../electron/contract/calls.std'],
    allowsCode: ["fetch('/api/call/lookup', { method: 'POST' })", 'window.station', "new EventSource('/api/events')"]
  },
  {
    folder: 'electron/core', file: 'electron/core/receiving/example.ts', message: 'The core is plain Node',
    refuses: ['electron', '../../contract', '../../service/dispatch', '../../sandbox', '../../main/ipc', '../../cli/context', 'react'],
    allows: ['node:fs', 'better-sqlite3', '../scan/parse.std', '../store/store', '../../shared/ids.std']
  },
  {
    folder: 'electron/sandbox', file: 'electron/sandbox/example.ts', message: 'The sandbox is an independent implementation',
    refuses: ['../core/scan/shortuuid.std', '../shared/ids.std', '../contract', '../service/runtime', '../cli/context', 'electron'],
    allows: ['node:http', 'better-sqlite3', './shortuuid', './routes/caseids']
  },
  {
    folder: 'electron/contract', file: 'electron/contract/example.ts', message: 'The contract is shared by the page and the hosts',
    refuses: ['node:fs', '../core/station', 'better-sqlite3', '../service/views'],
    allows: ['zod', './values.std', '../shared/ids.std']
  },
  {
    folder: 'electron/shared', file: 'electron/shared/example.ts', message: 'electron/shared holds the words',
    refuses: ['../contract', '../core/scan/parse.std'],
    allows: ['./ids.std']
  },
  {
    folder: 'electron/preload', file: 'electron/preload/example.ts', message: 'The preload runs sandboxed',
    refuses: ['node:fs', '../core/station', '../service/dispatch', '../main/ipc'],
    allows: ['electron', '../contract/channels.std']
  },
  {
    folder: 'electron/service', file: 'electron/service/example.ts', message: 'The service implements the contract over the core',
    refuses: ['electron', '../host/server', '../main/ipc', '../preload'],
    allows: ['node:os', '../core/station', '../contract', '../sandbox']
  },
  {
    folder: 'electron/cli', file: 'electron/cli/commands/example.ts', message: 'The command line is plain Node over the core',
    refuses: ['../../service/handlers', '../../contract', 'electron'],
    allows: ['node:fs', '../../core/station', '../../sandbox', '../args']
  },
  {
    folder: 'electron/host', file: 'electron/host/example.ts', message: 'The browser host runs in plain Node, without Electron',
    refuses: ['electron', '../core/station', '../core', '../sandbox', '../main/ipc', 'better-sqlite3'],
    allows: ['node:http', '../core/dataDir', '../contract', '../service/runtime', '../service/dispatch']
  },
  {
    folder: 'electron/main', file: 'electron/main/example.ts', message: 'The Electron main process is a thin shell',
    refuses: ['../../renderer/src/App', '../host/server', '../sandbox', '../core/station', '../core', '../core/log/logFileX', 'better-sqlite3', '../cli/context'],
    allows: ['electron', 'electron-updater', 'node:path', '../core/dataDir', '../core/log/logFile', '../core/log/redact.std', '../core/settings/secretStore', '../contract', '../service/runtime']
  },
  {
    folder: 'scripts', file: 'scripts/bench-example.ts', message: 'Scripts run without the tests',
    refuses: ['../test/support/helpers', '../test/core/helpers'],
    allows: ['node:fs', '../electron/core/station', './support/barcodes']
  },
  {
    folder: 'scripts/support', file: 'scripts/support/example.ts', message: 'Scripts run without the tests',
    refuses: ['../../test/support/helpers'],
    allows: ['./barcodes', '../../electron/sandbox']
  }
]

/**
 * A module that imports each of `imports` (a module, or "{ names } from 'module'") and uses what it imports,
 * and writes each of `expressions`, so that only what is asked about can be wrong.
 */
function moduleWith(imports: string[], expressions: string[] = []): string {
  const values: string[] = []
  const types: string[] = []
  const lines = imports.map((entry, i) => {
    const names = /^\{(.*)\} from /.exec(entry)?.[1]
    if (names === undefined) {
      values.push(`m${i}`)
      return `import * as m${i} from '${entry}'`
    }
    for (const name of names.split(',').map((n) => n.trim())) (name.startsWith('type ') ? types : values).push(name.replace(/^type /, ''))
    return `import ${entry}`
  })
  if (types.length > 0) lines.push(`export type Used = [${types.join(', ')}]`)
  return [...lines, `export const used = [${[...values, ...expressions.map((e) => `() => ${e}`)].join(', ')}]`, ''].join('\n')
}

describe.each(RULES)('$folder', ({ file, message, refuses, allows, refusesCode = [], allowsCode = [] }) => {
  it.each(refuses)('refuses an import of %s', async (entry) => {
    expect(await problems(moduleWith([entry]), file)).toContainEqual({ ruleId: 'no-restricted-imports', message: expect.stringContaining(message) })
  })

  it.each(refusesCode)('refuses %s', async (expression) => {
    expect(await problems(moduleWith([], [expression]), file)).toContainEqual({ ruleId: 'no-restricted-syntax', message: expect.stringContaining(message) })
  })

  it('lets a module with what the folder needs through', async () => {
    expect(await problems(moduleWith(allows, allowsCode), file)).toEqual([])
  })
})

it('has a rule, and a row here, for every folder of electron/', () => {
  const folders = fs.readdirSync('electron', { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `electron/${entry.name}`)
  expect(folders.length).toBeGreaterThan(5)
  expect(RULES.map((rule) => rule.folder)).toEqual(expect.arrayContaining(folders))
})
