import type { Context } from '../context'

export interface Command {
  name: string
  /** One or more usage lines. */
  usage: string[]
  summary: string
  run(ctx: Context): Promise<number>
}
