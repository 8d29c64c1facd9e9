import type { FieldErrors } from './fields'

export interface Faults {
  latency_ms: number
  error_rate: number
  error_status: 500 | 502 | 503 | 504
  reset_rate: number
  lose_response_rate: number
  down: boolean
}

export const NO_FAULTS: Faults = {
  latency_ms: 0,
  error_rate: 0,
  error_status: 503,
  reset_rate: 0,
  lose_response_rate: 0,
  down: false
}

const ERROR_STATUSES = [500, 502, 503, 504]
const MAX_LATENCY_MS = 120_000

function isRate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1
}

/** Merges a patch into the faults, or returns field errors and leaves them as they were. */
export function mergeFaults(current: Faults, patch: Record<string, unknown>): { ok: true; faults: Faults } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const next: Faults = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case 'latency_ms':
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_LATENCY_MS) next.latency_ms = value
        else errors[key] = [`Must be a number from 0 to ${MAX_LATENCY_MS}.`]
        break
      case 'error_rate':
      case 'reset_rate':
      case 'lose_response_rate':
        if (isRate(value)) next[key] = value
        else errors[key] = ['Must be a number from 0 to 1.']
        break
      case 'error_status':
        if (typeof value === 'number' && ERROR_STATUSES.includes(value)) next.error_status = value as Faults['error_status']
        else errors[key] = [`Must be one of ${ERROR_STATUSES.join(', ')}.`]
        break
      case 'down':
        if (typeof value === 'boolean') next.down = value
        else errors[key] = ['Must be a valid boolean.']
        break
      default:
        errors[key] = ['Unknown fault.']
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, faults: next }
}

/** True with probability `rate`; 0 never and 1 always. */
export function roll(rate: number, random: () => number = Math.random): boolean {
  return rate > 0 && random() < rate
}
