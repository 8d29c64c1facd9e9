// Unsent scans whose outbox rows sat on a damaged page, rebuilt from the journal of the damaged file:
// every operation is journaled when queued (case, packaged product, package, operator, API) and at every
// change of state, in another table on other pages, so one damaged page cannot take both. An operation
// whose last journal row is not done or cancelled was not sent; its POS ids (not journaled) are the
// package's, from the manifest or as entered by hand, salvaged before this runs.
import type { Db } from './db'
import { columnsOf, readRows, type Row } from './damagedRead'

const FINISHED = new Set(['done', 'cancelled'])

export interface Rebuilt {
  /** Operations rebuilt into the new outbox. */
  rows: number
  /** Unsent operations found in the journal that could not be rebuilt (an import whose package is unknown). */
  missing: number
  /** False when part of the journal could not be read. */
  complete: boolean
}

/** Rebuilds into `into` the unsent operations of `from`'s journal that `into`'s outbox does not hold. */
export function unsentFromJournal(from: Db, into: Db): Rebuilt {
  const out: Rebuilt = { rows: 0, missing: 0, complete: false }
  const wanted = ['at', 'event', 'outbox_id', 'operation', 'state', 'operator', 'station', 'case_uuid', 'packaged_product_uuid', 'package_uid', 'api_message', 'reason', 'api_url', 'api_client_id']
  let have: Set<string>
  try {
    have = new Set(columnsOf(from, 'journal'))
  } catch {
    return out
  }
  if (!wanted.every((c) => have.has(c))) return out
  const queued = new Map<number, Row>()
  const last = new Map<number, Row>()
  out.complete = readRows(from, 'journal', wanted, 'outbox_id IS NOT NULL', (r) => {
    const id = Number(r.outbox_id)
    if (r.event === 'queued') queued.set(id, r)
    last.set(id, r)
  })
  const inOutbox = into.prepare('SELECT 1 FROM outbox WHERE id = ?').pluck()
  const packageOf = into.prepare('SELECT pos_product_id, pos_inventory_id, sku FROM package WHERE package_uid = ?')
  const insert = into.prepare(`INSERT OR IGNORE INTO outbox (id, operation, case_uuid, packaged_product_uuid, package_uid, pos_product_id,
      pos_inventory_id, sku, reason, operator, station, source, state, api_message, attempts, created_at, updated_at, next_attempt_at,
      api_url, api_client_id)
    VALUES (@id, @operation, @case_uuid, @packaged_product_uuid, @package_uid, @pos_product_id, @pos_inventory_id, @sku, @reason,
      @operator, @station, 'journal', @state, @api_message, 0, @created_at, @updated_at, 0, @api_url, @api_client_id)`)
  for (const [id, q] of queued) {
    const end = last.get(id)!
    if (FINISHED.has(String(end.state)) || inOutbox.get(id) !== undefined) continue
    const pkg = packageOf.get(q.package_uid) as { pos_product_id: string; pos_inventory_id: string; sku: string } | undefined
    if (q.operation === 'import' && !pkg) {
      out.missing++
      continue
    }
    try {
      const changes = insert.run({
        id,
        operation: q.operation,
        case_uuid: q.case_uuid,
        packaged_product_uuid: q.packaged_product_uuid,
        package_uid: q.package_uid,
        pos_product_id: q.operation === 'import' ? pkg!.pos_product_id : null,
        pos_inventory_id: q.operation === 'import' ? pkg!.pos_inventory_id : null,
        sku: q.operation === 'import' ? pkg!.sku || null : null,
        reason: q.reason,
        operator: q.operator,
        station: q.station,
        state: end.state === 'failed' ? 'failed' : 'pending',
        api_message: end.state === 'failed' ? end.api_message : null,
        created_at: q.at,
        updated_at: end.at,
        api_url: q.api_url,
        api_client_id: q.api_client_id
      }).changes
      if (changes > 0) out.rows++
      else out.missing++
    } catch {
      out.missing++
    }
  }
  return out
}
