// Files in the data folder that only the station's user may read, written whole or not at all.
import fs from 'node:fs'

/** Writes `data` to a temporary file (mode 0600), flushes it to disk, then renames it over `file`. */
export function writeOwnerOnlyFile(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`
  const fd = fs.openSync(tmp, 'w', 0o600)
  try {
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.chmodSync(tmp, 0o600) // an existing temporary file keeps its mode through openSync
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true }) // a failed write leaves nothing behind (a full disk, a folder in the way)
    throw err
  }
}
