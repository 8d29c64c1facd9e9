import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import type { SandboxFixture } from './fixture'
import { shortUuidFrom } from './shortuuid'

// Each entry moves the schema from user_version i to i + 1.
const MIGRATIONS: string[] = [
  `
  CREATE TABLE companies (uuid TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE dispensaries (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL,
    company TEXT NOT NULL REFERENCES companies(uuid)
  );
  CREATE TABLE clients (
    client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL,
    dispensary TEXT NOT NULL REFERENCES dispensaries(uuid)
  );
  CREATE TABLE cases (uuid TEXT PRIMARY KEY);
  CREATE TABLE packaged_products (
    case_uuid TEXT NOT NULL REFERENCES cases(uuid), uuid TEXT NOT NULL,
    PRIMARY KEY (case_uuid, uuid)
  );
  CREATE INDEX packaged_products_uuid ON packaged_products(uuid);
  CREATE TABLE lucid_ids (lucid_id TEXT PRIMARY KEY, case_uuid TEXT NOT NULL REFERENCES cases(uuid));
  CREATE INDEX lucid_ids_case ON lucid_ids(case_uuid);
  CREATE TABLE case_package_uids (
    case_uuid TEXT NOT NULL REFERENCES cases(uuid), package_uid TEXT NOT NULL,
    PRIMARY KEY (package_uid, case_uuid)
  );
  CREATE TABLE case_dispensaries (
    case_uuid TEXT NOT NULL REFERENCES cases(uuid), dispensary TEXT NOT NULL REFERENCES dispensaries(uuid),
    PRIMARY KEY (case_uuid, dispensary)
  );
  CREATE TABLE pos_package_uids (
    dispensary TEXT NOT NULL REFERENCES dispensaries(uuid), package_uid TEXT NOT NULL,
    pos_product_id TEXT NOT NULL, pos_inventory_id TEXT NOT NULL, sku TEXT,
    PRIMARY KEY (dispensary, package_uid)
  );
  CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    case_uuid TEXT NOT NULL REFERENCES cases(uuid), packaged_product_uuid TEXT NOT NULL,
    dispensary TEXT NOT NULL REFERENCES dispensaries(uuid), package_uid TEXT NOT NULL,
    pos_product_id TEXT NOT NULL, pos_inventory_id TEXT NOT NULL, sku TEXT,
    imported_at INTEGER NOT NULL,
    UNIQUE (case_uuid, packaged_product_uuid)
  );
  CREATE TABLE tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(client_id), expires_at INTEGER NOT NULL
  );
  CREATE TABLE exports (id TEXT PRIMARY KEY, dispensary TEXT NOT NULL, created_at INTEGER NOT NULL, content TEXT NOT NULL);
  `
]

export const SCHEMA_VERSION = MIGRATIONS.length
const ITEMS_PER_PACKAGED_PRODUCT = 4

export interface Caller { clientId: string; dispensary: string; company: string }

export interface ImportInput {
  caseUuid: string
  packagedProductUuid: string
  packageUid: string
  posProductId: string
  posInventoryId: string
  sku: string | null
}

export type ImportOutcome =
  | { kind: 'imported' }
  | { kind: 'other_dispensary' }
  | { kind: 'already_imported'; packageUid: string }

export interface LookupEntry {
  is_imported: boolean
  imported_on: string | null
  package_uid: string | null
  dispensary: { uuid: string; name: string; state: string } | null
}

