// A small argument parser: positionals, --flag value, --flag=value, and boolean flags.
import { validTimeZone } from '../core/review/time.std'
import { normaliseTag } from '../core/scan/parse.std'

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface Parsed {
  positionals: string[]
  flags: Map<string, string | true>
}

const BOOLEAN = new Set(['json', 'failed', 'all', 'help', 'refresh', 'no-refresh', 'offline', 'reconciled', 'keep-queue'])

export function parseArgs(argv: string[]): Parsed {
  const positionals: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2)
      if (!name) throw new UsageError(`bad option ${a}`)
      if (flags.has(name)) throw new UsageError(`--${name} given twice`)
      if (eq >= 0) flags.set(name, a.slice(eq + 1))
      else {
        const v = argv[i + 1]
        // Without a value: kept as given, so the command says "unknown option" or "needs a value" as the case is.
        if (BOOLEAN.has(name) || v === undefined || (v.startsWith('--') && v.length > 2)) flags.set(name, true)
        else {
          flags.set(name, v)
          i++
        }
      }
    } else positionals.push(a)
  }
  return { positionals, flags }
}

/** A Package UID typed on the command line: read as a typed tag is read on the receiving screen (F2). */
export function typedPackageUid(raw: string): string {
  return normaliseTag(raw) ?? raw
}

export class Args {
  private readonly used = new Set<string>(['json', 'data', 'help'])
  constructor(private readonly p: Parsed) {}

  get positionals(): string[] {
    return this.p.positionals
  }
  str(name: string): string | undefined {
    this.used.add(name)
    const v = this.p.flags.get(name)
    if (v === true) throw new UsageError(`--${name} needs a value`)
    return v
  }
  req(name: string): string {
    const v = this.str(name)
    if (v === undefined || v === '') throw new UsageError(`--${name} is required`)
    return v
  }
  /** A required calendar date option (YYYY-MM-DD, a day that exists). */
  date(name: string): string {
    const v = this.req(name)
    const d = new Date(`${v}T00:00:00Z`)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
      throw new UsageError(`--${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(v)}`)
    }
    return v
  }
  /** A required Package UID option: a Metrc tag typed in lower case, with spaces or dashes, is the tag (as F2 reads it); any other UID as given. */
  packageUid(name: string): string {
    return typedPackageUid(this.req(name))
  }
  /** An optional time zone option (an IANA name), checked here so a typo is a usage error in words. */
  timeZone(name: string): string | undefined {
    const v = this.str(name)
    if (v !== undefined && !validTimeZone(v)) throw new UsageError(`--${name}: unknown time zone ${JSON.stringify(v)} (use a name such as America/Los_Angeles, Europe/Berlin or UTC)`)
    return v
  }
  bool(name: string): boolean {
    this.used.add(name)
    const v = this.p.flags.get(name)
    if (v === undefined) return false
    if (v === true) return true
    throw new UsageError(`--${name} takes no value`)
  }
  /** Fails on options the command does not know. */
  done(maxPositionals: number): void {
    for (const k of this.p.flags.keys()) if (!this.used.has(k)) throw new UsageError(`unknown option --${k}`)
    if (this.p.positionals.length > maxPositionals) throw new UsageError(`unexpected argument ${JSON.stringify(this.p.positionals[maxPositionals])}`)
  }
}
