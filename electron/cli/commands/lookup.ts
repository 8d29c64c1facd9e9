import { typedPackageUid, UsageError } from '../args'
import { emit, time, type Context } from '../context'
import { command } from './types'

async function run(ctx: Context): Promise<number> {
  const [uid] = ctx.args.positionals
  const cached = ctx.args.bool('no-refresh')
  ctx.args.done(1)
  if (!uid) throw new UsageError('lookup needs a Package UID')
  const st = await ctx.open({ network: !cached })
  const view = await st.lookup(typedPackageUid(uid), { refresh: !cached })
  emit(ctx, view)
  const age = view.ageMs === null ? '' : ` (${Math.round(view.ageMs / 1000)} s old)`
  ctx.out.text(`Package ${view.packageUid}: answer of ${time(view.fetchedAtMs, st.getSettings().timeZone)}${age}${view.stale ? ', STALE: ' + (view.error ?? 'offline') : ''}`)
  if (view.manifest) ctx.out.text(`  ${view.manifest.productName || '(no name)'}  sku ${view.manifest.sku || '-'}  pos ${view.manifest.posProductId}/${view.manifest.posInventoryId}`)
  if (view.cases.length === 0) ctx.out.text('  no CaseIDs')
  for (const c of view.cases) {
    ctx.out.text(`  ${c.caseUuid}  ${c.status}${c.detail ? `  (${c.detail})` : ''}`)
    if (c.packagedProducts.length > 1) for (const p of c.packagedProducts) ctx.out.text(`      ${p.uuid}  ${p.status}${p.detail ? `  (${p.detail})` : ''}`)
  }
  return view.stale ? 1 : 0
}

export const lookup = command('lookup <package_uid> [--no-refresh]', "the API's CaseIDs for a package, merged with this station's queued operations (cached answer when offline)", run)
