// What every command gets: the data folder, the station (with the built-in sandbox when the settings
// ask for it), and output that keeps stdout to one JSON document under --json.
import fs from 'node:fs'
import path from 'node:path'
import type { startBuiltinSandbox } from '../sandbox'
import { openWithSandbox } from '../core/openWithSandbox'
import type { CsvError } from '../core/manifest/parse'
import type { Station } from '../core/station'
import type { Args } from './args'
import { fileProblem } from './files'
import { isoInZone } from '../core/review/time.std'
import { writeOwnerOnlyFile } from '../core/ownerOnlyFile'

export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly data?: unknown
  ) {
    super(message)
    this.name = 'CommandFailure'
  }
}

export interface Output {
  json: boolean
  /** Human text to stdout (ignored under --json). */
  text(line: string): void
  /** Logs and notes: always stderr. */
  note(line: string): void
}

export interface Context {
  args: Args
  dataDir: string
  out: Output
  /** Opens the station; with network, starts the built-in sandbox when api-url is 'builtin'. */
  open(opts?: { network?: boolean }): Promise<Station>
}

export function makeContext(args: Args, dataDir: string, json: boolean): { ctx: Context; cleanup: () => Promise<void> } {
  const out: Output = {
    json,
    text: (line) => {
      if (!json) process.stdout.write(`${line}\n`)
    },
    note: (line) => process.stderr.write(`${line}\n`)
  }
  let station: Station | null = null
  let sandbox: Awaited<ReturnType<typeof startBuiltinSandbox>> | null = null
  const log = (level: string, msg: string, fields?: Record<string, unknown>) =>
    process.stderr.write(`[${level}] ${msg}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}\n`)
  const ctx: Context = {
    args,
    dataDir,
    out,
    async open(opts = {}) {
      if (station) return station
      station = await openWithSandbox(
        { dataDir, log },
        {
          wanted: (settings) => opts.network === true && settings.apiUrl === 'builtin',
          start: async () => {
            // Loaded only here: most commands never need the sandbox, and the command line should start fast.
            const { startBuiltinSandbox } = await import('../sandbox')
            sandbox = await startBuiltinSandbox(dataDir)
            out.note(`[info] using the built-in sandbox at ${sandbox.url} (not LucidRetail: set api-url to use the real API)`)
            return sandbox
          },
          // A command opens the station once: no sandbox runs yet.
          stop: async () => {}
        }
      )
      for (const n of station.startupNotices) out.note(`[warn] ${n.message}`)
      const secret = station.clientSecretStatus()
      // The desktop app's keyring-protected secret: waiting for the API would wait forever.
      if (opts.network && !station.getSettings().usingBuiltin && secret.unreadable) throw new CommandFailure(`cannot reach the API: ${secret.unreadable}`)
      return station
    }
  }
  return {
    ctx,
    cleanup: async () => {
      if (station) await station.close()
      if (sandbox) await sandbox.stop()
    }
  }
}

export function emit(ctx: Context, value: unknown): void {
  if (ctx.out.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** A time as the station tells it: in its time zone (settings), with the offset. */
export function time(ms: number | null, zone: string): string {
  return ms === null ? '-' : isoInZone(ms, zone)
}

/** The most a command reads from one file: more than any manifest (the page's upload takes 18 MB). */
export const MAX_NAMED_FILE_BYTES = 20 * 1024 * 1024
const READ_CHUNK = 1024 * 1024

/**
 * A file the person named, as bytes; one that cannot be read fails the command in words. Read within
 * bounds: /dev/zero or a runaway pipe would otherwise be read until memory runs out.
 */
export function readNamedFile(file: string, limit = MAX_NAMED_FILE_BYTES): Buffer {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (err) {
    throw new CommandFailure(`cannot read ${file}: ${fileProblem(err, file, false)}`)
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) throw new CommandFailure(`cannot read ${file}: ${fileProblem({ code: 'EISDIR' }, file, false)}`)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK)
      const read = fs.readSync(fd, chunk, 0, READ_CHUNK, null)
      if (read === 0) break
      total += read
      if (total > limit) throw new CommandFailure(`cannot read ${file}: it is larger than ${limit / (1024 * 1024)} MB, far more than a manifest or an import CSV; split it, or check that this is the file meant`)
      chunks.push(chunk.subarray(0, read))
    }
    return Buffer.concat(chunks, total)
  } catch (err) {
    if (err instanceof CommandFailure) throw err
    throw new CommandFailure(`cannot read ${file}: ${fileProblem(err, file, false)}`)
  } finally {
    fs.closeSync(fd)
  }
}

/** Writes a file the person named, owner-only and whole; a folder is refused with a file name to use instead. */
export function writeNamedFile(file: string, data: string, suggestedName: string): void {
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CommandFailure(`cannot write ${file}: ${file} is a folder; give a file name, e.g. --out ${JSON.stringify(path.join(file, suggestedName))}`)
  }
  try {
    writeOwnerOnlyFile(file, data)
  } catch (err) {
    throw new CommandFailure(`cannot write ${file}: ${fileProblem(err, file, true)}`)
  }
}

/**
 * A CSV file refused: under --json its errors and encoding; on stderr each error (line and column where
 * it has them), then that nothing was done and, when the file could be decoded, the encoding it was read in.
 */
export function refuseCsvFile(ctx: Context, refused: { errors: CsvError[]; encoding: string | null }, nothingDone: string): number {
  emit(ctx, { ok: false, encoding: refused.encoding, errors: refused.errors })
  for (const e of refused.errors) ctx.out.note(e.line > 0 ? `line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}` : e.message)
  ctx.out.note(refused.encoding ? `${nothingDone} (the file was read as ${refused.encoding})` : nothingDone)
  return 1
}
