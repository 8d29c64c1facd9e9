import { readFileSync } from 'node:fs'
import { isShortUuid } from './shortuuid'

export interface FixtureCompany { uuid: string; name: string }
export interface FixtureDispensary { uuid: string; name: string; state: string; company: string }
export interface FixtureClient { client_id: string; client_secret: string; dispensary: string }
export interface FixtureCase {
  uuid: string
  packaged_products: string[]
  package_uids: string[]
  dispensaries: string[]
  lucid_ids?: string[]
}
export interface FixtureImport {
  case: string
  packaged_product: string
  dispensary: string
  package_uid: string
  pos_product_id: string
  pos_inventory_id: string
  sku?: string
  imported_on?: string
}
export interface SandboxFixture {
  companies: FixtureCompany[]
  dispensaries: FixtureDispensary[]
  clients: FixtureClient[]
  cases: FixtureCase[]
  imports?: FixtureImport[]
}

export class FixtureError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`${path}: ${problem}`)
    this.name = 'FixtureError'
  }
}

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

class Reader {
  constructor(private readonly root: Obj) {}

  object(v: unknown, path: string, keys: { required: string[]; optional?: string[] }): Obj {
    if (!isObj(v)) throw new FixtureError(path, `expected an object, got ${describe(v)}`)
    const allowed = new Set([...keys.required, ...(keys.optional ?? [])])
    for (const k of Object.keys(v)) if (!allowed.has(k)) throw new FixtureError(path, `unknown key "${k}"`)
    for (const k of keys.required) if (!(k in v)) throw new FixtureError(path, `missing key "${k}"`)
    return v
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) throw new FixtureError(path, `expected an array, got ${describe(v)}`)
    return v
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') throw new FixtureError(path, `expected a string, got ${describe(v)}`)
    if (v.trim() === '') throw new FixtureError(path, 'must not be blank')
    return v
  }

  shortUuid(v: unknown, path: string): string {
    const s = this.string(v, path)
    if (!isShortUuid(s)) throw new FixtureError(path, 'not a ShortUUID')
    return s
  }

  top(key: string): unknown[] {
    return this.array(this.root[key], key)
  }

  /** A list of distinct values, each read by `read`; a repeat (of one in `seen` too) is a duplicate `what`. */
  distinct(v: unknown, path: string, read: (x: unknown, path: string) => string, what: string, seen = new Set<string>()): string[] {
    return this.array(v, path).map((x, j) => {
      const q = `${path}[${j}]`
      const s = read(x, q)
      unique(seen, s, q, what)
      return s
    })
  }
}

function unique(seen: Set<string>, value: string, path: string, what: string): void {
  if (seen.has(value)) throw new FixtureError(path, `duplicate ${what} ${value}`)
  seen.add(value)
}

function ref(known: Set<string>, value: string, path: string, what: string): void {
  if (!known.has(value)) throw new FixtureError(path, `unknown ${what} ${value}`)
}

