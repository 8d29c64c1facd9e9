// The decoder Web Worker (a module worker). Start it with
//   new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module' })
// It answers each FrameRequest with one FrameResult (or WorkerFailure), in order; see protocol.ts.
// Only one frame is ever in flight: the page waits for the answer before posting the next one.
import { handleWorkerMessage } from './worker-handler'

/** The part of DedicatedWorkerGlobalScope used here (renderer code compiles with the DOM lib only). */
interface DecoderWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
}

const scope = self as unknown as DecoderWorkerScope

scope.onmessage = (event) => {
  const { response, transfer } = handleWorkerMessage(event.data, () => performance.now())
  scope.postMessage(response, transfer)
}
