// One entry point for every bridge call, used by both hosts: checks the call name, validates the
// argument with its schema, runs the handler, validates the answer, and wraps it in an envelope.
import type { z } from 'zod'
import { calls, isCallName, type CallName, type CallOutput, type CallResult } from '../contract'
import { SCANNER_OPTION_WORDS } from '../shared/preferences.std'

type ParsedInput<K extends CallName> = z.output<(typeof calls)[K]['input']>

export type CallHandlers = {
  [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>
}

/** An error whose message is meant for the operator (a refusal, not a bug). */
export class RefusedError extends Error {}

export type Dispatch = (name: unknown, payload: unknown) => Promise<CallResult<CallName>>

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/** Calls whose fields an operator types: a bad value is said with the field's words, not the call's name. */
const OPERATOR_FIELD_WORDS: Partial<Record<CallName, Readonly<Record<string, string>>>> = {
  setReceivingPreferences: SCANNER_OPTION_WORDS
}

/** The refusal of a call's argument: in the operator's words when every problem is in a field they typed. */
export function describeInvalidArgument(name: CallName, error: z.ZodError): string {
  const words = OPERATOR_FIELD_WORDS[name]
  const said = error.issues.slice(0, 5).map((issue) => words?.[issue.path.join('.')])
  if (said.every((w) => w !== undefined)) return error.issues.slice(0, 5).map((issue, i) => `${said[i]}: ${issue.message}`).join('; ')
  return `Invalid argument to ${name}: ${describeZodError(error)}`
}

export function createDispatch(handlers: CallHandlers, onInternalError: (name: string, error: unknown) => void): Dispatch {
  return async (name, payload) => {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'invalid-call', message: `Unknown call ${JSON.stringify(String(name).slice(0, 64))}.` } }
    }
    const parsed = calls[name].input.safeParse(payload ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-argument', message: describeInvalidArgument(name, parsed.error) } }
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown
      const value = await handler(parsed.data)
      const checked = calls[name].output.safeParse(value)
      if (!checked.success) {
        onInternalError(name, new Error(`answer does not match the contract: ${describeZodError(checked.error)}`))
        return { ok: false, error: { code: 'internal', message: `The station could not answer ${name}; see the log.` } }
      }
      return { ok: true, value: checked.data as CallOutput<typeof name> }
    } catch (error) {
      if (error instanceof RefusedError) return { ok: false, error: { code: 'refused', message: error.message } }
      onInternalError(name, error)
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, error: { code: 'internal', message: `The station could not do ${name}: ${message}` } }
    }
  }
}
