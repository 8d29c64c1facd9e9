import type { IncomingMessage, ServerResponse } from 'node:http'

/** What a route answers; written by the server unless a fault loses it. */
export interface Reply {
  status: number
  json?: unknown
  text?: string
  headers?: Record<string, string>
}

export const MAX_BODY_BYTES = 1024 * 1024
/** A token request is a short form: client id, secret and grant type. */
export const MAX_TOKEN_BODY_BYTES = 16 * 1024

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, json: body, headers } : { status, json: body }
export const empty = (status: number, headers?: Record<string, string>): Reply => headers ? { status, headers } : { status }
export const detail = (status: number, message: string): Reply => json(status, { detail: message })
export const notFound = (): Reply => detail(404, 'Not found.')
export const tooLarge = (limit: number): Reply =>
  detail(400, `Request body exceeded the sandbox limit of ${limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${limit / 1024} KiB`}.`)

export function methodNotAllowed(method: string, allowed: string[]): Reply {
  return json(405, { detail: `Method "${method}" not allowed.` }, { Allow: allowed.join(', ') })
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers }
  let body: string | undefined
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json)
    headers['Content-Type'] = 'application/json'
  } else if (reply.text !== undefined) {
    body = reply.text
    headers['Content-Type'] ??= 'text/plain; charset=utf-8'
  }
  headers['Content-Length'] = String(body === undefined ? 0 : Buffer.byteLength(body))
  res.writeHead(reply.status, headers)
  res.end(body)
}

/**
 * The raw body, `'too_large'`, or null when the connection went away first. `'discard'` reads the
 * body past without holding any of it (an empty buffer): for requests whose body is never used.
 */
export function readBody(req: IncomingMessage, limit: number | 'discard' = MAX_BODY_BYTES): Promise<Buffer | 'too_large' | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (limit === 'discard') return
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)))
    req.on('error', () => resolve(null))
    req.on('close', () => { if (!req.complete) resolve(null) })
  })
}

export type ParsedBody =
  | { ok: true; data: unknown; present: boolean }
  | { ok: false; reply: Reply }

/** Parses a request body as DRF's JSONParser would; an empty body is no data. */
export function parseJsonBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, data: undefined, present: false }
  const type = contentType ?? ''
  const media = type.split(';')[0]!.trim().toLowerCase()
  if (media !== 'application/json') {
    return { ok: false, reply: detail(415, `Unsupported media type "${type}" in request.`) }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    return { ok: false, reply: detail(400, 'JSON parse error - body is not valid UTF-8') }
  }
  try {
    return { ok: true, data: JSON.parse(text) as unknown, present: true }
  } catch (e) {
    return { ok: false, reply: detail(400, `JSON parse error - ${(e as Error).message}`) }
  }
}
