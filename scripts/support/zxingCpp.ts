// ZXing-C++ (zxing-wasm) in node, for the tests and the benchmark: its .wasm read from node_modules
// (the library would otherwise fetch it from a CDN; the app's worker loads the copy bundled with it).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadZxingCpp, type Engine } from '../../renderer/src/camera/engines.std'

export function zxingWasmBinary(): ArrayBuffer {
  const bytes = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'))
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

/** The worker's ZXing-C++ engine, loaded in node. */
export function nodeZxingCpp(): Promise<Engine> {
  return loadZxingCpp({ wasmBinary: zxingWasmBinary() })
}
