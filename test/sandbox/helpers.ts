import { afterEach } from 'vitest'
import { startSandbox, type RunningSandbox, type SandboxFixture, type SandboxOptions } from '../../electron/sandbox/index'
import { shortUuidFrom } from '../../electron/sandbox/shortuuid'

/** A deterministic ShortUUID per label, so fixtures read like prose. */
export const id = (label: string): string => shortUuidFrom(`test:${label}`)

export const PKG_A = '1A4FF0100000022000000001'
export const PKG_B = '1A4FF0100000022000000002'
export const PKG_C = '1A4FF0100000022000000003'

export const COMPANY = id('company-1')
export const OTHER_COMPANY = id('company-2')
export const HOME = id('disp-home')
export const SIBLING = id('disp-sibling')
export const STRANGER = id('disp-stranger')

export const CLIENTS = {
  home: { id: 'home-client', secret: 'home-secret' },
  sibling: { id: 'sibling-client', secret: 'sibling-secret' },
  stranger: { id: 'stranger-client', secret: 'stranger-secret' }
} as const
export type Who = keyof typeof CLIENTS

export const CASE_1 = id('case-1') // in PKG_A, shipped home, single batch
export const CASE_2 = id('case-2') // in PKG_A, shipped home, multi-batch
export const CASE_3 = id('case-3') // in PKG_B, shipped home and to the sibling
export const CASE_4 = id('case-4') // in PKG_B, shipped to the stranger only
export const CASE_5 = id('case-5') // in PKG_C, shipped home and to the stranger
export const PP_1 = id('pp-1')
export const PP_2A = id('pp-2a')
export const PP_2B = id('pp-2b')
export const PP_3 = id('pp-3')
export const PP_4 = id('pp-4')
export const PP_5 = id('pp-5')

export function baseFixture(): SandboxFixture {
  return {
    companies: [{ uuid: COMPANY, name: 'Home Co' }, { uuid: OTHER_COMPANY, name: 'Other Co' }],
    dispensaries: [
      { uuid: HOME, name: 'Home Shop', state: 'CA', company: COMPANY },
      { uuid: SIBLING, name: 'Sibling Shop', state: 'NV', company: COMPANY },
      { uuid: STRANGER, name: 'Stranger Shop', state: 'OR', company: OTHER_COMPANY }
    ],
    clients: [
      { client_id: CLIENTS.home.id, client_secret: CLIENTS.home.secret, dispensary: HOME },
      { client_id: CLIENTS.sibling.id, client_secret: CLIENTS.sibling.secret, dispensary: SIBLING },
      { client_id: CLIENTS.stranger.id, client_secret: CLIENTS.stranger.secret, dispensary: STRANGER }
    ],
    cases: [
      { uuid: CASE_1, packaged_products: [PP_1], package_uids: [PKG_A], dispensaries: [HOME] },
      { uuid: CASE_2, packaged_products: [PP_2A, PP_2B], package_uids: [PKG_A], dispensaries: [HOME] },
      { uuid: CASE_3, packaged_products: [PP_3], package_uids: [PKG_B], dispensaries: [HOME, SIBLING] },
      { uuid: CASE_4, packaged_products: [PP_4], package_uids: [PKG_B], dispensaries: [STRANGER], lucid_ids: [id('item-4a'), id('item-4b')] },
      { uuid: CASE_5, packaged_products: [PP_5], package_uids: [PKG_C], dispensaries: [HOME, STRANGER] }
    ],
    imports: []
  }
}

const running: RunningSandbox[] = []

/** Starts a sandbox that is stopped after the current test. */
export async function start(options: SandboxOptions = {}): Promise<Api> {
  const sb = await startSandbox({ fixture: baseFixture(), ...options })
  running.push(sb)
  return new Api(sb)
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sb) => sb.stop()))
})

export interface Answer {
  status: number
  headers: Headers
  text: string
  body: unknown
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text()
  let body: unknown
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    body = text
  }
  return { status: res.status, headers: res.headers, text, body }
}

export class Api {
  private readonly tokens = new Map<Who, string>()

  constructor(readonly sandbox: RunningSandbox) {}

  get url(): string {
    return this.sandbox.url
  }

  async tokenFor(who: Who): Promise<string> {
    const cached = this.tokens.get(who)
    if (cached) return cached
    const a = await this.requestToken({ grant_type: 'client_credentials', client_id: CLIENTS[who].id, client_secret: CLIENTS[who].secret })
    if (a.status !== 200) throw new Error(`token for ${who}: ${a.status} ${a.text}`)
    const token = (a.body as { access_token: string }).access_token
    this.tokens.set(who, token)
    return token
  }

  async requestToken(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
    return answer(await fetch(`${this.url}/o/token/`, { method: 'POST', body: new URLSearchParams(form), headers }))
  }

  async raw(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    return answer(await fetch(`${this.url}${path}`, { method, ...init }))
  }

  async call(who: Who, method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.tokenFor(who)}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const init: { headers: Record<string, string>; body?: string } = { headers }
    if (body !== undefined) init.body = JSON.stringify(body)
    return this.raw(method, path, init)
  }

  import(who: Who, body: unknown): Promise<Answer> {
    return this.call(who, 'POST', '/api/v1.2/caseids/import/', body)
  }

  remove(who: Who, body: unknown): Promise<Answer> {
    return this.call(who, 'POST', '/api/v1.2/caseids/import/remove/', body)
  }

  lookup(who: Who, packageUid: string): Promise<Answer> {
    return this.call(who, 'GET', `/api/v1.2/package-uids/${encodeURIComponent(packageUid)}/caseids/`)
  }

  admin(method: string, path: string, body?: unknown): Promise<Answer> {
    const init: { headers?: Record<string, string>; body?: string } = {}
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' }
      init.body = JSON.stringify(body)
    }
    return this.raw(method, `/__sandbox/${path}`, init)
  }
}

export function importBody(caseUuid: string, pp: string, packageUid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { case_uuid: caseUuid, packaged_product_uuid: pp, pos_product_id: 'POS-P', pos_inventory_id: 'POS-I', package_uid: packageUid, ...extra }
}
