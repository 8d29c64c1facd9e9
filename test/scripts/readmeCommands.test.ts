import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types (it runs before anything is installed)
import { readmeCommands } from '../../scripts/readme-commands.mjs'

const readme = readFileSync('README.md', 'utf8')
const ciRun = readFileSync('.ci/run', 'utf8')

describe("the README's first commands", () => {
  it('are the two a new user needs: install and start the station, then run the tests', () => {
    expect(readmeCommands(readme)).toEqual(['npm ci && npm run web', 'npm test'])
    const firstBlock = readme.slice(0, readme.indexOf('```', readme.indexOf('```sh') + 5))
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '))
    expect(firstBlock).toContain('npm ci && npm run web')
  })

  it('drop comments and blank lines, keep the commands as written', () => {
    const text = 'intro\n\n```sh\n# setup\nnpm ci  &&  npm run web   # run it\n\nnpm test\n```\n\n```sh\nnot this\n```\n'
    expect(readmeCommands(text)).toEqual(['npm ci  &&  npm run web', 'npm test'])
    expect(readmeCommands('no block here')).toEqual([])
  })
})

describe('.ci/run', () => {
  it('runs the commands read from the README, and no command text of its own', () => {
    expect(ciRun).toContain('node scripts/readme-commands.mjs')
    expect(ciRun).toMatch(/bash -c "\$start_command"/)
    expect(ciRun).toMatch(/bash -c "\$test_command"/)
    const npmLines = ciRun.split('\n').filter((line) => /^\s*npm\b/.test(line))
    expect(npmLines).toEqual([])
  })

  it('sets no environment that the README does not', () => {
    const exported = [...ciRun.matchAll(/^\s*export\s+([A-Z_][A-Z0-9_]*)/gm)].map((m) => m[1])
    const inline = [...ciRun.matchAll(/^\s*([A-Z_][A-Z0-9_]*)=\S+\s+(?:npm|node|bash)\b/gm)].map((m) => m[1])
    expect([...exported, ...inline].filter((name) => name !== 'DEBIAN_FRONTEND')).toEqual([])
  })
})
