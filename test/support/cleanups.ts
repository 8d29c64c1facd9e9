// What a test started, undone after it: `cleanups.push(() => sandbox.stop())`.
import { afterEach } from 'vitest'

export type Cleanup = () => Promise<void> | void

/** A list to push undo steps to; after each test they run newest first, each awaited. */
export function cleanupsAfterEach(): Cleanup[] {
  const cleanups: Cleanup[] = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!()
  })
  return cleanups
}
