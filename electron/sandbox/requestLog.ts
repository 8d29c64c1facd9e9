export interface LoggedRequest {
  at: string
  method: string
  path: string
  client_id: string | null
  body: unknown
  status: number | null
}

const MAX_ENTRIES = 100_000

/** The /api/ requests received, oldest first, for the test controls. */
export class RequestLog {
  private entries: LoggedRequest[] = []

  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry)
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES)
    return entry
  }

  all(): LoggedRequest[] {
    return this.entries.map((e) => ({ ...e }))
  }

  clear(): void {
    this.entries = []
  }
}
