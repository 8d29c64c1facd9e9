// A Package UID typed on the command line is read as the receiving screen reads a typed tag (F2).
import { describe, expect, it } from 'vitest'
import { openStation } from '../../electron/core/station'
import { importInput, tempDir } from '../core/helpers'
import { cli } from './helpers'

const CASE = '2TNRMhkwBGUMEwRRJYKB6T'
const TAG = '1A4FF0100000022000000101'

/** A data folder whose station has queued one import of CASE into the package given (and is closed). */
async function folderWithImportInto(packageUid: string): Promise<string> {
  const dir = tempDir()
  const st = openStation({ dataDir: dir })
  st.enqueueImports([importInput({ uuid: CASE, pp: 'oN5BereXRzv4DfbDuY8mzw', pkg: packageUid })])
  await st.close()
  return dir
}

describe('typed Package UIDs on the command line', () => {
  it('remove --package in lower case undoes the import of that tag (here: cancels the unsent import), never a remove from a package that does not exist', { timeout: 60_000 }, async () => {
    const dir = await folderWithImportInto(TAG)
    const r = await cli(['remove', '--case', CASE, '--package', TAG.toLowerCase(), '--reason', 'wrong scan', '--json', '--data', dir])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as { cancelled?: { packageUid: string }[]; item?: unknown }
    expect(doc.item).toBeUndefined()
    expect(doc.cancelled?.length).toBeGreaterThan(0)
    expect(new Set(doc.cancelled?.map((i) => i.packageUid))).toEqual(new Set([TAG]))
  })
})

describe('remove names the right package', () => {
  it('a remove from a package this station did not import the case into is refused (exit 3), naming the right package; nothing queued', { timeout: 60_000 }, async () => {
    const dir = await folderWithImportInto(TAG)
    const other = '1A4FF0100000022000000103'
    const r = await cli(['remove', '--case', CASE, '--package', other, '--data', dir])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(`imported by this station into ${TAG}, not into ${other}`)
    const after = openStation({ dataDir: dir })
    expect(after.operationsOnCase(CASE).map((i) => i.operation)).toEqual(['import'])
    await after.close()
  })
})
