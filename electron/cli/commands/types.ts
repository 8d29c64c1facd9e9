import type { Context } from '../context'

export interface Command {
  /** The first word of its first usage line. */
  name: string
  /** One or more usage lines. */
  usage: string[]
  summary: string
  run(ctx: Context): Promise<number>
}

/**
 * A command as it declares itself: its usage lines (the first word of the first one is its name, so the
 * two cannot disagree), the summary `help` prints, and what it does.
 */
export function command(usage: string | string[], summary: string, run: (ctx: Context) => Promise<number>): Command {
  const lines = typeof usage === 'string' ? [usage] : usage
  const name = lines[0]?.split(' ')[0]
  if (!name) throw new Error('a command needs a usage line that starts with its name')
  return { name, usage: lines, summary, run }
}
