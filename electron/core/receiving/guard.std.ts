// Where a case may go, decided from what the station already knows (the loaded manifest and the
// cached lookup answers), before anything is queued. The API accepts an import into any package of
// the dispensary: the station is the guard. Only when it knows nothing does a scan queue and the
// API's answer settle it. Pure: no I/O.
import type { ApiDispensary, CaseWhereabouts } from '../types'

export type CaseVerdict =
  /** Nothing known against it: queue (the API settles it). */
  | { kind: 'free' }
  /** The manifest or the API puts the case in another package: refused, with a switch to it. */
  | { kind: 'other-package'; packageUid: string; why: 'manifest' | 'listed' | 'imported'; importedOn: string | null; dispensary: ApiDispensary | null }
  /** Imported by a dispensary of another company (the API does not say into which package): refused. */
  | { kind: 'other-company'; importedOn: string | null }
  /** The API says it is imported into this very package already (by anyone): not queued. */
  | { kind: 'imported-here'; importedOn: string | null; dispensary: ApiDispensary | null }

/**
 * The verdict for a case scanned into `packageUid`, given what is known of it and how many packaged
 * products this case holds. The API reports imports per case, not per packaged product: a
 * multi-batch case it lists as imported into this package may still miss some, so it is free (the
 * station imports what it has not confirmed, and the API's "already imported" settles the rest).
 */
export function caseVerdict(packageUid: string, known: CaseWhereabouts, packagedProducts: number): CaseVerdict {
  const imported = known.api.find((a) => a.isImported)
  if (imported) {
    if (imported.importedInto === null) return { kind: 'other-company', importedOn: imported.importedOn }
    if (imported.importedInto !== packageUid) {
      return { kind: 'other-package', packageUid: imported.importedInto, why: 'imported', importedOn: imported.importedOn, dispensary: imported.dispensary }
    }
    return packagedProducts > 1 ? { kind: 'free' } : { kind: 'imported-here', importedOn: imported.importedOn, dispensary: imported.dispensary }
  }
  const onThisManifest = known.manifestPackages.includes(packageUid)
  const elsewhereOnManifest = known.manifestPackages.find((p) => p !== packageUid)
  if (!onThisManifest && elsewhereOnManifest !== undefined) {
    return { kind: 'other-package', packageUid: elsewhereOnManifest, why: 'manifest', importedOn: null, dispensary: null }
  }
  const listedHere = onThisManifest || known.api.some((a) => a.listedBy === packageUid)
  const listedElsewhere = known.api.find((a) => a.listedBy !== packageUid)
  if (!listedHere && listedElsewhere) {
    return { kind: 'other-package', packageUid: listedElsewhere.listedBy, why: 'listed', importedOn: null, dispensary: null }
  }
  return { kind: 'free' }
}

/** The package a case belongs to when no package is active, if the station knows it. */
export function homeOfCase(known: CaseWhereabouts): { packageUid: string; why: 'manifest' | 'listed' | 'imported' } | null {
  const imported = known.api.find((a) => a.isImported && a.importedInto !== null)
  if (imported?.importedInto) return { packageUid: imported.importedInto, why: 'imported' }
  const onManifest = known.manifestPackages[0]
  if (onManifest !== undefined) return { packageUid: onManifest, why: 'manifest' }
  const listed = known.api[0]
  return listed ? { packageUid: listed.listedBy, why: 'listed' } : null
}

/** "Green Valley Uptown, CA" */
export function dispensaryWords(d: ApiDispensary | null): string | null {
  if (!d || !d.name) return null
  return d.state ? `${d.name}, ${d.state}` : d.name
}

/** An API time said as the station's clock reads it: "2026-05-09 10:00" in its time zone. */
export function whenWords(iso: string | null, timeZone: string): string | null {
  if (!iso) return null
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return null
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms)
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
  } catch {
    return iso
  }
}
