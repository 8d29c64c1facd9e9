// A sandbox world for the benchmarks: one company, one dispensary, one API client and N cases in one package.
import { randomShortUuid, type SandboxFixture } from '../../electron/sandbox'

export const BENCH_PACKAGE = '1A4FF0100000022000000123'
export const BENCH_CLIENT = { clientId: 'bench', clientSecret: 'bench-secret' }

export function benchWorld(n: number): { fixture: SandboxFixture; cases: { uuid: string; pp: string }[] } {
  const company = randomShortUuid()
  const dispensary = randomShortUuid()
  const cases = Array.from({ length: n }, () => ({ uuid: randomShortUuid(), pp: randomShortUuid() }))
  return {
    cases,
    fixture: {
      companies: [{ uuid: company, name: 'Bench Co' }],
      dispensaries: [{ uuid: dispensary, name: 'Bench', state: 'CA', company }],
      clients: [{ client_id: BENCH_CLIENT.clientId, client_secret: BENCH_CLIENT.clientSecret, dispensary }],
      cases: cases.map((c) => ({ uuid: c.uuid, packaged_products: [c.pp], package_uids: [BENCH_PACKAGE], dispensaries: [dispensary] }))
    }
  }
}

/** The station's import input for each case of a bench world. */
export function benchImports(cases: { uuid: string; pp: string }[]): { caseUuid: string; packagedProductUuid: string; packageUid: string; posProductId: string; posInventoryId: string }[] {
  return cases.map((c) => ({ caseUuid: c.uuid, packagedProductUuid: c.pp, packageUid: BENCH_PACKAGE, posProductId: 'P', posInventoryId: 'I' }))
}
