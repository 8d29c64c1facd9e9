// The command line's arguments as a newcomer mistypes them: each mistake named for what it is.
import { describe, expect, it } from 'vitest'
import { Args, parseArgs } from '../../electron/cli/args'

function args(argv: string[]): Args {
  return new Args(parseArgs(argv))
}

describe('command line arguments', () => {
  it('an option the command does not know is called unknown, with or without a value, wherever it stands', () => {
    for (const argv of [['--bogus'], ['--date', '2026-11-28', '--bogus'], ['--bogus', '--date', '2026-11-28']]) {
      const a = args(argv)
      a.str('date')
      expect(() => a.done(0)).toThrow('unknown option --bogus')
    }
  })

  it('a known option without its value still says it needs one', () => {
    expect(() => args(['--date']).date('date')).toThrow('--date needs a value')
    expect(() => args(['--date', '--out', 'x.csv']).date('date')).toThrow('--date needs a value')
  })

  it('a time zone is checked as it is read: a typo is a usage error naming the option, a real zone is kept', () => {
    expect(() => args(['--tz', 'Mars/Olympus']).timeZone('tz')).toThrow('--tz: unknown time zone "Mars/Olympus"')
    expect(args(['--tz', 'America/Los_Angeles']).timeZone('tz')).toBe('America/Los_Angeles')
    expect(args([]).timeZone('tz')).toBeUndefined()
  })
})

describe('Package UIDs typed on the command line', () => {
  it('a Metrc tag in lower case, with spaces or dashes, is the tag, as F2 reads it; another UID stays as given', () => {
    expect(args(['--package', '1a4ff0100000022000000103']).packageUid('package')).toBe('1A4FF0100000022000000103')
    expect(args(['--package', ' 1A4F-F010-0000-0220-0000-0103 ']).packageUid('package')).toBe('1A4FF0100000022000000103')
    expect(args(['--package', 'PKG-OTHER-7']).packageUid('package')).toBe('PKG-OTHER-7')
    expect(() => args([]).packageUid('package')).toThrow('--package is required')
  })
})
