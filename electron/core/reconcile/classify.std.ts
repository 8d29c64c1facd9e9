// The store's day, from LucidRetail itself: for every case of the day's packages, what the API's last
// answer says (imported or not, into which package, by which dispensary) beside what this station's
// own journal says, classified once here for every face (the review screen, the CLI, the CSV).
// Plain functions over rows: no SQL, no network (see reconcile.ts for those).
import type { PackageRow } from '../store/store'
import type { ApiDispensary, ItemOutcome, ItemState, Operation } from '../types'
import { importStates, type ListedCase } from '../lookup/answer.std'

/**
 * What a case comes to, in the order a manager reads them (the actionable list first):
 * - not_imported: expected, and imported nowhere (the API says so, and this station has no import of it);
 * - unconfirmed: imported by this station, not confirmed by the API (still queued, failed, or the API disagrees);
 * - different_package: the API has it imported into another package than this one (both shown);
 * - this_station / this_dispensary / other_dispensary: imported into this package, by this station, by
 *   another station of this dispensary (the API cannot tell stations apart), or by a sister dispensary (named);
 * - other_company: imported, by a dispensary of another company (the API names neither it nor the package);
 * - not_checked: no answer of the API for the package to compare with (never asked, or only the day's export).
 */
export const FINDINGS = ['not_imported', 'unconfirmed', 'different_package', 'this_station', 'this_dispensary', 'other_dispensary', 'other_company', 'not_checked'] as const
export type Finding = (typeof FINDINGS)[number]

export const FINDING_WORDS: Record<Finding, string> = {
  not_imported: 'Expected, not imported anywhere',
  unconfirmed: 'Imported by this station, not confirmed by LucidRetail',
  different_package: 'Imported into a different package',
  this_station: 'Imported by this station',
  this_dispensary: 'Imported by this dispensary, not this station',
  other_dispensary: 'Imported by a sister dispensary',
  other_company: 'Imported by another company',
  not_checked: 'Could not be checked'
}

/** Where this station's own journal leaves a case of a package: its latest import or remove that counts. */
export type StationCaseState = 'imported' | 'queued' | 'sending' | 'failed' | 'removed' | 'removing'

export interface StationCase {
  state: StationCaseState
  /** Epoch ms of the operation that decided it. */
  at: number
  operator: string | null
  /** The API's words for a failure or an "already imported", else null. */
  message: string | null
}

/** The API's last word on a case, as the lookup answered it. */
export type ApiCaseAnswer = ListedCase

export interface ReconciledCase {
  packageUid: string
  productName: string | null
  caseUuid: string
  /** On the manifest for this package (or the package's manifest rows list no CaseIDs and the API lists it). */
  expected: boolean
  finding: Finding
  /** One line saying it, with the package and dispensary named. */
  words: string
  api: ApiCaseAnswer | null
  station: StationCase | null
}

/** The cached answer of the API for a package, or why there is none. */
export interface PackageAnswer {
  body: string
  fetchedAt: number
}

export interface ReconcilePackageInput {
  pkg: PackageRow | null
  packageUid: string
  /** The manifest's cases of the package (any packaged product), in manifest order. */
  manifestCases: readonly string[]
  /** This station's operations on the package (any day), not cancelled, in id order. */
  ops: readonly ReconcileOp[]
  answer: PackageAnswer | null
}

export interface ReconcileOp {
  id: number
  operation: Operation
  case_uuid: string
  packaged_product_uuid: string | null
  state: ItemState
  outcome: ItemOutcome | string | null
  operator: string | null
  api_message: string | null
  last_error: string | null
  updated_at: number
}

export type FindingCounts = Record<Finding, number>

export interface ReconciledPackage {
  packageUid: string
  productName: string | null
  onManifest: boolean
  /** Cases the manifest lists for it. */
  expected: number
  /** When the answer compared with was given (ISO), and its age in ms at the reconcile; null: none. */
  answerAt: string | null
  answerAgeMs: number | null
  /** Why it could not be checked (or why its answer is an old one), else null. */
  problem: string | null
  counts: FindingCounts
}

export function emptyCounts(): FindingCounts {
  return Object.fromEntries(FINDINGS.map((f) => [f, 0])) as FindingCounts
}

