// Where a station keeps its data when no folder is given: the OS's app-data location, the same
// folder for the desktop app, the browser host and the command line.
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_FOLDER_NAME = 'caseid-station'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.STATION_DATA_DIR) return env.STATION_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER_NAME)
}
