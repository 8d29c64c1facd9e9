import { UsageError } from '../args'
import { emit, type Context } from '../context'
import { command } from './types'

async function run(ctx: Context): Promise<number> {
  const t = ctx.args.str('timeout')
  ctx.args.done(0)
  let timeoutMs: number | undefined
  if (t !== undefined) {
    const n = Number(t)
    if (!Number.isFinite(n) || n <= 0) throw new UsageError('--timeout must be a number of seconds greater than 0')
    timeoutMs = n * 1000
  }
  const st = await ctx.open({ network: true })
  let stopping = false
  const onSignal = () => {
    if (stopping) return
    stopping = true
    ctx.out.note('[info] stopping: finishing the requests in flight')
    void st.stopWorker()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const r = await st.drainReport(timeoutMs !== undefined ? { timeoutMs } : {})
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
  const counts = st.queue().counts
  emit(ctx, { ok: r.ok, reason: r.reason, counts, connection: st.connection() })
  const why: Record<typeof r.reason, string> = {
    drained: 'nothing pending or in flight',
    timeout: 'timed out',
    paused: `paused: ${st.connection().message}`,
    blocked: `${r.blocked} item(s) wait behind failed items of the same CaseID (retry or discard them)`
  }
  ctx.out.text(`${r.ok ? 'drained' : 'not drained'}: ${why[r.reason]}; pending ${counts.pending}, in flight ${counts.in_flight}, failed ${counts.failed}, done ${counts.done}`)
  if (r.other_api > 0) ctx.out.text(`${r.other_api} operation(s) wait for another API (the one they were queued for): they are sent when the station points at it again`)
  return r.ok ? 0 : 1
}

export const drain = command('drain [--timeout SECONDS]', 'send the queue in the foreground until nothing is pending or in flight (exit 0 only then)', run)
