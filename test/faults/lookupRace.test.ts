// A lookup answer that was computed before an import went through, but reached the station after the
// import was confirmed, must not make the case look "Not imported" again. A real proxy in front of the
// real sandbox holds back the lookup's answer (the network being slow one way) to make the race certain.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { cleanupsAfterEach } from '../support/cleanups'
import { openStation } from '../../electron/core/station'
import { configureDataDir, faultWorldOnSandbox, importInput, tempDir } from './support/world'

const cleanups = cleanupsAfterEach()

/** Forwards everything to `target`; answers to requests matching `slow` are held back `delayMs`. */
async function slowAnswerProxy(target: string, slow: RegExp, delayMs: number): Promise<{ url: string; slowAnswerComputed: Promise<void>; stop: () => Promise<void> }> {
  let computed: () => void = () => {}
  const slowAnswerComputed = new Promise<void>((r) => (computed = r))
  const server = http.createServer((req, res) => {
    const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (c: Buffer) => chunks.push(c))
      answer.on('end', () => {
        const send = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          res.end(Buffer.concat(chunks))
        }
        if (slow.test(req.url ?? '')) {
          computed() // the sandbox has answered; the station gets it only after the delay
          setTimeout(send, delayMs)
        } else send()
      })
    })
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    slowAnswerComputed,
    stop: () => new Promise<void>((r) => {
      server.close(() => r())
      server.closeAllConnections()
    })
  }
}

describe('lookup answers racing an import', () => {
  it('an answer computed before the import but received after it does not undo "Imported"', { timeout: 30_000 }, async () => {
    const { world, sb } = await faultWorldOnSandbox(cleanups, 2, { rateLimit: 100_000 })
    const c = world.cases[0]!
    const proxy = await slowAnswerProxy(sb.url, /\/package-uids\//, 3_000)
    cleanups.push(() => proxy.stop())
    const dir = tempDir()
    await configureDataDir(dir, proxy.url, { rateLimit: 50_000 })
    const st = openStation({ dataDir: dir })
    cleanups.push(() => st.close())

    const looking = st.lookup(c.pkg) // the sandbox answers "not imported" at once; the answer is held back
    await proxy.slowAnswerComputed
    st.enqueueImport(importInput(c))
    expect(await st.drain({ timeoutMs: 10_000 })).toBe(true)
    const late = await looking
    expect(late.cases.find((x) => x.caseUuid === c.uuid)?.api?.isImported).toBe(false) // the race happened

    const view = await st.lookup(c.pkg, { refresh: false })
    expect(view.cases.find((x) => x.caseUuid === c.uuid)?.status).toBe('Imported')
  })
})
