import { stringify } from 'csv-stringify/sync'
import type { FixtureImport, SandboxFixture } from './fixture'
import { shortUuidFrom } from './shortuuid'

const uuid = (label: string): string => shortUuidFrom(`caseid-station-demo:${label}`)

const COMPANY_GREEN = uuid('company:green-valley')
const COMPANY_COAST = uuid('company:coastal')
/** The station's dispensary. */
export const DEMO_DISPENSARY = uuid('dispensary:downtown')
const SIBLING = uuid('dispensary:uptown')
const OTHER = uuid('dispensary:coastal')

export const DEMO_CLIENT: { clientId: string; clientSecret: string } = { clientId: 'demo-downtown-client', clientSecret: 'demo-downtown-secret' }

/** A second station of the station's dispensary (the API tells dispensaries apart, not stations). */
export const DEMO_SECOND_STATION_CLIENT: { clientId: string; clientSecret: string } = { clientId: 'demo-downtown-dock-client', clientSecret: 'demo-downtown-dock-secret' }

export const DEMO_CLIENTS = [
  { client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret, dispensary: DEMO_DISPENSARY, name: 'Green Valley Downtown (the station)' },
  { client_id: DEMO_SECOND_STATION_CLIENT.clientId, client_secret: DEMO_SECOND_STATION_CLIENT.clientSecret, dispensary: DEMO_DISPENSARY, name: 'Green Valley Downtown (a second station)' },
  { client_id: 'demo-uptown-client', client_secret: 'demo-uptown-secret', dispensary: SIBLING, name: 'Green Valley Uptown (same company)' },
  { client_id: 'demo-coastal-client', client_secret: 'demo-coastal-secret', dispensary: OTHER, name: 'Coastal Oakland (other company)' }
]

type Who = 'station' | 'sibling' | 'other'
const DISPENSARY_OF: Record<Who, string> = { station: DEMO_DISPENSARY, sibling: SIBLING, other: OTHER }

interface DemoPackage {
  uid: string
  product: string
  sku: string
  posProductId: string
  posInventoryId: string
  shippedTo: Who
  /** Number of packaged products (batches) per case. */
  cases: number[]
  /** Case index → who imported it already, and how many of its batches. */
  imported?: Record<number, { by: Who; batches?: number; on: string }>
}

const PACKAGES: DemoPackage[] = [
  { uid: '1A4FF0100000022000000101', product: 'Blue Dream Flower 3.5g', sku: 'GV-BD-35', posProductId: 'PRD-1001', posInventoryId: 'INV-5001', shippedTo: 'station', cases: [1, 1, 1] },
  { uid: '1A4FF0100000022000000102', product: 'Sour Diesel Pre-Roll 5pk', sku: 'GV-SD-PR5', posProductId: 'PRD-1002', posInventoryId: 'INV-5002', shippedTo: 'station', cases: [1, 2] },
  {
    uid: '1A4FF0100000022000000103', product: 'Gelato Vape Cartridge 1g', sku: 'GV-GL-V1', posProductId: 'PRD-1003', posInventoryId: 'INV-5003', shippedTo: 'station', cases: [1, 1, 1, 1, 1, 1],
    imported: { 4: { by: 'sibling', on: '2026-05-09T10:00:00Z' }, 5: { by: 'sibling', on: '2026-05-10T15:00:00Z' } }
  },
  {
    uid: '1A4FF0100000022000000104', product: 'OG Kush Flower 7g', sku: 'GV-OG-7', posProductId: 'PRD-1004', posInventoryId: 'INV-5004', shippedTo: 'station', cases: [3],
    imported: { 0: { by: 'station', batches: 1, on: '2026-05-11T09:30:00Z' } }
  },
  {
    uid: '1A4FF0100000022000000105', product: 'Wedding Cake Gummies 100mg', sku: 'GV-WC-G100', posProductId: 'PRD-1005', posInventoryId: 'INV-5005', shippedTo: 'station', cases: [1, 1, 2, 1],
    imported: { 3: { by: 'other', on: '2026-05-08T17:45:00Z' } }
  },
  {
    uid: '1A4FF0100000022000000106', product: 'Granddaddy Purple Live Resin 1g', sku: 'GV-GDP-LR1', posProductId: 'PRD-1006', posInventoryId: 'INV-5006', shippedTo: 'station', cases: [2, 1],
    imported: { 0: { by: 'other', on: '2026-05-07T12:00:00Z' }, 1: { by: 'sibling', on: '2026-05-12T08:15:00Z' } }
  },
  { uid: '1A4FF0100000022000000107', product: 'Jack Herer Flower 3.5g', sku: 'GV-JH-35', posProductId: 'PRD-1007', posInventoryId: 'INV-5007', shippedTo: 'station', cases: [1, 1, 1, 1, 1] },
  { uid: '1A4FF0100000022000000108', product: 'Mango CBD Tincture 30ml', sku: 'GV-MG-T30', posProductId: 'PRD-1008', posInventoryId: 'INV-5008', shippedTo: 'station', cases: [1] },
  {
    uid: '1A4FF0100000022000000109', product: 'Pineapple Express Pre-Roll 1g', sku: 'GU-PE-PR1', posProductId: 'UPT-2001', posInventoryId: 'UPT-7001', shippedTo: 'sibling', cases: [1, 1, 1],
    imported: { 0: { by: 'sibling', on: '2026-05-10T11:00:00Z' } }
  },
  {
    uid: '1A4FF0100000022000000110', product: 'Northern Lights Flower 14g', sku: 'CC-NL-14', posProductId: 'CST-3001', posInventoryId: 'CST-9001', shippedTo: 'other', cases: [2, 1],
    imported: { 0: { by: 'other', on: '2026-05-06T14:20:00Z' }, 1: { by: 'other', on: '2026-05-06T14:21:00Z' } }
  }
]

