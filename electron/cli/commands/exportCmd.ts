import path from 'node:path'
import { emit, writeNamedFile, type Context } from '../context'
import { command } from './types'
import { countOf } from '../../shared/counts.std'

async function run(ctx: Context): Promise<number> {
  const date = ctx.args.date('date')
  const out = ctx.args.str('out')
  const tz = ctx.args.timeZone('tz')
  const reconciled = ctx.args.bool('reconciled')
  ctx.args.done(0)
  const st = await ctx.open()
  const { csv, rows } = reconciled ? st.exportReconciledCsv(date, tz) : st.exportDayCsv(date, tz)
  if (out !== undefined) {
    writeNamedFile(out, csv, `${reconciled ? 'reconciled' : 'day'}-${date}.csv`) // operators and the day's work: for the owner only, wherever it goes
    emit(ctx, { ok: true, date, rows, file: path.resolve(out) })
    ctx.out.text(`wrote ${countOf(rows, 'row')} to ${out}`)
  } else if (ctx.out.json) {
    emit(ctx, { ok: true, date, rows, csv })
  } else process.stdout.write(csv)
  return 0
}

export const exportCommand = command('export --date YYYY-MM-DD [--out FILE] [--tz ZONE] [--reconciled]', "the day's imports and removes as CSV for the back office (stdout without --out); --reconciled: the day's cases as LucidRetail last answered, beside this station's journal (see reconcile)", run)
