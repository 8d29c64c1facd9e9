// The /api/ requests received, for the test controls (`GET /__sandbox/requests`). Bounded whatever
// arrives: the built-in sandbox runs inside the station's process, and anyone on the machine can post
// to it. An unauthenticated request is logged by its request line and status only; an authenticated
// body is kept as text, only when small and shallow; the log holds at most MAX_ENTRIES entries and
// MAX_TOTAL_BYTES of paths and bodies, dropping the oldest first.

export interface LoggedRequest {
  at: string
  method: string
  path: string
  client_id: string | null
  /** The JSON body of an authenticated request; null when absent, not JSON, or not kept. */
  body: unknown
  status: number | null
  /** Why a body that was sent is not in `body` (too large or too deeply nested); absent otherwise. */
  body_omitted?: string
}

export const REQUEST_LOG_LIMITS = {
  entries: 20_000,
  totalBytes: 16 * 1024 * 1024,
  bodyBytes: 64 * 1024,
  pathChars: 2048,
  depth: 32
} as const

/** What the log keeps of one request: the body as text, parsed only when the log is read. */
interface Entry {
  at: string
  method: string
  path: string
  clientId: string | null
  bodyText: string | null
  bodyOmitted: string | null
  status: number | null
  bytes: number
  evicted: boolean
}

/** A logged request whose client and status are filled in once known. */
export interface LogEntryHandle {
  authenticated(clientId: string, body: Buffer, contentType: string | undefined): void
  answered(status: number): void
}

const NO_HANDLE: LogEntryHandle = { authenticated: () => undefined, answered: () => undefined }

/** The deepest nesting of arrays and objects in a JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase() === 'application/json'
}

export class RequestLog {
  private entries: Entry[] = []
  private head = 0
  private bytes = 0

  /** `enabled` false (a sandbox without test controls, whose log nobody can read): nothing is kept. */
  constructor(private readonly enabled = true) {}

  /** Logs a request by its line alone; a disabled log (no test controls) keeps nothing. */
  add(method: string, path: string, at = new Date()): LogEntryHandle {
    if (!this.enabled) return NO_HANDLE
    const entry: Entry = {
      at: at.toISOString(), method: method.slice(0, 32), path: path.slice(0, REQUEST_LOG_LIMITS.pathChars),
      clientId: null, bodyText: null, bodyOmitted: null, status: null, bytes: 0, evicted: false
    }
    entry.bytes = entry.method.length + entry.path.length + 64
    this.entries.push(entry)
    this.grow(entry.bytes)
    return {
      authenticated: (clientId, body, contentType) => {
        if (entry.evicted) return
        entry.clientId = clientId.slice(0, 256)
        const kept = keptBody(body, contentType)
        entry.bodyText = kept.text
        entry.bodyOmitted = kept.omitted
        const more = entry.clientId.length + (kept.text?.length ?? 0) * 2
        entry.bytes += more
        this.grow(more)
      },
      answered: (status) => {
        entry.status = status
      }
    }
  }

  all(): LoggedRequest[] {
    return this.entries.slice(this.head).map((e) => {
      const out: LoggedRequest = { at: e.at, method: e.method, path: e.path, client_id: e.clientId, body: e.bodyText === null ? null : (JSON.parse(e.bodyText) as unknown), status: e.status }
      if (e.bodyOmitted !== null) out.body_omitted = e.bodyOmitted
      return out
    })
  }

  clear(): void {
    for (const e of this.entries) e.evicted = true
    this.entries = []
    this.head = 0
    this.bytes = 0
  }

  /** Entries and bytes held now (for tests of the bounds). */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.length - this.head, bytes: this.bytes }
  }

  private grow(bytes: number): void {
    this.bytes += bytes
    while (this.entries.length - this.head > REQUEST_LOG_LIMITS.entries || (this.bytes > REQUEST_LOG_LIMITS.totalBytes && this.entries.length - this.head > 1)) {
      const oldest = this.entries[this.head]!
      oldest.evicted = true
      this.bytes -= oldest.bytes
      this.head++
    }
    // Drop the evicted slots now and then, not on every request.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
  }
}

function keptBody(body: Buffer, contentType: string | undefined): { text: string | null; omitted: string | null } {
  if (body.length === 0 || !isJson(contentType)) return { text: null, omitted: null }
  if (body.length > REQUEST_LOG_LIMITS.bodyBytes) return { text: null, omitted: `body of ${body.length} bytes, over the log's limit of ${REQUEST_LOG_LIMITS.bodyBytes}` }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return { text: null, omitted: null }
  }
  const depth = jsonDepth(text)
  if (depth > REQUEST_LOG_LIMITS.depth) return { text: null, omitted: `body nested ${depth} deep, over the log's limit of ${REQUEST_LOG_LIMITS.depth}` }
  try {
    JSON.parse(text)
  } catch {
    return { text: null, omitted: null }
  }
  return { text, omitted: null }
}
