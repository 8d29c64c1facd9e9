// The desktop app's data folder, decided before Electron is ready: the same folder as the browser host
// and the command line, with Chromium's own files in its desktop/ subfolder. Plain Node: tested
// without Electron. Files created from here on are owner-only; the folder itself is created (0700)
// or put right by the station runtime, which says in words when it cannot be used.
import { join } from 'node:path'
import { defaultDataDir, restrictNewFiles } from '../core/dataDir'

export function desktopDataDir(env: NodeJS.ProcessEnv = process.env): { dataDir: string; userData: string } {
  restrictNewFiles()
  const dataDir = defaultDataDir(env)
  return { dataDir, userData: join(dataDir, 'desktop') }
}
