// The desktop app keeps the client secret encrypted with the OS keyring (Electron safeStorage) in
// <dataDir>/client-secret.safe. The command line and the browser host cannot decrypt it and write the
// plaintext owner-only file instead; a plaintext secret newer than the encrypted one wins, and this
// store moves it into the encrypted file (removing the plaintext) the next time it reads the secret.
// Electron's safeStorage is passed in, so this runs (and is tested) in plain Node.
import fs from 'node:fs'
import {
  FileSecretStore,
  readPlainSecret,
  readSecretFile,
  removeSecretFile,
  writeSecretFile,
  type SecretDescription,
  type SecretStore
} from '../core/settings/secretStore'

/** The part of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: 'basic_text' means no keyring, the key is a constant (no better than the owner-only file). */
  getSelectedStorageBackend?(): string
}

type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export const UNDECRYPTABLE_MESSAGE =
  'the client secret saved with the OS keyring could not be decrypted (the keyring or the user account changed?): enter the client secret again in Settings'

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.name : 'error')
}

function mtimeOf(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return null
  }
}

export class KeyringSecretStore implements SecretStore {
  private readonly plain: FileSecretStore
  /** The last decryption, kept per file version: read() runs for every log line (redaction). */
  private decrypted: { version: string; secret: string | null; failed: boolean } | null = null
  /** Logging goes through redaction, which reads the secret: a read from inside a read answers from memory. */
  private reading = false
  private last: string | null = null
  private readonly warned = new Set<string>()

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly log: Log = () => {}
  ) {
    this.plain = new FileSecretStore(dataDir)
  }

  read(): string | null {
    if (this.reading) return this.last
    this.reading = true
    try {
      this.last = this.readNow()
      return this.last
    } finally {
      this.reading = false
    }
  }

  write(secret: string): void {
    writeSecretFile(this.plain.protectedFile, this.safeStorage.encryptString(secret))
    removeSecretFile(this.plain.file)
    const stat = fs.statSync(this.plain.protectedFile)
    this.decrypted = { version: `${stat.ino}:${stat.size}:${stat.mtimeMs}`, secret, failed: false }
  }

  clear(): void {
    removeSecretFile(this.plain.protectedFile)
    removeSecretFile(this.plain.file)
    this.decrypted = null
  }

  describe(): SecretDescription {
    const secret = this.read()
    const encrypted = fs.existsSync(this.plain.protectedFile)
    if (secret !== null) return { set: true, keptIn: encrypted ? 'keyring' : 'file', unreadable: null }
    if (encrypted) return { set: true, keptIn: 'keyring', unreadable: UNDECRYPTABLE_MESSAGE }
    return { set: false, keptIn: null, unreadable: null }
  }

  private readNow(): string | null {
    const plainAt = mtimeOf(this.plain.file)
    const encryptedAt = mtimeOf(this.plain.protectedFile)
    if (plainAt !== null) {
      if (encryptedAt === null || plainAt >= encryptedAt) {
        const secret = readPlainSecret(this.plain.file)
        if (secret !== null) {
          this.protect(secret)
          return secret
        }
      } else {
        // Older than the encrypted secret: left over from a move that could not remove it.
        this.bestEffort('remove-stale', 'could not remove an outdated plaintext client secret file', () => removeSecretFile(this.plain.file))
      }
    }
    return encryptedAt === null ? null : this.decrypt()
  }

  /** A secret the command line set in the plaintext file: into the encrypted file, the plaintext removed. */
  private protect(secret: string): void {
    const moved = this.bestEffort('protect', 'could not move the client secret set by the command line into the keyring-protected file; it stays in the owner-only file', () =>
      this.write(secret)
    )
    if (moved) this.log('info', 'client secret set by the command line moved into the keyring-protected file')
  }

  private decrypt(): string | null {
    let version: string
    let data: Buffer | null
    try {
      const stat = fs.statSync(this.plain.protectedFile)
      version = `${stat.ino}:${stat.size}:${stat.mtimeMs}`
      if (this.decrypted?.version === version) return this.decrypted.secret
      data = readSecretFile(this.plain.protectedFile)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    if (data === null) return null
    try {
      const secret = this.safeStorage.decryptString(data).trim()
      this.decrypted = { version, secret: secret.length > 0 ? secret : null, failed: false }
    } catch (err) {
      this.decrypted = { version, secret: null, failed: true }
      this.warnOnce(`decrypt:${version}`, 'could not decrypt the keyring-protected client secret', { error: errorCode(err) })
    }
    return this.decrypted.secret
  }

  private bestEffort(key: string, message: string, action: () => void): boolean {
    try {
      action()
      return true
    } catch (err) {
      this.warnOnce(key, message, { error: errorCode(err) })
      return false
    }
  }

  /** Once per cause: read() runs often, and a broken keyring must not flood the log. */
  private warnOnce(key: string, message: string, fields: Record<string, unknown>): void {
    if (this.warned.has(key)) return
    this.warned.add(key)
    this.log('warn', message, fields)
  }
}

/** Why the OS keyring cannot protect the secret here, or null when it can. */
export function keyringUnavailable(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'the OS keyring is not available'
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'no OS keyring on this Linux desktop (safeStorage would use a fixed key)'
  return null
}

/** The desktop app's store: the keyring when it can protect the secret, else the owner-only file (said in the log). */
export function desktopSecretStore(dataDir: string, safeStorage: SafeStorageLike, log: Log, platform: NodeJS.Platform = process.platform): SecretStore {
  const why = keyringUnavailable(safeStorage, platform)
  if (why !== null) {
    log('warn', `client secret kept in an owner-only file in the data folder: ${why}`)
    return new FileSecretStore(dataDir)
  }
  log('info', 'client secret protected with the OS keyring (Electron safeStorage)')
  const store = new KeyringSecretStore(dataDir, safeStorage, log)
  // At start, a secret the command line set meanwhile is moved into the encrypted file.
  store.read()
  return store
}