/** ISO-8601 as the API prints it: `2026-05-10T15:00:00Z` (milliseconds only when not zero). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
}

function tokenString(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(randomBytes(30), (b) => chars[b % chars.length]).join('')
}

export class Store {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()

  constructor(file: string) {
    // In the desktop app (`npm start`) better-sqlite3 must be the copy built for Electron, whose path
    // the launcher passes in STATION_SQLITE_BINDING (the station's core reads the same variable).
    const binding = process.env.STATION_SQLITE_BINDING
    this.db = new Database(file, binding ? { nativeBinding: binding } : {})
    this.db.pragma('busy_timeout = 5000')
    if (file !== ':memory:' && file !== '') this.db.pragma('journal_mode = WAL')
    this.db.pragma('foreign_keys = ON')
    this.migrate()
  }

  /** One step per transaction; another process may be migrating the same file at the same moment. */
  private migrate(): void {
    const step = this.db.transaction((): boolean => {
      const current = this.db.pragma('user_version', { simple: true }) as number
      if (current > SCHEMA_VERSION) {
        throw new Error(`sandbox database schema version ${current} is newer than this sandbox (${SCHEMA_VERSION})`)
      }
      if (current === SCHEMA_VERSION) return false
      this.db.exec(MIGRATIONS[current]!)
      this.db.pragma(`user_version = ${current + 1}`)
      return true
    })
    while (step.immediate()) { /* next step */ }
  }

  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql)
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)))
    return st
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  get open(): boolean {
    return this.db.open
  }

  /** Applies `fixture` when the database holds no data yet; returns whether it did. */
  seedIfEmpty(fixture: SandboxFixture): boolean {
    return this.db.transaction(() => {
      const row = this.stmt(
        'SELECT (SELECT count(*) FROM companies) + (SELECT count(*) FROM clients) + (SELECT count(*) FROM cases) AS n'
      ).get() as { n: number }
      if (row.n > 0) return false
      this.applyFixture(fixture)
      return true
    }).immediate()
  }

  private applyFixture(f: SandboxFixture): void {
    const company = this.stmt('INSERT INTO companies (uuid, name) VALUES (?, ?)')
    const dispensary = this.stmt('INSERT INTO dispensaries (uuid, name, state, company) VALUES (?, ?, ?, ?)')
    const client = this.stmt('INSERT INTO clients (client_id, client_secret, dispensary) VALUES (?, ?, ?)')
    const kase = this.stmt('INSERT INTO cases (uuid) VALUES (?)')
    const product = this.stmt('INSERT INTO packaged_products (case_uuid, uuid) VALUES (?, ?)')
    const lucid = this.stmt('INSERT INTO lucid_ids (lucid_id, case_uuid) VALUES (?, ?)')
    for (const c of f.companies) company.run(c.uuid, c.name)
    for (const d of f.dispensaries) dispensary.run(d.uuid, d.name, d.state, d.company)
    for (const c of f.clients) client.run(c.client_id, c.client_secret, c.dispensary)
    for (const c of f.cases) {
      kase.run(c.uuid)
      for (const p of c.packaged_products) product.run(c.uuid, p)
      for (const u of c.package_uids) this.associatePackage(c.uuid, u)
      for (const d of c.dispensaries) this.associateDispensary(c.uuid, d)
      const items = c.lucid_ids ?? c.packaged_products.flatMap((p) =>
        Array.from({ length: ITEMS_PER_PACKAGED_PRODUCT }, (_, i) => shortUuidFrom(`lucid:${c.uuid}:${p}:${i}`)))
      for (const l of items) lucid.run(l, c.uuid)
    }
    const now = Date.now()
    for (const i of f.imports ?? []) {
      this.recordImport(i.dispensary, {
        caseUuid: i.case,
        packagedProductUuid: i.packaged_product,
        packageUid: i.package_uid,
        posProductId: i.pos_product_id,
        posInventoryId: i.pos_inventory_id,
        sku: i.sku ?? null
      }, i.imported_on ? Date.parse(i.imported_on) : now)
    }
  }

  private associatePackage(caseUuid: string, packageUid: string): void {
    this.stmt('INSERT OR IGNORE INTO case_package_uids (case_uuid, package_uid) VALUES (?, ?)').run(caseUuid, packageUid)
  }

  private associateDispensary(caseUuid: string, dispensary: string): void {
    this.stmt('INSERT OR IGNORE INTO case_dispensaries (case_uuid, dispensary) VALUES (?, ?)').run(caseUuid, dispensary)
  }

  private recordImport(dispensary: string, i: ImportInput, at: number): void {
    this.stmt(`INSERT INTO imports
      (case_uuid, packaged_product_uuid, dispensary, package_uid, pos_product_id, pos_inventory_id, sku, imported_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(i.caseUuid, i.packagedProductUuid, dispensary, i.packageUid, i.posProductId, i.posInventoryId, i.sku, at)
    this.stmt(`INSERT INTO pos_package_uids (dispensary, package_uid, pos_product_id, pos_inventory_id, sku)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (dispensary, package_uid) DO UPDATE SET
        pos_product_id = excluded.pos_product_id, pos_inventory_id = excluded.pos_inventory_id,
        sku = coalesce(excluded.sku, pos_package_uids.sku)`)
      .run(dispensary, i.packageUid, i.posProductId, i.posInventoryId, i.sku)
    this.associateDispensary(i.caseUuid, dispensary)
    this.associatePackage(i.caseUuid, i.packageUid)
  }

  // --- tokens ---

  clientFor(clientId: string, clientSecret: string): Caller | null {
    const row = this.stmt(`SELECT c.client_id, c.client_secret, d.uuid AS dispensary, d.company
      FROM clients c JOIN dispensaries d ON d.uuid = c.dispensary WHERE c.client_id = ?`)
      .get(clientId) as { client_id: string; client_secret: string; dispensary: string; company: string } | undefined
    if (!row || row.client_secret !== clientSecret) return null
    return { clientId: row.client_id, dispensary: row.dispensary, company: row.company }
  }

  issueToken(clientId: string, ttlSeconds: number, now = Date.now()): string {
    const token = tokenString()
    this.db.transaction(() => {
      this.stmt('DELETE FROM tokens WHERE expires_at <= ?').run(now)
      this.stmt('INSERT INTO tokens (token, client_id, expires_at) VALUES (?, ?, ?)').run(token, clientId, now + ttlSeconds * 1000)
    }).immediate()
    return token
  }

  callerForToken(token: string, now = Date.now()): Caller | null {
    const row = this.stmt(`SELECT t.client_id, d.uuid AS dispensary, d.company
      FROM tokens t JOIN clients c ON c.client_id = t.client_id JOIN dispensaries d ON d.uuid = c.dispensary
      WHERE t.token = ? AND t.expires_at > ?`).get(token, now) as { client_id: string; dispensary: string; company: string } | undefined
    return row ? { clientId: row.client_id, dispensary: row.dispensary, company: row.company } : null
  }

  // --- cases ---

  caseExists(caseUuid: string): boolean {
    return this.stmt('SELECT 1 FROM cases WHERE uuid = ?').get(caseUuid) !== undefined
  }

  packagedProductExists(uuid: string): boolean {
    return this.stmt('SELECT 1 FROM packaged_products WHERE uuid = ?').get(uuid) !== undefined
  }

  caseHolds(caseUuid: string, packagedProductUuid: string): boolean {
    return this.stmt('SELECT 1 FROM packaged_products WHERE case_uuid = ? AND uuid = ?')
      .get(caseUuid, packagedProductUuid) !== undefined
  }

  importCase(caller: Caller, input: ImportInput, now = Date.now()): ImportOutcome {
    return this.db.transaction((): ImportOutcome => {
      const other = this.stmt('SELECT 1 FROM imports WHERE case_uuid = ? AND dispensary <> ?')
        .get(input.caseUuid, caller.dispensary)
      if (other) return { kind: 'other_dispensary' }
      const mine = this.stmt('SELECT package_uid FROM imports WHERE case_uuid = ? AND packaged_product_uuid = ?')
        .get(input.caseUuid, input.packagedProductUuid) as { package_uid: string } | undefined
      if (mine) return { kind: 'already_imported', packageUid: mine.package_uid }
      this.recordImport(caller.dispensary, input, now)
      return { kind: 'imported' }
    }).immediate()
  }

  hasPosPackageUid(dispensary: string, packageUid: string): boolean {
    return this.stmt('SELECT 1 FROM pos_package_uids WHERE dispensary = ? AND package_uid = ?')
      .get(dispensary, packageUid) !== undefined
  }

  /** Deletes the caller's active imports of the case into the package; returns how many. */
  removeImports(caller: Caller, caseUuid: string, packageUid: string, packagedProductUuid: string | null): number {
    const sql = packagedProductUuid === null
      ? 'DELETE FROM imports WHERE dispensary = ? AND case_uuid = ? AND package_uid = ?'
      : 'DELETE FROM imports WHERE dispensary = ? AND case_uuid = ? AND package_uid = ? AND packaged_product_uuid = ?'
    const args = packagedProductUuid === null
      ? [caller.dispensary, caseUuid, packageUid]
      : [caller.dispensary, caseUuid, packageUid, packagedProductUuid]
    return this.stmt(sql).run(...args).changes
  }

  lookup(caller: Caller, packageUid: string): Record<string, LookupEntry> {
    const cases = this.stmt(`SELECT p.case_uuid FROM case_package_uids p
      JOIN case_dispensaries d ON d.case_uuid = p.case_uuid AND d.dispensary = ?
      WHERE p.package_uid = ? ORDER BY p.rowid`).all(caller.dispensary, packageUid) as { case_uuid: string }[]
    const latest = this.stmt(`SELECT i.imported_at, i.package_uid, d.uuid, d.name, d.state, d.company
      FROM imports i JOIN dispensaries d ON d.uuid = i.dispensary
      WHERE i.case_uuid = ? ORDER BY i.imported_at DESC, i.id DESC LIMIT 1`)
    const out: Record<string, LookupEntry> = {}
    for (const { case_uuid } of cases) {
      const row = latest.get(case_uuid) as
        { imported_at: number; package_uid: string; uuid: string; name: string; state: string; company: string } | undefined
      if (!row) {
        out[case_uuid] = { is_imported: false, imported_on: null, package_uid: null, dispensary: null }
        continue
      }
      const visible = row.company === caller.company
      out[case_uuid] = {
        is_imported: true,
        imported_on: isoTime(row.imported_at),
        package_uid: visible ? row.package_uid : null,
        dispensary: visible ? { uuid: row.uuid, name: row.name, state: row.state } : null
      }
    }
    return out
  }

  // --- exports ---

  /** `{"<package_uid>": {"<case_uuid>": ["<lucid_id>", ...]}}` for the dispensary. */
  exportContent(dispensary: string): Record<string, Record<string, string[]>> {
    const rows = this.stmt(`SELECT p.package_uid, p.case_uuid FROM case_package_uids p
      JOIN case_dispensaries d ON d.case_uuid = p.case_uuid AND d.dispensary = ?
      ORDER BY p.package_uid, p.rowid`).all(dispensary) as { package_uid: string; case_uuid: string }[]
    const items = this.stmt('SELECT lucid_id FROM lucid_ids WHERE case_uuid = ? ORDER BY rowid')
    const out: Record<string, Record<string, string[]>> = {}
    for (const r of rows) {
      const pkg = (out[r.package_uid] ??= {})
      pkg[r.case_uuid] = (items.all(r.case_uuid) as { lucid_id: string }[]).map((x) => x.lucid_id)
    }
    return out
  }

  saveExport(id: string, dispensary: string, content: string, now = Date.now()): void {
    this.stmt('INSERT INTO exports (id, dispensary, created_at, content) VALUES (?, ?, ?, ?)').run(id, dispensary, now, content)
  }

  exportById(id: string): string | null {
    const row = this.stmt('SELECT content FROM exports WHERE id = ?').get(id) as { content: string } | undefined
    return row ? row.content : null
  }
}
