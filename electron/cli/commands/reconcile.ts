import { emit, type Context } from '../context'
import { command } from './types'
import { FINDINGS, FINDING_WORDS, type Finding } from '../../core/reconcile/classify.std'
import type { ReconcileProgress, ReconciledDay } from '../../core/station'

/** A progress bar on stderr when it is a terminal (stdout stays one JSON document under --json). */
function progressBar(p: ReconcileProgress): void {
  if (!process.stderr.isTTY) return
  const width = 30
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width)
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} packages (${p.asked} asked, ${p.fresh} fresh, ${p.failed} failed)`)
  if (p.done === p.total) process.stderr.write('\n')
}

function age(ms: number | null): string {
  if (ms === null) return 'no answer'
  const s = Math.round(ms / 1000)
  return s < 120 ? `${s} s old` : s < 7200 ? `${Math.round(s / 60)} min old` : `${Math.round(s / 3600)} h old`
}

function printDay(ctx: Context, day: ReconciledDay): void {
  ctx.out.text(`Reconciled ${day.date} with LucidRetail at ${day.at}${day.cancelled ? ' (CANCELLED: the rest from the last answers)' : ''}`)
  ctx.out.text(`This dispensary: ${day.ownDispensaries.join('; ') || 'not learnt yet (no confirmed import)'}`)
  const t = day.totals
  ctx.out.text(`Day: ${t.cases} case(s), ${t.expected} expected; ${FINDINGS.filter((f) => t[f] > 0).map((f) => `${t[f]} ${FINDING_WORDS[f].toLowerCase()}`).join(', ') || 'nothing'}`)
  for (const f of FINDINGS) {
    const cases = day.cases.filter((c) => c.finding === f)
    if (cases.length === 0) continue
    ctx.out.text('')
    ctx.out.text(`${FINDING_WORDS[f]} (${cases.length}):`)
    for (const c of cases) ctx.out.text(`  ${c.packageUid}  ${c.caseUuid}  ${c.words}`)
  }
  ctx.out.text('')
  ctx.out.text('Packages:')
  for (const p of day.packages) {
    const counts = (Object.entries(p.counts) as [Finding, number][]).filter(([, n]) => n > 0).map(([f, n]) => `${n} ${f.replace(/_/g, ' ')}`)
    ctx.out.text(`  ${p.packageUid}  ${p.productName ?? '(not on the manifest)'}  ${p.expected} expected; ${counts.join(', ') || 'no cases'}  [${age(p.answerAgeMs)}${p.problem ? `; ${p.problem}` : ''}]`)
  }
}

async function run(ctx: Context): Promise<number> {
  const date = ctx.args.date('date')
  const tz = ctx.args.timeZone('tz')
  const offline = ctx.args.bool('offline')
  ctx.args.done(0)
  const st = await ctx.open({ network: !offline })
  let day: ReconciledDay
  if (offline) day = st.reconciledDay(date, tz)
  else {
    // Ctrl+C cancels: what was asked so far is kept, the rest is shown from the last answers.
    const cancel = new AbortController()
    const onSigint = () => cancel.abort()
    process.once('SIGINT', onSigint)
    try {
      day = await st.reconcileDay(date, { ...(tz ? { tz } : {}), signal: cancel.signal, onProgress: progressBar })
    } finally {
      process.off('SIGINT', onSigint)
    }
  }
  emit(ctx, { ok: true, ...day })
  printDay(ctx, day)
  const unchecked = day.packages.filter((p) => p.problem !== null)
  for (const p of unchecked) ctx.out.note(`[warn] ${p.packageUid}: ${p.problem}`)
  return unchecked.length > 0 || day.cancelled ? 1 : 0
}

const SUMMARY =
  "the day's packages (manifest loaded that day, and packages operated on) as LucidRetail says they are, beside this station's journal: " +
  'not imported, unconfirmed, different package, imported by this station / this dispensary / a sister dispensary. ' +
  'At most one lookup per package, none when the last answer is under a minute old; --offline: the last answers only'

export const reconcileCommand = command('reconcile --date YYYY-MM-DD [--tz ZONE] [--offline]', SUMMARY, run)
