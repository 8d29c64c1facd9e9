// Counts said the way an operator reads them ("1 package", "2 packages"), decided once for every
// face: the page, the browser host and the command line. Pure.

/** "1 row", "2 rows", "0 rows". */
export function countOf(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`
}

/** What a loaded manifest adds: "1 package, 3 rows, read as Windows-1252". */
export function manifestLoadedWords(loaded: { packages: number; rows: number; encoding?: string | null }): string {
  const read = loaded.encoding ? `, read as ${loaded.encoding}` : ''
  return `${countOf(loaded.packages, 'package')}, ${countOf(loaded.rows, 'row')}${read}`
}
