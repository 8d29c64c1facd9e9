// ZXing-C++ (zxing-wasm) in node, for the tests and the benchmark: its .wasm read from node_modules
// (the library would otherwise fetch it from a CDN; the app's worker loads the copy bundled with it).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadZxingCpp, type Engine } from '../../renderer/src/camera/engines.std'

let binary: ArrayBuffer | null = null

/** The .wasm's bytes, read once: the same bytes let zxing-wasm keep the module it compiled from them. */
export function zxingWasmBinary(): ArrayBuffer {
  if (binary) return binary
  const bytes = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'))
  binary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  return binary
}

/** A new ZXing-C++ engine as the worker has it (its own stream of frames), loaded in node. */
export function nodeZxingCpp(): Promise<Engine> {
  return loadZxingCpp({ wasmBinary: zxingWasmBinary() })
}
