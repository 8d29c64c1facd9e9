import fs from 'node:fs'
import { UsageError } from '../args'
import { CommandFailure, emit, type Context } from '../context'
import { command } from './types'
import type { PublicSettings, SecretDescription, SettingsPatch, Station, UnsentOnSwitch } from '../../core/station'

const KEYS: Record<string, keyof SettingsPatch> = {
  'api-url': 'apiUrl',
  'client-id': 'clientId',
  'client-secret': 'clientSecret',
  'station-name': 'stationName',
  operator: 'operator',
  'rate-limit': 'rateLimit',
  concurrency: 'concurrency',
  'time-zone': 'timeZone'
}

function secretShown(secret: SecretDescription): string {
  if (!secret.set) return '(not set)'
  return secret.keptIn === 'keyring' ? "******** (set, protected by the desktop app's keyring)" : '******** (set)'
}

function shown(s: PublicSettings, secret: SecretDescription): Record<string, unknown> {
  return {
    'api-url': s.apiUrl,
    'client-id': s.clientId,
    'client-secret': secretShown(secret),
    'station-name': s.stationName,
    operator: s.operator,
    'rate-limit': s.rateLimit,
    concurrency: s.concurrency,
    'time-zone': s.timeZone
  }
}

/** What the person said to do with operations not sent to the API being left (--keep-queue / --discard-queue REASON). */
function unsentDecision(ctx: Context): UnsentOnSwitch | undefined {
  const keep = ctx.args.bool('keep-queue')
  const discard = ctx.args.str('discard-queue')
  if (keep && discard !== undefined) throw new UsageError('give either --keep-queue or --discard-queue REASON, not both')
  if (discard !== undefined && discard.trim() === '') throw new UsageError('--discard-queue needs a reason')
  return keep ? { keep: true } : discard !== undefined ? { discard } : undefined
}

/** A change of API with operations not sent to the current one is refused until the person says what to do with them. */
function checkApiSwitch(st: Station, patch: Partial<SettingsPatch>, decision: UnsentOnSwitch | undefined): void {
  const change = st.apiSwitch(patch)
  if (!change || change.unsent === 0 || decision) return
  const n = change.unsent
  throw new CommandFailure(
    `${n} operation${n === 1 ? '' : 's'} not sent yet to ${change.fromName}; they are never sent to ${change.toName}. ` +
      `Run again with --keep-queue to keep them for ${change.fromName} (they are sent when it is chosen again), ` +
      `or with --discard-queue "REASON" to discard them.`,
    { unsent: n, from: change.fromName, to: change.toName }
  )
}

async function run(ctx: Context): Promise<number> {
  const [sub, key, value, ...rest] = ctx.args.positionals
  const decision = sub === 'set' ? unsentDecision(ctx) : undefined
  ctx.args.done(3)
  if (sub === 'show') {
    if (key !== undefined) throw new UsageError('config show takes no argument')
    const st = await ctx.open()
    const s = st.getSettings()
    const secret = st.clientSecretStatus()
    emit(ctx, { settings: { ...shown(s, secret), usingBuiltin: s.usingBuiltin }, dataDir: ctx.dataDir })
    for (const [k, v] of Object.entries(shown(s, secret))) ctx.out.text(`${k.padEnd(14)} ${String(v)}`)
    if (s.usingBuiltin) ctx.out.text('(the built-in sandbox is the API: test data only)')
    else if (secret.unreadable) ctx.out.text(`(${secret.unreadable})`)
    return 0
  }
  if (sub === 'set') {
    if (key === undefined || value === undefined || rest.length > 0) throw new UsageError('config set needs a key and a value')
    const field = KEYS[key]
    if (!field) throw new UsageError(`unknown key ${JSON.stringify(key)}; keys: ${Object.keys(KEYS).join(', ')}`)
    let v: string = value
    // "-" reads the value from stdin, so a secret need not be on the command line.
    if (value === '-') v = fs.readFileSync(0, 'utf8').trim()
    const st = await ctx.open()
    const patch: Partial<SettingsPatch> =
      field === 'rateLimit' || field === 'concurrency' ? { [field]: Number(v) } : field === 'clientSecret' ? { clientSecret: v === '' ? null : v } : { [field]: v }
    checkApiSwitch(st, patch, decision)
    const s = st.setSettings(patch, decision)
    const view = shown(s, st.clientSecretStatus())
    emit(ctx, { ok: true, key, settings: { ...view, usingBuiltin: s.usingBuiltin } })
    ctx.out.text(`${key} = ${String(view[key])}`)
    return 0
  }
  throw new UsageError(sub === undefined ? 'config needs "set" or "show"' : `unknown config command ${JSON.stringify(sub)}`)
}

const USAGE = [
  'config show',
  `config set <${Object.keys(KEYS).join('|')}> <value>   (value "-" reads it from stdin)`,
  '  api-url or client-id with operations not sent yet: add --keep-queue (they wait for their API) or --discard-queue "REASON"'
]

export const config = command(USAGE, 'show or change the settings shared with the app (the secret is never shown)', run)
