// Where the client secret is kept. The default, used by the browser host and the command line: the
// file <dataDir>/client-secret, readable by its owner only. The desktop app passes a store backed by
// the OS keyring (electron/main/secretStore.ts), which keeps <dataDir>/client-secret.safe instead and
// takes over a plaintext secret the command line set later.
import fs from 'node:fs'
import path from 'node:path'
import { writeOwnerOnlyFile } from '../ownerOnlyFile'

export const SECRET_FILE = 'client-secret'
/** The secret encrypted by the desktop app with the OS keyring (Electron safeStorage). */
export const PROTECTED_SECRET_FILE = 'client-secret.safe'

export const KEYRING_ONLY_MESSAGE =
  "the client secret is protected by the desktop app's keyring, which only the desktop app can read: " +
  'set it here with "config set client-secret" (npm run station -- config set client-secret -), or use the desktop app'

export interface SecretDescription {
  set: boolean
  /** 'file': the owner-only file; 'keyring': encrypted with the desktop app's OS keyring. */
  keptIn: 'file' | 'keyring' | null
  /** Why this process cannot use the secret that is set; null when it can, or when none is set. */
  unreadable: string | null
}

export interface SecretStore {
  /** The secret, or null when none is set or this process cannot read it (describe says why). */
  read(): string | null
  write(secret: string): void
  clear(): void
  describe(): SecretDescription
}

/** The file's bytes, or null when it does not exist; other failures name the error code only. */
export function readSecretFile(file: string): Buffer | null {
  try {
    return fs.readFileSync(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new Error(`cannot read the client secret file in the data folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err })
  }
}

/** Written whole or not at all, readable by its owner only. */
export function writeSecretFile(file: string, data: string | Buffer): void {
  writeOwnerOnlyFile(file, data)
}

export function removeSecretFile(file: string): void {
  fs.rmSync(file, { force: true })
}

/** The plaintext file's secret (trimmed), or null when there is none. */
export function readPlainSecret(file: string): string | null {
  const s = readSecretFile(file)?.toString('utf8').trim() ?? ''
  return s.length > 0 ? s : null
}

export class FileSecretStore implements SecretStore {
  readonly file: string
  readonly protectedFile: string

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SECRET_FILE)
    this.protectedFile = path.join(dataDir, PROTECTED_SECRET_FILE)
  }

  read(): string | null {
    return readPlainSecret(this.file)
  }

  /** Replaces a keyring-protected secret too: the newest secret wins, whichever host set it. */
  write(secret: string): void {
    writeSecretFile(this.file, secret)
    removeSecretFile(this.protectedFile)
  }

  clear(): void {
    removeSecretFile(this.file)
    removeSecretFile(this.protectedFile)
  }

  describe(): SecretDescription {
    if (this.read() !== null) return { set: true, keptIn: 'file', unreadable: null }
    if (fs.existsSync(this.protectedFile)) return { set: true, keptIn: 'keyring', unreadable: KEYRING_ONLY_MESSAGE }
    return { set: false, keptIn: null, unreadable: null }
  }
}
