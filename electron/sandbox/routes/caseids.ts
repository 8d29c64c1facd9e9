import { asMapping, validateFields, type FieldErrors, type FieldSpec } from '../fields'
import { detail, json, parseJsonBody, type Reply } from '../http'
import type { Store } from '../store'
import type { ApiContext } from './context'

const SHORT_UUID: FieldSpec = { required: true, shortUuid: true }
const TEXT: FieldSpec = { required: true, maxLength: 255 }

const IMPORT_FIELDS = {
  case_uuid: SHORT_UUID,
  packaged_product_uuid: SHORT_UUID,
  pos_product_id: TEXT,
  pos_inventory_id: TEXT,
  package_uid: TEXT,
  sku: { required: false, allowNull: true, maxLength: 255 }
} satisfies Record<string, FieldSpec>

const REMOVE_FIELDS = {
  case_uuid: SHORT_UUID,
  package_uid: TEXT,
  packaged_product_uuid: { required: false, allowNull: true, shortUuid: true }
} satisfies Record<string, FieldSpec>

const doesNotExist = (value: string): string => `Object with uuid=${value} does not exist.`

/** Field-level checks that need the store, as a DRF SlugRelatedField would make them. */
function checkExistence(store: Store, caseUuid: string | null | undefined, productUuid: string | null | undefined, errors: FieldErrors): void {
  if (caseUuid && !store.caseExists(caseUuid)) errors.case_uuid = [doesNotExist(caseUuid)]
  if (productUuid && !store.packagedProductExists(productUuid)) errors.packaged_product_uuid = [doesNotExist(productUuid)]
}

function ordered(errors: FieldErrors, order: string[]): FieldErrors {
  const out: FieldErrors = {}
  for (const k of order) if (errors[k]) out[k] = errors[k]
  return out
}

function notInCase(productUuid: string, caseUuid: string): Reply {
  return json(400, { packaged_product_uuid: [`Packaged product ${productUuid} is not in case ${caseUuid}.`] })
}

function mappingOf(ctx: ApiContext): { ok: true; data: Record<string, unknown> } | { ok: false; reply: Reply } {
  const parsed = parseJsonBody(ctx.contentType, ctx.body)
  if (!parsed.ok) return parsed
  return asMapping(parsed.data, parsed.present)
}

/** The body's fields checked as the API's serializer checks them (shape, then existence), errors in field order. */
function validBody<K extends string>(ctx: ApiContext, specs: Record<K, FieldSpec>): { ok: true; values: Partial<Record<K, string | null>> } | { ok: false; reply: Reply } {
  const m = mappingOf(ctx)
  if (!m.ok) return m
  const { values, errors } = validateFields(m.data, specs)
  const v = values as Partial<Record<string, string | null>>
  checkExistence(ctx.store, v.case_uuid, v.packaged_product_uuid, errors)
  if (Object.keys(errors).length > 0) return { ok: false, reply: json(400, ordered(errors, Object.keys(specs))) }
  return { ok: true, values }
}

export function importRoute(ctx: ApiContext): Reply {
  const body = validBody(ctx, IMPORT_FIELDS)
  if (!body.ok) return body.reply
  const { values } = body
  const caseUuid = values.case_uuid!
  const productUuid = values.packaged_product_uuid!
  if (!ctx.store.caseHolds(caseUuid, productUuid)) return notInCase(productUuid, caseUuid)
  const packageUid = values.package_uid!
  const outcome = ctx.store.importCase(ctx.caller, {
    caseUuid,
    packagedProductUuid: productUuid,
    packageUid,
    posProductId: values.pos_product_id!,
    posInventoryId: values.pos_inventory_id!,
    sku: values.sku ?? null
  })
  switch (outcome.kind) {
    case 'other_dispensary':
      return detail(400, 'This case has already been scanned for another dispensary.')
    case 'already_imported':
      return detail(400, `Items in CaseID ${caseUuid} are already imported into inventory ${outcome.packageUid}.`)
    case 'imported':
      return json(200, { case_uuid: caseUuid, packaged_product_uuid: productUuid, package_uid: packageUid })
  }
}

export function removeRoute(ctx: ApiContext): Reply {
  const body = validBody(ctx, REMOVE_FIELDS)
  if (!body.ok) return body.reply
  const { values } = body
  const caseUuid = values.case_uuid!
  const productUuid = values.packaged_product_uuid ?? null
  if (productUuid !== null && !ctx.store.caseHolds(caseUuid, productUuid)) return notInCase(productUuid, caseUuid)
  const packageUid = values.package_uid!
  if (!ctx.store.hasPosPackageUid(ctx.caller.dispensary, packageUid)) {
    return detail(400, `POS Package UID not found for package_uid=${packageUid}.`)
  }
  ctx.store.removeImports(ctx.caller, caseUuid, packageUid, productUuid)
  return json(200, {})
}

export function lookupRoute(ctx: ApiContext, packageUid: string): Reply {
  return json(200, { package_uid: packageUid, case_ids: ctx.store.lookup(ctx.caller, packageUid) })
}
