import { emit, type Context } from '../context'
import { parseId } from './retry'
import { command } from './types'

async function run(ctx: Context): Promise<number> {
  const reason = ctx.args.str('reason')
  const [idText] = ctx.args.positionals
  ctx.args.done(1)
  const id = parseId(idText)
  const st = await ctx.open()
  st.discard(id, reason)
  emit(ctx, { ok: true, item: st.item(id) })
  ctx.out.text(`#${id} discarded (kept in the journal)`)
  return 0
}

export const discard = command('discard <id> [--reason TEXT]', 'give up on a failed item (it stays in the journal as discarded)', run)
