import { emit, type Context } from '../context'
import { command } from './types'
import { removeRefusal } from '../../core/receiving/removeGuard.std'

async function run(ctx: Context): Promise<number> {
  const a = ctx.args
  const input = {
    caseUuid: a.req('case'),
    packageUid: a.packageUid('package'),
    packagedProductUuid: a.str('packaged-product') ?? null,
    reason: a.str('reason') ?? null,
    operator: a.str('operator') ?? null,
    source: 'cli'
  }
  a.done(0)
  const st = await ctx.open()
  const refused = removeRefusal(input.caseUuid, input.packageUid, st.operationsOnCase(input.caseUuid))
  if (refused !== null) {
    emit(ctx, { ok: false, refused })
    ctx.out.note(refused)
    return 3
  }
  const r = st.enqueueRemove(input)
  if ('cancelled' in r) {
    emit(ctx, { ok: true, cancelled: r.cancelled })
    ctx.out.text(`the import was never sent: cancelled locally (#${r.cancelled.map((i) => i.id).join(', #')}), nothing will be sent`)
  } else {
    emit(ctx, { ok: true, item: r })
    ctx.out.text(`queued remove #${r.id} of ${r.caseUuid} from ${r.packageUid}`)
  }
  return 0
}

export const remove = command('remove --case C --package PKG [--packaged-product PP] [--reason TEXT] [--operator NAME]', 'queue a remove (undo of an import); an import never sent is cancelled locally instead', run)
