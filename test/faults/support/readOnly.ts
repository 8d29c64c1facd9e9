// Makes a file or folder read-only for the station's processes, as far as this user can: root
// ignores modes, so the immutable attribute (chattr +i) then; mode 0444 / 0555 otherwise.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

/** Returns the undo. */
export function makeReadOnly(target: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', target])
    return () => execFileSync('chattr', ['-i', target])
  }
  const mode = fs.statSync(target).mode & 0o777
  fs.chmodSync(target, fs.statSync(target).isDirectory() ? 0o555 : 0o444)
  return () => fs.chmodSync(target, mode)
}
