import { randomBytes } from 'node:crypto'
import { json, notFound, type Reply } from '../http'
import type { Store } from '../store'
import type { ApiContext } from './context'

const error = (status: number, message: string): Reply => json(status, { error: message })

function parseDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value) ? d : null
}

/** `GET /api/v1.2/package-uids-export/?export_date=YYYY-MM-DD`: a snapshot, served at once. */
export function exportRoute(ctx: ApiContext): Reply {
  const raw = ctx.query.get('export_date')
  if (raw !== null) {
    const date = parseDate(raw)
    if (!date) return error(400, `Invalid export_date "${raw}": expected YYYY-MM-DD.`)
    const today = new Date().toISOString().slice(0, 10)
    if (raw > today) return error(400, 'export_date cannot be in the future.')
  }
  const id = randomBytes(12).toString('hex')
  ctx.store.saveExport(id, ctx.caller.dispensary, JSON.stringify(ctx.store.exportContent(ctx.caller.dispensary)))
  return json(200, { export_url: `${ctx.baseUrl}/exports/${id}.json` })
}

/** `GET /exports/<id>.json`: like a pre-signed download link, it needs no token. */
export function exportFileRoute(store: Store, method: string, id: string): Reply {
  if (method !== 'GET' && method !== 'HEAD') return error(405, `Method "${method}" not allowed.`)
  const content = store.exportById(id)
  return content === null ? notFound() : { status: 200, text: content, headers: { 'Content-Type': 'application/json' } }
}
