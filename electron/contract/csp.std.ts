// The Content-Security-Policy of the station's page, sent by both hosts (the desktop app's
// app:// protocol and the browser host). No inline script, no eval, nothing remote; WebAssembly
// compiled from the app's own .wasm only (the barcode decoder worker's ZXing-C++).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'", // compiling the app's own WebAssembly (the barcode decoder); still no eval of text
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'", // the barcode decoder worker is its own file in the build, never a blob:
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'"
].join('; ')
