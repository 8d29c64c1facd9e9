// The receiving logic's ports over the station's parts: the one wiring, made by the Station itself.
import type { Lookups } from '../lookup/lookups'
import { knownOwnDispensaries, ownDispensaryKey } from '../lookup/ownDispensary'
import type { ManifestPackages } from '../manifest/packages'
import type { Settings } from '../settings/settings'
import type { ReceivingPorts } from './receiving'
import type { ScanRecord } from './scanJournal'

export interface ReceivingParts {
  dataDir: string
  settings: Settings
  packages: ManifestPackages
  lookups: Lookups
  journalScan: (scan: ScanRecord) => void
}

export function receivingPorts({ dataDir, settings, packages, lookups, journalScan }: ReceivingParts): ReceivingPorts {
  return {
    packageInfo: (packageUid) => packages.view(packageUid),
    rememberedPackagedProducts: (caseUuid, packageUid) => packages.packagedProductsOf(caseUuid, packageUid),
    rememberPackagedProducts: (caseUuid, packageUid, uuids) => packages.rememberPackagedProducts(caseUuid, packageUid, uuids),
    operator: () => settings.get().operator,
    whereabouts: (caseUuid) => lookups.caseWhereabouts(caseUuid),
    productName: (packageUid) => packages.productNameOf(packageUid),
    timeZone: () => settings.get().timeZone,
    ownDispensaries: () => {
      const s = settings.get()
      return knownOwnDispensaries(dataDir, ownDispensaryKey(s.apiUrl, s.clientId))
    },
    journalScan
  }
}
