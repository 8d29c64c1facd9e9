import fs from 'node:fs'
import { UsageError } from '../args'
import { CommandFailure, emit, type Context } from '../context'
import type { Command } from './types'
import type { ImportInput } from '../../core/station'

async function run(ctx: Context): Promise<number> {
  const a = ctx.args
  const csv = a.str('csv')
  const operator = a.str('operator')
  if (csv !== undefined) {
    a.done(0)
    for (const f of ['case', 'packaged-product', 'package', 'pos-product', 'pos-inventory', 'sku']) {
      if (a.str(f) !== undefined) throw new UsageError(`--csv cannot be combined with --${f}`)
    }
    let text: string
    try {
      text = fs.readFileSync(csv, 'utf8')
    } catch (err) {
      throw new CommandFailure(`cannot read ${csv}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    }
    const { parseImportCsv } = await import('../../core/manifest/parse')
    const parsed = parseImportCsv(text)
    if (!parsed.ok) {
      emit(ctx, { ok: false, errors: parsed.errors })
      for (const e of parsed.errors) ctx.out.note(`line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`)
      ctx.out.note('nothing was queued')
      return 1
    }
    const st = await ctx.open()
    const inputs: ImportInput[] = parsed.rows.map((r) => ({
      caseUuid: r.caseUuid,
      packagedProductUuid: r.packagedProductUuid,
      packageUid: r.packageUid,
      posProductId: r.posProductId,
      posInventoryId: r.posInventoryId,
      sku: r.sku,
      operator: operator ?? null,
      source: 'cli-csv'
    }))
    let items
    try {
      items = st.enqueueImports(inputs)
    } catch (err) {
      // Name the CSV line, not the item number.
      const m = /^item (\d+): (.*)$/.exec((err as Error).message)
      const line = m ? parsed.rows[Number(m[1]) - 1]?.line : undefined
      throw new CommandFailure(m && line !== undefined ? `line ${line}: ${m[2]} (nothing was queued)` : `${(err as Error).message} (nothing was queued)`)
    }
    emit(ctx, { ok: true, queued: items.length, items })
    ctx.out.text(`queued ${items.length} import(s): ids ${items[0]?.id ?? '-'}..${items[items.length - 1]?.id ?? '-'}`)
    return 0
  }
  const input: ImportInput = {
    caseUuid: a.req('case'),
    packagedProductUuid: a.req('packaged-product'),
    packageUid: a.req('package'),
    posProductId: a.req('pos-product'),
    posInventoryId: a.req('pos-inventory'),
    sku: a.str('sku') ?? null,
    operator: operator ?? null,
    source: 'cli'
  }
  a.done(0)
  const st = await ctx.open()
  const item = st.enqueueImport(input)
  emit(ctx, { ok: true, item })
  ctx.out.text(`queued import #${item.id} of ${item.caseUuid} into ${item.packageUid}`)
  return 0
}

export const importCommand: Command = {
  name: 'import',
  usage: [
    'import --case C --packaged-product PP --package PKG --pos-product X --pos-inventory Y [--sku S] [--operator NAME]',
    'import --csv FILE   (header case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku)'
  ],
  summary: 'queue imports (sent by the worker: run drain, or the app)',
  run
}
