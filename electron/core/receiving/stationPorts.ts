// The receiving logic's ports over a station: one wiring for every face (hosts, tests).
import type { Station } from '../station'
import type { ReceivingPorts } from './receiving'

export function stationReceivingPorts(station: () => Station, ownDispensaries: () => Set<string> = () => new Set()): ReceivingPorts {
  return {
    packageInfo: (packageUid) => station().manifestFor(packageUid),
    rememberedPackagedProducts: (caseUuid, packageUid) => station().rememberedPackagedProducts(caseUuid, packageUid),
    rememberPackagedProducts: (caseUuid, packageUid, uuids) => station().rememberPackagedProducts(caseUuid, packageUid, uuids),
    operationsOnCase: (caseUuid) => station().operationsOnCase(caseUuid),
    enqueueImport: (input) => station().enqueueImport(input),
    enqueueRemove: (input) => station().enqueueRemove(input),
    operator: () => station().getSettings().operator,
    whereabouts: (caseUuid) => station().caseWhereabouts(caseUuid),
    productName: (packageUid) => station().productNameOf(packageUid),
    timeZone: () => station().getSettings().timeZone,
    ownDispensaries
  }
}