/** This station's last say on each case of a package: the latest import or remove that counts, in id order. */
export function stationCases(ops: readonly ReconcileOp[]): Map<string, StationCase> {
  const out = new Map<string, StationCase>()
  for (const o of ops) {
    if (o.state === 'cancelled') continue
    // A remove that failed left the import where it was.
    if (o.operation === 'remove' && o.state === 'failed') continue
    const state: StationCaseState =
      o.operation === 'import'
        ? o.state === 'done'
          ? 'imported'
          : o.state === 'pending'
            ? 'queued'
            : o.state === 'in_flight'
              ? 'sending'
              : 'failed'
        : o.state === 'done'
          ? 'removed'
          : 'removing'
    out.set(o.case_uuid, { state, at: o.updated_at, operator: o.operator, message: o.api_message ?? (o.state === 'done' ? null : o.last_error) })
  }
  return out
}

/**
 * This station's dispensary: the ones it learnt before (the lookups' own-dispensary memory) and the
 * dispensary the API names for a case this station imported (confirmed) into that same package.
 */
export function ownDispensaries(known: Iterable<string>, packages: readonly { packageUid: string; api: Map<string, ApiCaseAnswer> | null; station: Map<string, StationCase> }[]): Set<string> {
  const own = new Set(known)
  for (const p of packages) {
    if (!p.api) continue
    for (const [caseUuid, s] of p.station) {
      const a = p.api.get(caseUuid)
      if (s.state === 'imported' && a?.isImported && a.importedInto === p.packageUid && a.dispensary) own.add(a.dispensary.uuid)
    }
  }
  return own
}

function named(d: ApiDispensary | null): string {
  if (!d) return 'another company'
  return `${d.name || 'a dispensary'}${d.state ? `, ${d.state}` : ''}`
}

const STATION_WORDS: Record<StationCaseState, string> = {
  imported: 'imported here',
  queued: 'import still queued here',
  sending: 'import being sent',
  failed: 'import failed here',
  removed: 'removed here',
  removing: 'remove still queued here'
}

/** The rule: what one case comes to, from the API's answer (null: none to compare with) and this station's journal. */
export function classifyCase(
  packageUid: string,
  api: ApiCaseAnswer | null,
  station: StationCase | null,
  answered: boolean,
  own: ReadonlySet<string>,
  /** When the answer was given (epoch ms): an import confirmed here after it is not a disagreement. */
  answerAt: number | null = null
): { finding: Finding; words: string } {
  const mine = station ? `this station: ${STATION_WORDS[station.state]}${station.message ? ` (${station.message})` : ''}` : null
  const withMine = (w: string) => (mine ? `${w}; ${mine}` : w)
  if (!answered) return { finding: 'not_checked', words: withMine('no answer from LucidRetail for this package') }
  if (station?.state === 'queued' || station?.state === 'sending' || station?.state === 'removing') {
    return { finding: 'unconfirmed', words: `${STATION_WORDS[station.state]}, not confirmed by LucidRetail yet` }
  }
  if (api?.isImported) {
    const by = api.dispensary
    if (api.importedInto !== null && api.importedInto !== packageUid) {
      const who = by && own.has(by.uuid) ? 'this dispensary' : named(by)
      return { finding: 'different_package', words: withMine(`imported into ${api.importedInto} (not ${packageUid}) by ${who}`) }
    }
    if (api.importedInto === null || !by) return { finding: 'other_company', words: withMine('imported by another company (LucidRetail names neither it nor the package)') }
    if (own.has(by.uuid)) {
      if (station?.state === 'imported') return { finding: 'this_station', words: `imported by this station (${named(by)})` }
      return { finding: 'this_dispensary', words: withMine(`imported by this dispensary, not this station (${named(by)})`) }
    }
    if (station?.state === 'imported' && own.size === 0) return { finding: 'this_station', words: `imported by this station (${named(by)})` }
    const unknownOwn = own.size === 0 ? ' (this station has not learnt its dispensary yet: no confirmed import)' : ''
    return { finding: 'other_dispensary', words: withMine(`imported by ${named(by)}${unknownOwn}`) }
  }
  // The API says not imported (or does not list the case).
  if (station?.state === 'imported') {
    if (answerAt !== null && station.at > answerAt) return { finding: 'unconfirmed', words: 'imported here after LucidRetail\u2019s last answer, which does not have it yet' }
    return { finding: 'unconfirmed', words: 'imported here, but LucidRetail says it is not imported (a disagreement)' }
  }
  if (station?.state === 'failed') return { finding: 'unconfirmed', words: `import failed here${station.message ? `: ${station.message}` : ''}` }
  return { finding: 'not_imported', words: withMine(api ? 'not imported anywhere' : 'not imported anywhere (LucidRetail does not list it for this package)') }
}

