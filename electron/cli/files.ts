// Why a file the person named cannot be read or written, in words a manager can act on: never an
// error code or a temporary file's name.
import path from 'node:path'

export function fileProblem(err: unknown, file: string, writing: boolean): string {
  const code = (err as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT':
      return writing ? `the folder ${path.dirname(path.resolve(file))} does not exist` : 'there is no such file'
    case 'EISDIR':
      return 'it is a folder, not a file'
    case 'ENOTDIR':
      return 'a part of that path is a file, not a folder'
    case 'EACCES':
    case 'EPERM':
      return writing ? 'this user may not write there' : 'this user may not read it'
    case 'EROFS':
      return 'it is on a read-only file system'
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full'
    default:
      return (err as Error).message
  }
}
