// Where a station keeps its data when no folder is given: the OS's app-data location, the same
// folder for the desktop app, the browser host and the command line. The folder holds operators,
// the manifest, the journal and the API credentials: it and every file in it are for its owner only
// (0700 / 0600), whichever face creates it, and an existing folder is put right at every start.
import fs from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_FOLDER_NAME = 'caseid-station'

/** The station's own subfolders, whose files are kept owner-only too (desktop/ is Chromium's: only the folder). */
const STATION_SUBFOLDERS = ['logs', 'backups'] as const
const FOLDER_MODE = 0o700

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.STATION_DATA_DIR) return env.STATION_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER_NAME)
}

/** The data folder cannot be created or written: said in words, with what to check. */
export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    readonly code: string
  ) {
    super(`The station cannot use its data folder ${dataDir}: ${reasonOf(code)} (${code}). Check that the data folder exists, is a folder, and is writable, or choose another one (--data DIR or STATION_DATA_DIR).`)
    this.name = 'DataDirError'
  }
}

function reasonOf(code: string): string {
  switch (code) {
    case 'EROFS':
      return 'it is on a read-only file system'
    case 'EACCES':
    case 'EPERM':
      return 'it is read-only or this user may not write there'
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file of that name is in the way'
    case 'ENOSPC':
      return 'the disk is full'
    default:
      return 'it cannot be written'
  }
}

/**
 * Files this process creates from now on are for its owner only (umask 077): SQLite creates the
 * database, its -wal and -shm with the process's default mode. Called by each face at start; a
 * worker thread cannot set it, and the files are then put right by ownerOnlyDataDir.
 */
export function restrictNewFiles(): void {
  if (process.platform === 'win32') return
  try {
    process.umask(0o077)
  } catch {
    // worker threads: the explicit chmods below still apply
  }
}

/**
 * Creates the data folder (0700) or checks an existing one is writable, then makes it and every file
 * of the station in it owner-only. Throws a DataDirError in words when the folder cannot be used.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE })
    if (!fs.statSync(dataDir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    fs.accessSync(dataDir, fs.constants.W_OK)
  } catch (err) {
    throw new DataDirError(dataDir, (err as NodeJS.ErrnoException).code ?? 'EIO')
  }
  ownerOnlyDataDir(dataDir)
}

/**
 * Nothing in the folder for the group or others: the folder, its files and subfolders, and the files
 * of logs/ and backups/ (so 0700 and 0600 as created). Best effort; symbolic links are left alone.
 */
export function ownerOnlyDataDir(dataDir: string): void {
  if (process.platform === 'win32') return
  restrictMode(dataDir)
  for (const entry of entriesOf(dataDir)) {
    const file = join(dataDir, entry.name)
    if (entry.isFile()) restrictMode(file)
    else if (entry.isDirectory()) {
      restrictMode(file)
      if ((STATION_SUBFOLDERS as readonly string[]).includes(entry.name)) {
        for (const inner of entriesOf(file)) if (inner.isFile()) restrictMode(join(file, inner.name))
      }
    }
  }
}

function entriesOf(folder: string): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true })
  } catch {
    return []
  }
}

/** Takes away whatever the group and others may do; the owner's bits stay (a file made read-only stays so). */
function restrictMode(file: string): void {
  try {
    const current = fs.lstatSync(file).mode & 0o777
    if ((current & 0o077) !== 0) fs.chmodSync(file, current & 0o700)
  } catch {
    // gone meanwhile, or not ours to change
  }
}
