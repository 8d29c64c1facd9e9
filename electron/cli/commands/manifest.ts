import { UsageError } from '../args'
import { emit, refuseCsvFile, readNamedFile, type Context } from '../context'
import { command } from './types'
import { manifestLoadedWords } from '../../shared/counts.std'

async function run(ctx: Context): Promise<number> {
  const [sub, file] = ctx.args.positionals
  ctx.args.done(2)
  if (sub === 'show') {
    const st = await ctx.open()
    const packages = st.manifestPackages()
    emit(ctx, { packages })
    for (const p of packages) ctx.out.text(`${p.packageUid}  ${p.progress}  ${p.productName}${p.onManifest ? '' : '  (entered by hand)'}`)
    return 0
  }
  if (sub !== 'load') throw new UsageError(sub === undefined ? 'manifest needs "load FILE" or "show"' : `unknown manifest command ${JSON.stringify(sub)}`)
  if (!file) throw new UsageError('manifest load needs a file')
  const { parseManifestFile } = await import('../../core/manifest/file')
  const parsed = parseManifestFile(readNamedFile(file))
  if (!parsed.ok) return refuseCsvFile(ctx, parsed, 'nothing was loaded')
  const st = await ctx.open()
  const r = st.loadManifest(parsed.rows)
  emit(ctx, { ok: true, encoding: parsed.encoding, ...r })
  ctx.out.text(`loaded ${manifestLoadedWords({ ...r, encoding: parsed.encoding })}`)
  return 0
}

export const manifest = command(['manifest load FILE   (header package_uid,pos_product_id,pos_inventory_id,sku,product_name,case_uuid,packaged_product_uuid)', 'manifest show'], 'load the day\'s manifest (packages in the file replace the same packages loaded before)', run)
