// The browser host: serves the built renderer and the bridge calls on 127.0.0.1 only.
// Calls are POST /api/call/<name> with a JSON body and `Authorization: Bearer <token>`;
// events are server-sent events on GET /api/events?token=<token>.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { Socket } from 'node:net'
import { CONTENT_SECURITY_POLICY, type StationEvent } from '../contract'
import type { Dispatch } from '../service/dispatch'

export interface HostOptions {
  port: number
  rendererDir: string
  dispatch: Dispatch
  subscribe: (listener: (event: StationEvent) => void) => () => void
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string
}

export interface RunningHost {
  url: string
  port: number
  token: string
  stop(): Promise<void>
}

const MAX_BODY_BYTES = 25 * 1024 * 1024
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2'
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()'
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (typeof header !== 'string') return null
  const match = /^Bearer (\S+)$/.exec(header)
  return match?.[1] ?? null
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) return 'too-large'
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const sockets = new Set<Socket>()
  const eventStreams = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed.' })
    let relative: string
    try {
      relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1))
    } catch {
      return sendJson(res, 400, { error: 'Bad request: the address is not valid percent-encoded UTF-8.' })
    }
    const root = normalize(options.rendererDir + sep)
    const file = normalize(join(root, relative))
    if (!file.startsWith(root) || relative.includes('\0')) return sendJson(res, 404, { error: 'Not found.' })
    try {
      const info = await stat(file)
      if (!info.isFile()) return sendJson(res, 404, { error: 'Not found.' })
      const body = await readFile(file)
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
      const cache = file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600'
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache })
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      sendJson(res, 404, { error: 'Not found.' })
    }
  }

  async function serveCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Calls are POST requests.' })
    if (!sameSecret(bearerToken(req), token)) return sendJson(res, 401, { error: 'Missing or wrong station token.' })
    const type = req.headers['content-type'] ?? ''
    if (!/^application\/json\b/i.test(type)) return sendJson(res, 415, { error: 'Calls carry a JSON body (Content-Type: application/json).' })
    const body = await readBody(req)
    if (body === 'too-large') return sendJson(res, 413, { error: 'The call is too large.' })
    let payload: unknown
    try {
      payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: 'The call body is not valid JSON.' } })
    }
    const result = await options.dispatch(name, payload)
    sendJson(res, result.ok ? 200 : result.error.code === 'internal' ? 500 : 400, result)
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'Events are a GET stream.' })
    if (!sameSecret(url.searchParams.get('token'), token)) return sendJson(res, 401, { error: 'Missing or wrong station token.' })
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    eventStreams.add(res)
    const unsubscribe = options.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    res.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      eventStreams.delete(res)
    })
  }

  const server = createServer((req, res) => {
    // DNS rebinding and cross-site requests: only our own address, only our own page.
    const origin = req.headers.origin
    if (!allowedHosts().has(req.headers.host ?? '') || (origin !== undefined && !allowedOrigins().has(origin))) {
      return sendJson(res, 403, { error: 'Forbidden: the station answers only its own page on 127.0.0.1.' })
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    } catch {
      return sendJson(res, 400, { error: 'Bad request.' })
    }
    const route = url.pathname
    const handle = route.startsWith('/api/call/')
      ? serveCall(req, res, route.slice('/api/call/'.length))
      : route === '/api/events'
        ? (serveEvents(req, res, url), Promise.resolve())
        : route.startsWith('/api/')
          ? (sendJson(res, 404, { error: 'Not found.' }), Promise.resolve())
          : serveStatic(req, res, route)
    handle.catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'The station could not answer.' })
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address !== null ? address.port : options.port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const stream of eventStreams) stream.end()
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}
