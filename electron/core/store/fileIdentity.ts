// Is the path still the file this process opened? Another program (or an older station) may rename or
// replace the database while it is open; SQLite in WAL mode goes on writing into the moved file, where
// the next start will not look. Compared by device and inode.
import fs from 'node:fs'

export class FileIdentity {
  private readonly dev: number
  private readonly ino: number

  constructor(readonly file: string) {
    const st = fs.statSync(file)
    this.dev = st.dev
    this.ino = st.ino
  }

  /** False once the path is missing or names another file. */
  unchanged(): boolean {
    try {
      const st = fs.statSync(this.file)
      return st.dev === this.dev && st.ino === this.ino
    } catch {
      return false
    }
  }
}
