import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from '../args'
import { emit, type Context } from '../context'
import type { Command } from './types'

async function run(ctx: Context): Promise<number> {
  const date = ctx.args.req('date')
  const out = ctx.args.str('out')
  const tz = ctx.args.str('tz')
  ctx.args.done(0)
  if (!isCalendarDate(date)) throw new UsageError(`--date must be a date as YYYY-MM-DD, got ${JSON.stringify(date)}`)
  const st = await ctx.open()
  const csv = st.exportDayCsv(date, tz)
  const rows = st.operationsForDay(date, tz).length
  if (out !== undefined) {
    const tmp = `${out}.${process.pid}.tmp`
    fs.writeFileSync(tmp, csv, 'utf8')
    fs.renameSync(tmp, out)
    emit(ctx, { ok: true, date, rows, file: path.resolve(out) })
    ctx.out.text(`wrote ${rows} row(s) to ${out}`)
  } else if (ctx.out.json) {
    emit(ctx, { ok: true, date, rows, csv })
  } else process.stdout.write(csv)
  return 0
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export const exportCommand: Command = {
  name: 'export',
  usage: ['export --date YYYY-MM-DD [--out FILE] [--tz ZONE]'],
  summary: "the day's imports and removes as CSV for the back office (stdout without --out)",
  run
}
