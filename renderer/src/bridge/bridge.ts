// The one module through which the page talks to the station, whichever host it runs in:
// the desktop app's preload (`window.station`) or the browser host over HTTP and server-sent events.
// Every answer is checked against the contract before the page uses it.
import {
  CALL_NAMES,
  callResultEnvelope,
  calls,
  stationEvent,
  type CallInput,
  type CallName,
  type CallOutput,
  type StationBridge,
  type StationEvent
} from '../../../electron/contract'

/** An error with a message meant for the operator. */
export class BridgeError extends Error {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

type RawTransport = {
  call(name: CallName, input: unknown): Promise<unknown>
  onEvent(listener: (event: unknown) => void): () => void
}

/** What the desktop app's preload exposes: one function per call, and the event subscription. */
type PreloadApi = Record<CallName, (input: unknown) => Promise<unknown>> & {
  onEvent(listener: (event: unknown) => void): () => void
}

declare global {
  interface Window {
    /** Present only in the desktop app. */
    station?: PreloadApi
  }
}

function preloadTransport(api: PreloadApi): RawTransport {
  return { call: (name, input) => api[name](input), onEvent: (listener) => api.onEvent(listener) }
}

function httpTransport(): RawTransport {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem('station-token', fromUrl)
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', window.location.pathname)
  }
  const token = fromUrl ?? sessionStorage.getItem('station-token') ?? ''
  return {
    async call(name, input) {
      let response: Response
      try {
        response = await fetch(`/api/call/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {})
        })
      } catch {
        throw new BridgeError('The station is not answering. Is it still running?', 'unreachable')
      }
      if (response.status === 401) throw new BridgeError('This page is not authorised: open the address the station printed.', 'unauthorised')
      return response.json()
    },
    onEvent(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
      source.onmessage = (message) => {
        try {
          listener(JSON.parse(message.data as string))
        } catch {
          // A malformed event is dropped; the next queue event carries the full state again.
        }
      }
      return () => source.close()
    }
  }
}

function createBridge(transport: RawTransport): StationBridge {
  const bridge: Record<string, unknown> = {}
  for (const name of CALL_NAMES) {
    bridge[name] = async (input: unknown) => {
      const envelope = callResultEnvelope.safeParse(await transport.call(name, input))
      if (!envelope.success) throw new BridgeError(`The station gave an unreadable answer to ${name}.`, 'internal')
      if (!envelope.data.ok) throw new BridgeError(envelope.data.error.message, envelope.data.error.code)
      const value = calls[name].output.safeParse(envelope.data.value)
      if (!value.success) throw new BridgeError(`The station's answer to ${name} does not match this page's version.`, 'internal')
      return value.data
    }
  }
  bridge.onEvent = (listener: (event: StationEvent) => void) =>
    transport.onEvent((raw) => {
      const event = stationEvent.safeParse(raw)
      if (event.success) listener(event.data)
    })
  return bridge as StationBridge
}

/** What the operator reads when a call failed: the station's own words for a refusal, or what went wrong on the way. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export const station: StationBridge = createBridge(window.station ? preloadTransport(window.station) : httpTransport())

export type { CallInput, CallOutput }
