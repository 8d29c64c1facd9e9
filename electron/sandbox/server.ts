import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { NO_FAULTS, roll } from './faults'
import { bodyForLog, detail, empty, json, methodNotAllowed, notFound, readBody, writeReply, type Reply } from './http'
import { RateLimiter, throttledMessage } from './rateLimit'
import { RequestLog, type LoggedRequest } from './requestLog'
import type { Store } from './store'
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
  private readonly admin: AdminState = { faults: { ...NO_FAULTS }, requests: new RequestLog() }
  private stopped = false
  private baseUrl = ''

  constructor(private readonly config: ServerConfig) {
    this.limiter = new RateLimiter(config.rateLimit)
    this.server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => this.fail(res, e))
    })
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
    const body = await readBody(req)
    if (body === null || this.stopped) {
      res.destroy()
      return
    }
    if (path.startsWith('/__sandbox/')) {
      const reply = this.config.admin
        ? (body === 'too_large' ? detail(400, 'Request body exceeded the sandbox limit of 1 MiB.') : adminRoute(this.admin, method, path, body))
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
    const entry: LoggedRequest | null = path.startsWith('/api/')
      ? this.admin.requests.add({
        at: new Date().toISOString(), method, path, client_id: null,
        body: body === 'too_large' ? null : bodyForLog(contentType, body), status: null
      })
      : null

    const drop = (why: string): void => {
      this.config.log(`${method} ${path} -> connection destroyed (${why})`)
      res.destroy()
    }
    const work = (): Reply => body === 'too_large'
      ? detail(400, 'Request body exceeded the sandbox limit of 1 MiB.')
      : this.dispatch(method, path, query, contentType, body, req, entry)

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

  private answer(res: ServerResponse, method: string, path: string, reply: Reply, entry: LoggedRequest | null): void {
    if (res.destroyed) return
    writeReply(res, reply)
    if (entry) entry.status = reply.status
    this.config.log(`${method} ${path} -> ${reply.status}`)
  }

  private dispatch(method: string, path: string, query: URLSearchParams, contentType: string | undefined,
    body: Buffer, req: IncomingMessage, entry: LoggedRequest | null): Reply {
    try {
      if (path === '/o/token/') return tokenRoute(this.config.store, this.config.tokenTtl, method, req.headers, body)
      const route = path.startsWith(`${API}/`) ? apiRoute(path) : null
      if (!route) return notFound()
      const token = bearer(req.headers.authorization)
      const caller = token === null ? null : this.config.store.callerForToken(token)
      if (!caller) return empty(401, { 'WWW-Authenticate': 'Bearer realm="api"' })
      if (entry) entry.client_id = caller.clientId
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
