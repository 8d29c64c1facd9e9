import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { NO_FAULTS, roll } from './faults'
import { empty, json, MAX_BODY_BYTES, MAX_TOKEN_BODY_BYTES, methodNotAllowed, notFound, readBody, tooLarge, writeReply, type Reply } from './http'
import { RateLimiter, throttledMessage } from './rateLimit'
import { RequestLog, type LogEntryHandle } from './requestLog'
import type { Caller, Store } from './store'
import { adminRoute, type AdminState } from './routes/admin'
import { importRoute, lookupRoute, removeRoute } from './routes/caseids'
import type { ApiContext } from './routes/context'
import { exportFileRoute, exportRoute } from './routes/export'
import { tokenRoute } from './routes/token'

export interface ServerConfig {
  store: Store
  rateLimit: number
  tokenTtl: number
  admin: boolean
  log: (line: string) => void
}

interface ApiRoute {
  methods: string[]
  handle: (ctx: ApiContext) => Reply
}

const API = '/api/v1.2'
const TOKEN_PATH = '/o/token/'
/** Connections held at once: each may hold a body of up to MAX_BODY_BYTES while it is read. */
const MAX_CONNECTIONS = 128
const LOOKUP = /^\/api\/v1\.2\/package-uids\/([^/]+)\/caseids\/$/
const EXPORT_FILE = /^\/exports\/([0-9a-f]{24})\.json$/

function apiRoute(path: string): ApiRoute | null {
  if (path === `${API}/caseids/import/`) return { methods: ['POST'], handle: importRoute }
  if (path === `${API}/caseids/import/remove/`) return { methods: ['POST'], handle: removeRoute }
  if (path === `${API}/package-uids-export/`) return { methods: ['GET', 'HEAD'], handle: exportRoute }
  const m = LOOKUP.exec(path)
  if (m) {
    let packageUid: string
    try {
      packageUid = decodeURIComponent(m[1]!)
    } catch {
      return null
    }
    return { methods: ['GET', 'HEAD'], handle: (ctx) => lookupRoute(ctx, packageUid) }
  }
  return null
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return m ? m[1]! : null
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export class SandboxServer {
  private readonly server: Server
  private readonly limiter: RateLimiter
  private readonly admin: AdminState
  private stopped = false
  private baseUrl = ''

  constructor(private readonly config: ServerConfig) {
    this.limiter = new RateLimiter(config.rateLimit)
    // Without the test controls nobody can read the request log: it keeps nothing.
    this.admin = { faults: { ...NO_FAULTS }, requests: new RequestLog(config.admin) }
    this.server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => this.fail(res, e))
    })
    this.server.maxConnections = MAX_CONNECTIONS
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject)
        const actual = (this.server.address() as AddressInfo).port
        this.baseUrl = `http://127.0.0.1:${actual}`
        resolve(actual)
      })
    })
  }

  /** Resolves once the port is closed and every connection, keep-alive or busy, is gone. */
  stop(): Promise<void> {
    this.stopped = true
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private fail(res: ServerResponse, e: unknown): void {
    this.config.log(`sandbox internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
    if (!res.headersSent && !res.destroyed) writeReply(res, empty(500))
    else res.destroy()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))
    const isApi = path.startsWith('/api/')
    // The caller is known from the headers: the body of an unauthenticated /api/ request is read
    // past and never held (anyone on the machine can post to the built-in sandbox).
    const caller = isApi ? this.callerOf(req) : null
    const body = await readBody(req, this.bodyLimit(path, isApi && caller !== null))
    if (body === null || this.stopped) {
      res.destroy()
      return
    }
    if (path.startsWith('/__sandbox/')) {
      const reply = this.config.admin
        ? (body === 'too_large' ? tooLarge(MAX_BODY_BYTES) : adminRoute(this.admin, method, path, body))
        : notFound()
      writeReply(res, reply)
      return
    }
    const exportFile = EXPORT_FILE.exec(path)
    if (exportFile) {
      writeReply(res, exportFileRoute(this.config.store, method, exportFile[1]!))
      return
    }

    const contentType = req.headers['content-type']
    const entry = isApi ? this.admin.requests.add(method, path) : null
    // Logged as it arrived, so a request the fault injection answers still shows its body.
    if (entry && caller && Buffer.isBuffer(body)) entry.authenticated(caller.clientId, body, contentType)

    const drop = (why: string): void => {
      this.config.log(`${method} ${path} -> connection destroyed (${why})`)
      res.destroy()
    }
    const work = (): Reply => body === 'too_large'
      ? tooLarge(path === TOKEN_PATH ? MAX_TOKEN_BODY_BYTES : MAX_BODY_BYTES)
      // The token is checked again when the request is handled: one that expired during the
      // latency fault is refused, as the real API refuses a token dead on arrival.
      : this.dispatch(method, path, query, contentType, body, req, isApi ? this.callerOf(req) : caller)

    // `down` takes the whole API host away (token endpoint included); the other faults hit the
    // /api/ requests, the ones the request log shows, in the order a flaky network and server would.
    if (this.admin.faults.down) return drop('down')
    if (entry === null) return this.answer(res, method, path, work(), entry)
    if (this.admin.faults.latency_ms > 0) {
      await sleep(this.admin.faults.latency_ms)
      if (this.stopped) return void res.destroy()
    }
    if (roll(this.admin.faults.reset_rate)) return drop('reset_rate')
    if (roll(this.admin.faults.error_rate)) return this.answer(res, method, path, empty(this.admin.faults.error_status), entry)
    const reply = work()
    if (roll(this.admin.faults.lose_response_rate)) return drop(`lose_response_rate, after a ${reply.status}`)
    this.answer(res, method, path, reply, entry)
  }

  /** How much of a body is held: an authenticated /api/ request's, a token request's, or a test control's. */
  private bodyLimit(path: string, authenticatedApi: boolean): number | 'discard' {
    if (authenticatedApi) return MAX_BODY_BYTES
    if (path === TOKEN_PATH) return MAX_TOKEN_BODY_BYTES
    if (path.startsWith('/__sandbox/') && this.config.admin) return MAX_BODY_BYTES
    return 'discard'
  }

  private callerOf(req: IncomingMessage): Caller | null {
    const token = bearer(req.headers.authorization)
    return token === null ? null : this.config.store.callerForToken(token)
  }

  private answer(res: ServerResponse, method: string, path: string, reply: Reply, entry: LogEntryHandle | null): void {
    if (res.destroyed) return
    writeReply(res, reply)
    entry?.answered(reply.status)
    this.config.log(`${method} ${path} -> ${reply.status}`)
  }

  private dispatch(method: string, path: string, query: URLSearchParams, contentType: string | undefined,
    body: Buffer, req: IncomingMessage, caller: Caller | null): Reply {
    try {
      if (path === TOKEN_PATH) return tokenRoute(this.config.store, this.config.tokenTtl, method, req.headers, body)
      const route = path.startsWith(`${API}/`) ? apiRoute(path) : null
      if (!route) return notFound()
      if (!caller) return empty(401, { 'WWW-Authenticate': 'Bearer realm="api"' })
      const wait = this.limiter.take(caller.clientId)
      if (wait !== null) return json(429, { detail: throttledMessage(wait) }, { 'Retry-After': String(wait) })
      if (!route.methods.includes(method)) return methodNotAllowed(method, route.methods)
      return route.handle({ store: this.config.store, caller, contentType, body, query, baseUrl: this.baseUrl })
    } catch (e) {
      this.config.log(`sandbox internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
      return empty(500)
    }
  }
}
