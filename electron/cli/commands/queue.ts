import { emit, time, type Context } from '../context'
import { command } from './types'

async function run(ctx: Context): Promise<number> {
  const all = ctx.args.bool('all')
  ctx.args.done(0)
  const st = await ctx.open()
  const q = st.queue({ all })
  const c = q.counts
  // The documented shape, exactly: counts of the four states a person acts on, and the items
  // (cancelled and discarded ones appear among the items with their state). As on the screen, what
  // waits for another API is not pending: it is listed as waiting for that API.
  emit(ctx, { counts: { pending: c.pending, in_flight: c.in_flight, failed: c.failed, done: c.done }, items: q.items })
  ctx.out.text(`pending ${c.pending}  in flight ${c.in_flight}  failed ${c.failed}  done ${c.done}  cancelled ${c.cancelled}`)
  for (const w of q.waiting) ctx.out.text(`waiting for ${w.api}: ${w.count}`)
  ctx.out.text(st.connection().message)
  const zone = st.getSettings().timeZone
  for (const i of q.items) {
    ctx.out.text(
      `#${i.id} ${i.operation.padEnd(6)} ${i.state.padEnd(9)} ${i.caseUuid} ${i.packagedProductUuid ?? '-'} ${i.packageUid} attempts ${i.attempts} queued ${time(i.createdAt, zone)} for ${i.apiName}${i.waiting ? ` (${i.waiting})` : ''}${i.outcome ? ` ${i.outcome}` : ''}${i.message ? `: ${i.message}` : ''}`
    )
  }
  return 0
}

export const queue = command('queue [--all]', 'counts per state and the items (not done, plus today\'s done; --all for every item)', run)
