/// <reference types="vite/client" />
// The decoder Web Worker (a module worker). Start it with
//   new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module' })
// It answers each FrameRequest with one FrameResult (or WorkerFailure), in order; see protocol.std.ts.
// Only one frame is ever in flight: the page waits for the answer before posting the next one.
// Its engine is ZXing-C++ (WebAssembly), loaded from the .wasm bundled with the app (the page's CSP
// allows 'wasm-unsafe-eval' for it and nothing remote); when it cannot load, @zxing/library.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'
import { loadZxingCpp, zxingJs, type Engine } from './engines.std'
import { handleWorkerMessage } from './worker-handler.std'

/** The part of DedicatedWorkerGlobalScope used here (renderer code compiles with the DOM lib only). */
interface DecoderWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
}

const scope = self as unknown as DecoderWorkerScope

const engine: Promise<Engine> = loadZxingCpp({ locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, self.location.href).href : prefix + path) }).catch(
  (e: unknown) => {
    console.warn(`barcode decoder: ZXing-C++ did not load (${e instanceof Error ? e.message : String(e)}); decoding with @zxing/library`)
    return zxingJs
  }
)

// Messages are answered in the order they came (the page keeps one frame in flight anyway).
let queue: Promise<void> = Promise.resolve()
scope.onmessage = (event) => {
  queue = queue.then(async () => {
    const { response, transfer } = await handleWorkerMessage(event.data, () => performance.now(), await engine)
    scope.postMessage(response, transfer)
  })
}
