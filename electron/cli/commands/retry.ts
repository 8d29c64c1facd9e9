import { UsageError } from '../args'
import { emit, type Context } from '../context'
import { command } from './types'

export function parseId(v: string | undefined): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new UsageError('an item id (a whole number) is required')
  return Number(v)
}

async function run(ctx: Context): Promise<number> {
  const failed = ctx.args.bool('failed')
  const [idText] = ctx.args.positionals
  ctx.args.done(1)
  if (failed && idText !== undefined) throw new UsageError('give an id or --failed, not both')
  const st = await ctx.open()
  if (failed) {
    const n = st.retryFailed()
    emit(ctx, { ok: true, retried: n })
    ctx.out.text(`${n} failed item(s) queued again`)
    return 0
  }
  const id = parseId(idText)
  st.retry(id)
  emit(ctx, { ok: true, item: st.item(id) })
  ctx.out.text(`#${id} queued again`)
  return 0
}

export const retry = command(['retry <id>', 'retry --failed'], 'queue failed items again (attempts and first-queued time are kept)', run)
