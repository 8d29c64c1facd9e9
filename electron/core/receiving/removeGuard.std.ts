// A remove names the package to undo the import from. LucidRetail answers a remove from a package the
// case is not in with "nothing to remove", which the outbox counts as done (a replay), so a remove naming
// the wrong package would be called done while the case stays imported. The station knows where it
// imported the case itself: a remove naming another package is refused, naming the right one.

export interface CaseOperation {
  id: number
  operation: 'import' | 'remove'
  state: string
  packageUid: string
}

/** The packages this station's operations leave the case imported into (or about to be), oldest first. */
export function packagesImportedHere(ops: readonly CaseOperation[]): string[] {
  const imported = new Set<string>()
  for (const o of [...ops].sort((a, b) => a.id - b.id)) {
    if (o.state === 'cancelled' || o.state === 'failed' || o.state === 'discarded') continue
    if (o.operation === 'import') imported.add(o.packageUid)
    else imported.delete(o.packageUid)
  }
  return [...imported]
}

/** Why a remove of the case from `packageUid` is refused, or null: only when this station imported it into another package and not into this one. */
export function removeRefusal(caseUuid: string, packageUid: string, ops: readonly CaseOperation[]): string | null {
  const here = packagesImportedHere(ops)
  if (here.length === 0 || here.includes(packageUid)) return null
  return `CaseID ${caseUuid} was imported by this station into ${here.join(', ')}, not into ${packageUid}: nothing queued (name that package to undo it).`
}
