import { isShortUuid } from './shortuuid'
import { json, type Reply } from './http'

export interface FieldSpec {
  required: boolean
  allowNull?: boolean
  shortUuid?: boolean
  maxLength?: number
}

export type FieldErrors = Record<string, string[]>

function pythonTypeName(v: unknown): string {
  if (v === null) return 'NoneType'
  if (Array.isArray(v)) return 'list'
  if (typeof v === 'string') return 'str'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float'
  return 'dict'
}

/** The request data as a mapping, or the 400 a DRF serializer gives for anything else. */
export function asMapping(data: unknown, present: boolean): { ok: true; data: Record<string, unknown> } | { ok: false; reply: Reply } {
  if (!present) return { ok: true, data: {} }
  if (data === null) return { ok: false, reply: json(400, { non_field_errors: ['No data provided'] }) }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, reply: json(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`] }) }
  }
  return { ok: true, data: data as Record<string, unknown> }
}

/**
 * DRF CharField semantics: numbers become strings, other non-strings are invalid,
 * whitespace is trimmed, blank and null are refused unless allowed.
 */
export function validateFields<K extends string>(
  data: Record<string, unknown>,
  specs: Record<K, FieldSpec>
): { values: Partial<Record<K, string | null>>; errors: FieldErrors } {
  const values: Partial<Record<K, string | null>> = {}
  const errors: FieldErrors = {}
  for (const name of Object.keys(specs) as K[]) {
    const spec = specs[name]
    if (!Object.prototype.hasOwnProperty.call(data, name)) {
      if (spec.required) errors[name] = ['This field is required.']
      continue
    }
    const raw = data[name]
    if (raw === null) {
      if (spec.allowNull) values[name] = null
      else errors[name] = ['This field may not be null.']
      continue
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      errors[name] = ['Not a valid string.']
      continue
    }
    const value = String(raw).trim()
    if (value === '') {
      errors[name] = ['This field may not be blank.']
      continue
    }
    if (spec.maxLength !== undefined && value.length > spec.maxLength) {
      errors[name] = [`Ensure this field has no more than ${spec.maxLength} characters.`]
      continue
    }
    if (spec.shortUuid && !isShortUuid(value)) {
      errors[name] = ['Must be a valid ShortUUID.']
      continue
    }
    values[name] = value
  }
  return { values, errors }
}