function caseUuid(pkg: DemoPackage, i: number): string {
  return uuid(`case:${pkg.uid}:${i}`)
}

/** Cases of one package share its first batch; a multi-batch case adds its own. */
function batches(pkg: DemoPackage, i: number): string[] {
  const n = pkg.cases[i]!
  return Array.from({ length: n }, (_, j) => uuid(j === 0 ? `batch:${pkg.uid}:0` : `batch:${pkg.uid}:${i}:${j}`))
}

export function demoFixture(): SandboxFixture {
  const cases: SandboxFixture['cases'] = []
  const imports: FixtureImport[] = []
  for (const pkg of PACKAGES) {
    pkg.cases.forEach((_, i) => {
      const c = caseUuid(pkg, i)
      const products = batches(pkg, i)
      cases.push({ uuid: c, packaged_products: products, package_uids: [pkg.uid], dispensaries: [DISPENSARY_OF[pkg.shippedTo]] })
      const imp = pkg.imported?.[i]
      if (!imp) return
      for (const p of products.slice(0, imp.batches ?? products.length)) {
        imports.push({
          case: c, packaged_product: p, dispensary: DISPENSARY_OF[imp.by], package_uid: pkg.uid,
          pos_product_id: imp.by === 'station' ? pkg.posProductId : `${imp.by.toUpperCase()}-${pkg.posProductId}`,
          pos_inventory_id: imp.by === 'station' ? pkg.posInventoryId : `${imp.by.toUpperCase()}-${pkg.posInventoryId}`,
          sku: pkg.sku, imported_on: imp.on
        })
      }
    })
  }
  return {
    companies: [
      { uuid: COMPANY_GREEN, name: 'Green Valley Holdings' },
      { uuid: COMPANY_COAST, name: 'Coastal Cannabis Co.' }
    ],
    dispensaries: [
      { uuid: DEMO_DISPENSARY, name: 'Green Valley Downtown', state: 'CA', company: COMPANY_GREEN },
      { uuid: SIBLING, name: 'Green Valley Uptown', state: 'CA', company: COMPANY_GREEN },
      { uuid: OTHER, name: 'Coastal Oakland', state: 'CA', company: COMPANY_COAST }
    ],
    clients: DEMO_CLIENTS.map(({ client_id, client_secret, dispensary }) => ({ client_id, client_secret, dispensary })),
    cases,
    imports
  }
}

export interface DemoManifestRow {
  package_uid: string
  pos_product_id: string
  pos_inventory_id: string
  sku: string
  product_name: string
  case_uuid: string
  packaged_product_uuid: string
}

export const MANIFEST_COLUMNS = [
  'package_uid', 'pos_product_id', 'pos_inventory_id', 'sku', 'product_name', 'case_uuid', 'packaged_product_uuid'
] as const

/** One row per case and packaged product of the packages shipped to the station's dispensary. */
export function demoManifestRows(): DemoManifestRow[] {
  return PACKAGES.filter((p) => p.shippedTo === 'station').flatMap((pkg) =>
    pkg.cases.flatMap((_, i) => batches(pkg, i).map((pp) => ({
      package_uid: pkg.uid,
      pos_product_id: pkg.posProductId,
      pos_inventory_id: pkg.posInventoryId,
      sku: pkg.sku,
      product_name: pkg.product,
      case_uuid: caseUuid(pkg, i),
      packaged_product_uuid: pp
    }))))
}

export function demoManifestCsv(): string {
  return stringify(demoManifestRows(), { header: true, columns: [...MANIFEST_COLUMNS] })
}

/** The packages shipped to the station, with their product names and cases, for label sheets. */
export function demoLabelPackages(): { packageUid: string; product: string; cases: string[] }[] {
  return PACKAGES.filter((p) => p.shippedTo === 'station').map((pkg) => ({
    packageUid: pkg.uid,
    product: pkg.product,
    cases: pkg.cases.map((_, i) => caseUuid(pkg, i))
  }))
}
