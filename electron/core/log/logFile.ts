// The station's log: one line per entry in <dataDir>/logs/station.log, rotated by size
// (station.log → station.log.1 → ... → station.log.<keep>, the oldest dropped), secrets redacted
// before anything is written. Appends are synchronous and small: the log is for support, written
// rarely, and a line must not be lost when the process dies right after.
import fs from 'node:fs'
import path from 'node:path'
import { redact } from './redact.std'

export type LogLevel = 'info' | 'warn' | 'error'

export interface LogFileOptions {
  dataDir: string
  /** Size at which the file is rotated; default 1 MB. */
  maxBytes?: number
  /** Rotated files kept besides the current one; default 4. */
  keep?: number
  /** Secret values known right now (read on every write, so a changed secret is covered at once). */
  secrets?: () => readonly (string | null | undefined)[]
  now?: () => Date
}

export const LOG_FOLDER = 'logs'
export const LOG_FILE = 'station.log'
const MAX_LINE = 4000

export class LogFile {
  readonly file: string
  private readonly maxBytes: number
  private readonly keep: number
  private size: number

  constructor(private readonly options: LogFileOptions) {
    const folder = path.join(options.dataDir, LOG_FOLDER)
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
    this.file = path.join(folder, LOG_FILE)
    this.maxBytes = options.maxBytes ?? 1024 * 1024
    this.keep = options.keep ?? 4
    this.size = fileSize(this.file)
  }

  /**
   * Formats, redacts and appends one entry. Never throws: a full disk must not stop the station.
   * `secrets`: the values to mask when the caller has just read them; else asked of the options.
   */
  write(level: LogLevel, message: string, fields?: Record<string, unknown>, secrets?: readonly (string | null | undefined)[]): void {
    try {
      const at = (this.options.now?.() ?? new Date()).toISOString()
      let text = `${at} ${level.toUpperCase().padEnd(5)} ${message}${fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : ''}`
      text = redact(text.replace(/[\r\n]+/g, ' ⏎ '), secrets ?? this.options.secrets?.() ?? [])
      if (text.length > MAX_LINE) text = `${text.slice(0, MAX_LINE)}…`
      const line = `${text}\n`
      const bytes = Buffer.byteLength(line)
      // Another process (the command line) may share the folder: trust the file, not only our count.
      if (this.size + bytes > this.maxBytes) this.size = fileSize(this.file)
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate()
      fs.appendFileSync(this.file, line, { mode: 0o600 })
      this.size += bytes
    } catch {
      // nowhere left to report it
    }
  }

  /** The last `count` lines, across the current and the previous file. */
  tail(count: number): string[] {
    const lines: string[] = []
    for (const file of [this.file, `${this.file}.1`]) {
      let text: string
      try {
        text = fs.readFileSync(file, 'utf8')
      } catch {
        continue
      }
      lines.unshift(...text.split('\n').filter((line) => line.length > 0))
      if (lines.length >= count) break
    }
    return lines.slice(-count)
  }

  private rotate(): void {
    fs.rmSync(`${this.file}.${this.keep}`, { force: true })
    for (let n = this.keep - 1; n >= 1; n--) {
      if (fs.existsSync(`${this.file}.${n}`)) fs.renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`)
    }
    if (this.keep > 0 && fs.existsSync(this.file)) fs.renameSync(this.file, `${this.file}.1`)
    else fs.rmSync(this.file, { force: true })
    this.size = 0
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size
  } catch {
    return 0
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? v.message : typeof v === 'bigint' ? String(v) : v))
  } catch {
    return '"(unprintable fields)"'
  }
}
