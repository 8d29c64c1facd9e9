// Numbered, forward-only schema migrations. The database's PRAGMA user_version is the number of the
// last one applied. Never edit a migration that has shipped: add the next one.
export interface Migration {
  version: number
  description: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'settings, outbox, journal, manifest, lookup cache, rate-limiter log',
    sql: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE outbox (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  operation             TEXT NOT NULL CHECK (operation IN ('import', 'remove')),
  case_uuid             TEXT NOT NULL,
  packaged_product_uuid TEXT,
  package_uid           TEXT NOT NULL,
  pos_product_id        TEXT,
  pos_inventory_id      TEXT,
  sku                   TEXT,
  reason                TEXT,
  operator              TEXT,
  station               TEXT,
  source                TEXT,
  state                 TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'failed', 'done', 'cancelled')),
  outcome               TEXT,
  api_message           TEXT,
  last_error            TEXT,
  attempts              INTEGER NOT NULL DEFAULT 0,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  next_attempt_at       INTEGER NOT NULL DEFAULT 0,
  last_attempt_at       INTEGER,
  done_at               INTEGER,
  claimed_by            TEXT,
  lease_until           INTEGER,
  cancelled_with        INTEGER REFERENCES outbox(id),
  CHECK (operation = 'remove' OR (packaged_product_uuid IS NOT NULL AND pos_product_id IS NOT NULL AND pos_inventory_id IS NOT NULL))
) STRICT;
CREATE INDEX outbox_active_case ON outbox (case_uuid, id) WHERE state IN ('pending', 'in_flight', 'failed');
CREATE INDEX outbox_sendable ON outbox (id) WHERE state IN ('pending', 'in_flight');
CREATE INDEX outbox_failed ON outbox (case_uuid, id) WHERE state = 'failed';
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX outbox_state ON outbox (state);
CREATE INDEX outbox_case ON outbox (case_uuid, id);
CREATE INDEX outbox_updated ON outbox (updated_at);
CREATE INDEX outbox_package ON outbox (package_uid, case_uuid);

CREATE TABLE journal (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  at                    INTEGER NOT NULL,
  event                 TEXT NOT NULL,
  outbox_id             INTEGER REFERENCES outbox(id),
  operation             TEXT,
  state                 TEXT,
  outcome               TEXT,
  operator              TEXT,
  station               TEXT,
  case_uuid             TEXT,
  packaged_product_uuid TEXT,
  package_uid           TEXT,
  api_message           TEXT,
  reason                TEXT,
  detail                TEXT
) STRICT;
CREATE INDEX journal_at ON journal (at);
CREATE INDEX journal_outbox ON journal (outbox_id);

CREATE TABLE package (
  package_uid      TEXT PRIMARY KEY,
  pos_product_id   TEXT NOT NULL,
  pos_inventory_id TEXT NOT NULL,
  sku              TEXT NOT NULL DEFAULT '',
  product_name     TEXT NOT NULL DEFAULT '',
  on_manifest      INTEGER NOT NULL DEFAULT 0,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE package_case (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  package_uid           TEXT NOT NULL REFERENCES package(package_uid) ON DELETE CASCADE,
  case_uuid             TEXT NOT NULL,
  packaged_product_uuid TEXT,
  line                  INTEGER,
  on_manifest           INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX package_case_unique ON package_case (package_uid, case_uuid, coalesce(packaged_product_uuid, ''));
CREATE INDEX package_case_case ON package_case (case_uuid);

CREATE TABLE lookup_cache (
  package_uid TEXT PRIMARY KEY,
  body        TEXT NOT NULL,
  fetched_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE request_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX request_log_at ON request_log (at);
`
  },
  {
    version: 2,
    description: "review: a day's manifest packages found by load time without a scan",
    sql: `
CREATE INDEX package_manifest_updated ON package (updated_at) WHERE on_manifest = 1;
`
  },
  {
    version: 3,
    description: 'every operation bound to the API it was queued for (address and client id); existing ones to the API configured now',
    sql: `
ALTER TABLE outbox ADD COLUMN api_url TEXT NOT NULL DEFAULT 'builtin';
ALTER TABLE outbox ADD COLUMN api_client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN api_url TEXT;
ALTER TABLE journal ADD COLUMN api_client_id TEXT;
UPDATE outbox SET
  api_url = coalesce((SELECT value FROM settings WHERE key = 'api_url'), 'builtin'),
  api_client_id = CASE WHEN coalesce((SELECT value FROM settings WHERE key = 'api_url'), 'builtin') = 'builtin' THEN ''
    ELSE coalesce((SELECT value FROM settings WHERE key = 'client_id'), '') END;
UPDATE journal SET api_url = (SELECT o.api_url FROM outbox o WHERE o.id = journal.outbox_id),
  api_client_id = (SELECT o.api_client_id FROM outbox o WHERE o.id = journal.outbox_id)
  WHERE outbox_id IS NOT NULL;
DROP INDEX outbox_sendable;
CREATE INDEX outbox_sendable ON outbox (api_url, api_client_id, id) WHERE state IN ('pending', 'in_flight');
`
  }
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
