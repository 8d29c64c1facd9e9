// Electron's safeStorage stood in for by a real AES-256-GCM cipher with a key of its own: what the
// keyring store needs from it is encrypt/decrypt, and a different key (another keyring) cannot decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SafeStorageLike } from '../../electron/main/secretStore'

export type FakeKeyring = SafeStorageLike & { decrypts: number }

export function keyring(key: Buffer = randomBytes(32), opts: { available?: boolean; backend?: string } = {}): FakeKeyring {
  return {
    decrypts: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    ...(opts.backend ? { getSelectedStorageBackend: () => opts.backend! } : {}),
    encryptString(text: string): Buffer {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(this: FakeKeyring, data: Buffer): string {
      this.decrypts++
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12))
      decipher.setAuthTag(data.subarray(12, 28))
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')
    }
  }
}
