// Prints the README's first shell block, one command a line, without its comments: the two commands
// a new user runs (start the station; run the tests). .ci/run runs exactly these, so CI and the README
// cannot drift apart.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The commands of the first ```sh block of a Markdown text, trailing `# comments` removed. */
export function readmeCommands(markdown) {
  const block = /^```(?:sh|bash|shell)\n([\s\S]*?)^```/m.exec(markdown)
  if (!block) return []
  return block[1]
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md')
  const commands = readmeCommands(readFileSync(readme, 'utf8'))
  if (commands.length === 0) {
    process.stderr.write(`${readme} has no \`\`\`sh block with the commands to run\n`)
    process.exit(1)
  }
  process.stdout.write(`${commands.join('\n')}\n`)
}
