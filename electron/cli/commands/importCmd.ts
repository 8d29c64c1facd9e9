import { UsageError } from '../args'
import { CommandFailure, emit, refuseCsvFile, readNamedFile, type Context } from '../context'
import { command } from './types'
import type { ImportInput, Station } from '../../core/station'
import { shortUuidProblem } from '../../core/scan/parse.std'

async function run(ctx: Context): Promise<number> {
  const a = ctx.args
  const csv = a.str('csv')
  const operator = a.str('operator') ?? null
  if (csv !== undefined) {
    a.done(0)
    for (const f of ['case', 'packaged-product', 'package', 'pos-product', 'pos-inventory', 'sku']) {
      if (a.str(f) !== undefined) throw new UsageError(`--csv cannot be combined with --${f}`)
    }
    return importCsv(ctx, csv, operator)
  }
  const input: ImportInput = {
    caseUuid: a.req('case'),
    packagedProductUuid: a.req('packaged-product'),
    packageUid: a.packageUid('package'),
    posProductId: a.req('pos-product'),
    posInventoryId: a.req('pos-inventory'),
    sku: a.str('sku') ?? null,
    operator,
    source: 'cli'
  }
  a.done(0)
  const st = await ctx.open()
  const refused = guarded(st, [input])
  if (refused.length > 0) return refuse(ctx, refused)
  const item = st.enqueueImport(input)
  emit(ctx, { ok: true, item })
  ctx.out.text(`queued import #${item.id} of ${item.caseUuid} into ${item.packageUid}`)
  return 0
}

/** `import --csv FILE`: every line checked, then all queued or none; read in the encodings a manifest is (and says which). */
async function importCsv(ctx: Context, file: string, operator: string | null): Promise<number> {
  const { parseImportFile } = await import('../../core/manifest/file')
  const parsed = parseImportFile(readNamedFile(file))
  if (!parsed.ok) return refuseCsvFile(ctx, parsed, 'nothing was queued')
  const st = await ctx.open()
  const refused = guarded(st, parsed.rows)
  if (refused.length > 0) return refuse(ctx, refused.map((r) => ({ ...r, line: parsed.rows[r.index]?.line })))
  const inputs: ImportInput[] = parsed.rows.map(({ line: _line, ...row }) => ({ ...row, operator, source: 'cli-csv' }))
  let items
  try {
    items = st.enqueueImports(inputs)
  } catch (err) {
    // Name the CSV line, not the item number.
    const m = /^item (\d+): (.*)$/.exec((err as Error).message)
    const line = m ? parsed.rows[Number(m[1]) - 1]?.line : undefined
    throw new CommandFailure(m && line !== undefined ? `line ${line}: ${m[2]} (nothing was queued)` : `${(err as Error).message} (nothing was queued)`)
  }
  emit(ctx, { ok: true, encoding: parsed.encoding, queued: items.length, items })
  ctx.out.text(`queued ${items.length} import(s): ids ${items[0]?.id ?? '-'}..${items[items.length - 1]?.id ?? '-'}, read as ${parsed.encoding}`)
  return 0
}

/** Exit code when the station's guard keeps an import out of the queue (nothing queued). */
export const REFUSED_EXIT_CODE = 3

interface Refusal {
  index: number
  line?: number | undefined
  caseUuid: string
  kind: string
  /** The package the case belongs to, for a wrong package. */
  packageUid?: string | undefined
  message: string
}

/**
 * The guard every scan in the app goes through (`Receiving.guardImport`), for each import named:
 * a case the manifest or a cached lookup puts in another package, or shows imported already, or that
 * this station queued already, is refused. Ids the guard cannot read are left to the validation.
 */
function guarded(st: Station, rows: { caseUuid: string; packageUid: string; packagedProductUuid: string }[]): Refusal[] {
  const refused: Refusal[] = []
  for (const [index, r] of rows.entries()) {
    if (shortUuidProblem(r.caseUuid) !== null) continue
    const outcome = st.receiving.guardImport(r.caseUuid, r.packageUid, r.packagedProductUuid)
    if (outcome === null) continue
    refused.push({ index, caseUuid: r.caseUuid, kind: outcome.kind, packageUid: outcome.kind === 'wrong-package' ? outcome.packageUid : undefined, message: outcome.message })
  }
  return refused
}

function refuse(ctx: Context, refused: Refusal[]): number {
  emit(ctx, { ok: false, error: 'refused by the station: nothing was queued', refused: refused.map(({ index: _index, ...r }) => r) })
  for (const r of refused) ctx.out.note(`${r.line !== undefined ? `line ${r.line}: ` : ''}${r.message}`)
  ctx.out.note(refused.length === 1 && refused[0]!.line === undefined ? 'nothing was queued' : `${refused.length} refused: nothing was queued (remove those lines, or correct their package)`)
  return REFUSED_EXIT_CODE
}

const USAGE = [
  'import --case C --packaged-product PP --package PKG --pos-product X --pos-inventory Y [--sku S] [--operator NAME]',
  'import --csv FILE   (header case_uuid,packaged_product_uuid,package_uid,pos_product_id,pos_inventory_id,sku)'
]

export const importCommand = command(
  USAGE,
  'queue imports (sent by the worker: run drain, or the app); a case the station knows belongs to another package, or is imported already, is refused (exit 3, nothing queued)',
  run
)
