import type { Caller, Store } from '../store'

/** What an authenticated /api/ route gets. */
export interface ApiContext {
  store: Store
  caller: Caller
  contentType: string | undefined
  body: Buffer
  query: URLSearchParams
  baseUrl: string
}
