import { mergeFaults, NO_FAULTS, type Faults } from '../faults'
import { asMapping } from '../fields'
import { json, methodNotAllowed, notFound, parseJsonBody, type Reply } from '../http'
import type { RequestLog } from '../requestLog'

export interface AdminState {
  faults: Faults
  requests: RequestLog
}

/** `/__sandbox/faults` and `/__sandbox/requests` (only when the sandbox runs with admin on). */
export function adminRoute(state: AdminState, method: string, path: string, body: Buffer): Reply {
  const route = path.replace(/\/$/, '')
  if (route === '/__sandbox/faults') {
    if (method === 'GET' || method === 'HEAD') return json(200, state.faults)
    if (method === 'DELETE') {
      state.faults = { ...NO_FAULTS }
      return json(200, state.faults)
    }
    if (method !== 'POST') return methodNotAllowed(method, ['GET', 'POST', 'DELETE'])
    const parsed = parseJsonBody('application/json', body)
    if (!parsed.ok) return parsed.reply
    const m = asMapping(parsed.data, parsed.present)
    if (!m.ok) return m.reply
    const merged = mergeFaults(state.faults, m.data)
    if (!merged.ok) return json(400, merged.errors)
    state.faults = merged.faults
    return json(200, state.faults)
  }
  if (route === '/__sandbox/requests') {
    if (method === 'GET' || method === 'HEAD') return json(200, state.requests.all())
    if (method === 'DELETE') {
      state.requests.clear()
      return json(200, [])
    }
    return methodNotAllowed(method, ['GET', 'DELETE'])
  }
  return notFound()
}
