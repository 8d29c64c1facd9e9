// One entry point for every bridge call, used by both hosts: checks the call name, validates the
// argument with its schema, runs the handler, validates the answer, and wraps it in an envelope.
import type { z } from 'zod'
import { calls, isCallName, type CallName, type CallOutput, type CallResult } from '../contract'

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

export function createDispatch(handlers: CallHandlers, onInternalError: (name: string, error: unknown) => void): Dispatch {
  return async (name, payload) => {
    if (!isCallName(name)) {
      return { ok: false, error: { code: 'invalid-call', message: `Unknown call ${JSON.stringify(String(name).slice(0, 64))}.` } }
    }
    const parsed = calls[name].input.safeParse(payload ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-argument', message: `Invalid argument to ${name}: ${describeZodError(parsed.error)}` } }
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