export interface ClassifiedPackage {
  summary: ReconciledPackage
  cases: ReconciledCase[]
}

/** One package: every case the manifest expects, the API lists as imported, or this station touched. */
export function classifyPackage(
  input: ReconcilePackageInput & { api: Map<string, ApiCaseAnswer> | null; station: Map<string, StationCase> },
  own: ReadonlySet<string>,
  now: number,
  problem: string | null
): ClassifiedPackage {
  const { packageUid, api, station } = input
  const onManifest = input.pkg?.on_manifest === 1
  const manifest = new Set(onManifest ? input.manifestCases : [])
  // A manifest row without CaseIDs says nothing about which cases to expect: then the API's list is.
  const expectAll = onManifest && manifest.size === 0
  const order = [...manifest]
  for (const c of station.keys()) if (!manifest.has(c)) order.push(c)
  for (const [c, a] of api ?? []) if (!manifest.has(c) && !station.has(c) && (a.isImported || expectAll)) order.push(c)
  const productName = input.pkg?.product_name || null
  const cases = order.map((caseUuid): ReconciledCase => {
    const a = api?.get(caseUuid) ?? null
    const s = station.get(caseUuid) ?? null
    const { finding, words } = classifyCase(packageUid, a, s, api !== null, own, input.answer?.fetchedAt ?? null)
    return { packageUid, productName, caseUuid, expected: manifest.has(caseUuid) || (expectAll && a !== null), finding, words, api: a, station: s }
  })
  // A case nobody expected and nobody has imported (removed here, say) is no finding.
  const kept = cases.filter((c) => c.expected || c.finding !== 'not_imported')
  const counts = emptyCounts()
  for (const c of kept) counts[c.finding]++
  const answer = input.answer
  return {
    summary: {
      packageUid,
      productName,
      onManifest,
      expected: kept.filter((c) => c.expected).length,
      answerAt: answer && api ? new Date(answer.fetchedAt).toISOString() : null,
      answerAgeMs: answer && api ? Math.max(0, now - answer.fetchedAt) : null,
      problem: problem ?? (api ? null : answer ? 'only the day\u2019s export is known for it, which does not say what is imported' : 'never answered by LucidRetail'),
      counts
    },
    cases: kept
  }
}

export interface ReconcileInput {
  packages: readonly ReconcilePackageInput[]
  /** The dispensaries this station learnt are its own (lookups), by uuid. */
  knownOwn: Iterable<string>
  /** Why a package's answer is not a fresh one (the reconcile could not ask, or was cancelled), by Package UID. */
  problems: ReadonlyMap<string, string>
  now: number
}

export interface ReconcileResult {
  packages: ReconciledPackage[]
  /** Actionable first (the order of FINDINGS), then by package and manifest order. */
  cases: ReconciledCase[]
  totals: FindingCounts & { cases: number; expected: number }
  /** This station's dispensary as far as known (names), empty when not learnt yet. */
  ownDispensaries: string[]
  /** The same by uuid (what the station remembers). */
  ownUuids: Set<string>
  /** Every finding with its heading, in the order to show them (the actionable first). */
  findings: { finding: Finding; words: string }[]
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const prepared = input.packages.map((p) => {
    const answer = p.answer ? importStates(p.answer.body) : null
    return { ...p, api: answer, station: stationCases(p.ops) }
  })
  const own = ownDispensaries(input.knownOwn, prepared)
  const classified = prepared.map((p) => classifyPackage(p, own, input.now, input.problems.get(p.packageUid) ?? null))
  const cases = classified.flatMap((c) => c.cases)
  const rank = new Map(FINDINGS.map((f, i) => [f, i]))
  const ordered = cases.map((c, i) => ({ c, i })).sort((x, y) => rank.get(x.c.finding)! - rank.get(y.c.finding)! || x.i - y.i).map((x) => x.c)
  const totals = { ...emptyCounts(), cases: cases.length, expected: cases.filter((c) => c.expected).length }
  for (const c of cases) totals[c.finding]++
  const ownNames = new Set<string>()
  for (const c of cases) if (c.api?.dispensary && own.has(c.api.dispensary.uuid)) ownNames.add(named(c.api.dispensary))
  return { packages: classified.map((c) => c.summary), cases: ordered, totals, ownDispensaries: [...ownNames].sort(), ownUuids: own, findings: FINDINGS.map((finding) => ({ finding, words: FINDING_WORDS[finding] })) }
}