/** Checks shape and references; throws FixtureError naming the first wrong path. */
export function validateFixture(input: unknown): SandboxFixture {
  if (!isObj(input)) throw new FixtureError('$', `expected an object, got ${describe(input)}`)
  const r = new Reader(input)
  r.object(input, '$', { required: ['companies', 'dispensaries', 'clients', 'cases'], optional: ['imports'] })

  const companyIds = new Set<string>()
  const companies = r.top('companies').map((v, i): FixtureCompany => {
    const p = `companies[${i}]`
    const o = r.object(v, p, { required: ['uuid', 'name'] })
    const c = { uuid: r.shortUuid(o.uuid, `${p}.uuid`), name: r.string(o.name, `${p}.name`) }
    unique(companyIds, c.uuid, `${p}.uuid`, 'company')
    return c
  })

  const dispensaryIds = new Set<string>()
  const dispensaries = r.top('dispensaries').map((v, i): FixtureDispensary => {
    const p = `dispensaries[${i}]`
    const o = r.object(v, p, { required: ['uuid', 'name', 'state', 'company'] })
    const d = {
      uuid: r.shortUuid(o.uuid, `${p}.uuid`),
      name: r.string(o.name, `${p}.name`),
      state: r.string(o.state, `${p}.state`),
      company: r.shortUuid(o.company, `${p}.company`)
    }
    if (!/^[A-Z]{2}$/.test(d.state)) throw new FixtureError(`${p}.state`, 'not a two-letter upper-case state code')
    unique(dispensaryIds, d.uuid, `${p}.uuid`, 'dispensary')
    ref(companyIds, d.company, `${p}.company`, 'company')
    return d
  })

  const clientIds = new Set<string>()
  const clients = r.top('clients').map((v, i): FixtureClient => {
    const p = `clients[${i}]`
    const o = r.object(v, p, { required: ['client_id', 'client_secret', 'dispensary'] })
    const c = {
      client_id: r.string(o.client_id, `${p}.client_id`),
      client_secret: r.string(o.client_secret, `${p}.client_secret`),
      dispensary: r.shortUuid(o.dispensary, `${p}.dispensary`)
    }
    unique(clientIds, c.client_id, `${p}.client_id`, 'client')
    ref(dispensaryIds, c.dispensary, `${p}.dispensary`, 'dispensary')
    return c
  })

  const caseProducts = new Map<string, Set<string>>()
  const lucidIds = new Set<string>()
  const shortUuid = (x: unknown, path: string): string => r.shortUuid(x, path)
  const knownDispensary = (x: unknown, path: string): string => {
    const s = r.shortUuid(x, path)
    ref(dispensaryIds, s, path, 'dispensary')
    return s
  }
  const cases = r.top('cases').map((v, i): FixtureCase => {
    const p = `cases[${i}]`
    const o = r.object(v, p, { required: ['uuid', 'packaged_products', 'package_uids', 'dispensaries'], optional: ['lucid_ids'] })
    const uuid = r.shortUuid(o.uuid, `${p}.uuid`)
    if (caseProducts.has(uuid)) throw new FixtureError(`${p}.uuid`, `duplicate case ${uuid}`)
    const products = new Set<string>()
    const packaged = r.distinct(o.packaged_products, `${p}.packaged_products`, shortUuid, 'packaged product', products)
    if (packaged.length === 0) throw new FixtureError(`${p}.packaged_products`, 'a case holds at least one packaged product')
    caseProducts.set(uuid, products)
    const packageUids = r.distinct(o.package_uids, `${p}.package_uids`, (x, q) => r.string(x, q), 'package uid')
    const disps = r.distinct(o.dispensaries, `${p}.dispensaries`, knownDispensary, 'dispensary')
    const c: FixtureCase = { uuid, packaged_products: packaged, package_uids: packageUids, dispensaries: disps }
    if ('lucid_ids' in o) {
      c.lucid_ids = r.distinct(o.lucid_ids, `${p}.lucid_ids`, shortUuid, 'lucid id', lucidIds)
    }
    return c
  })

  const imported = new Map<string, string>() // case -> dispensary with an active import
  const importedPairs = new Set<string>()
  const imports = 'imports' in input
    ? r.top('imports').map((v, i): FixtureImport => {
      const p = `imports[${i}]`
      const o = r.object(v, p, {
        required: ['case', 'packaged_product', 'dispensary', 'package_uid', 'pos_product_id', 'pos_inventory_id'],
        optional: ['sku', 'imported_on']
      })
      const imp: FixtureImport = {
        case: r.shortUuid(o.case, `${p}.case`),
        packaged_product: r.shortUuid(o.packaged_product, `${p}.packaged_product`),
        dispensary: r.shortUuid(o.dispensary, `${p}.dispensary`),
        package_uid: r.string(o.package_uid, `${p}.package_uid`),
        pos_product_id: r.string(o.pos_product_id, `${p}.pos_product_id`),
        pos_inventory_id: r.string(o.pos_inventory_id, `${p}.pos_inventory_id`)
      }
      const products = caseProducts.get(imp.case)
      if (!products) throw new FixtureError(`${p}.case`, `unknown case ${imp.case}`)
      if (!products.has(imp.packaged_product)) {
        throw new FixtureError(`${p}.packaged_product`, `packaged product ${imp.packaged_product} is not in case ${imp.case}`)
      }
      ref(dispensaryIds, imp.dispensary, `${p}.dispensary`, 'dispensary')
      if ('sku' in o && o.sku !== null) imp.sku = r.string(o.sku, `${p}.sku`)
      if ('imported_on' in o) {
        const at = r.string(o.imported_on, `${p}.imported_on`)
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(at) || Number.isNaN(Date.parse(at))) {
          throw new FixtureError(`${p}.imported_on`, 'not an ISO-8601 datetime')
        }
        imp.imported_on = new Date(at).toISOString().replace(/\.000Z$/, 'Z')
      }
      const pair = `${imp.case}/${imp.packaged_product}`
      if (importedPairs.has(pair)) throw new FixtureError(p, `case ${imp.case} packaged product ${imp.packaged_product} is imported twice`)
      importedPairs.add(pair)
      const holder = imported.get(imp.case)
      if (holder !== undefined && holder !== imp.dispensary) {
        throw new FixtureError(p, `case ${imp.case} already has an active import by another dispensary`)
      }
      imported.set(imp.case, imp.dispensary)
      return imp
    })
    : undefined

  const out: SandboxFixture = { companies, dispensaries, clients, cases }
  if (imports) out.imports = imports
  return out
}

/** Reads and validates a fixture given as an object or a JSON file path. */
export function loadFixture(source: SandboxFixture | string): SandboxFixture {
  if (typeof source !== 'string') return validateFixture(source)
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch (e) {
    throw new FixtureError(source, `cannot read fixture: ${(e as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new FixtureError(source, `not JSON: ${(e as Error).message}`)
  }
  try {
    return validateFixture(parsed)
  } catch (e) {
    if (e instanceof FixtureError) throw new FixtureError(`${source}: ${e.path}`, e.message.slice(e.path.length + 2))
    throw e
  }
}
