// Which dispensaries this station learnt are its own (from the API's answers on its confirmed imports),
// kept per API and client id in <dataDir>/own-dispensary.json, so that every face (the lookups of the
// screen, the reconcile of the screen and the command line) reads the same memory.
import fs from 'node:fs'
import path from 'node:path'
import { writeOwnerOnlyFile } from '../ownerOnlyFile'

export const OWN_DISPENSARY_FILE = 'own-dispensary.json'

/** The key of the memory: one API and client id (two clients of one dispensary learn separately). */
export function ownDispensaryKey(apiUrl: string, clientId: string): string {
  return `${apiUrl} ${clientId}`
}

function read(dataDir: string): Record<string, string[]> {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dataDir, OWN_DISPENSARY_FILE), 'utf8')) as unknown
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {}
    const out: Record<string, string[]> = {}
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string').slice(0, 20)
    }
    return out
  } catch {
    return {}
  }
}

export function knownOwnDispensaries(dataDir: string, client: string): Set<string> {
  return new Set(read(dataDir)[client] ?? [])
}

export function rememberOwnDispensaries(dataDir: string, client: string, uuids: Set<string>): void {
  const all = read(dataDir)
  all[client] = [...uuids].slice(0, 20)
  writeOwnerOnlyFile(path.join(dataDir, OWN_DISPENSARY_FILE), `${JSON.stringify(all, null, 2)}\n`)
}
