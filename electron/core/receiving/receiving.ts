// What a scan means at the dock, decided in one place for every input (wedge, camera, typed):
// a Package UID makes a package active; a CaseID is imported into the active package with the
// packaged products the manifest (or the operator, once) gives; everything else is explained.
import { displaySafe, normaliseTag, packageUidFromOperator, parseScan, shortUuidProblem } from '../scan/parse.std'
import type { CaseWhereabouts, LocalOperation } from '../types'
import type { OutboxOperations } from '../outbox/operations'
import type { OpenDialog, ScanSource, Tone } from '../../shared/scans.std'
import { LastScans } from './lastScans'
import type { ScanRecord } from './scanJournal'
import { caseVerdict, dispensaryWords, homeOfCase, whenWords, type CaseVerdict } from './guard.std'

export type { ScanSource, Tone } from '../../shared/scans.std'

export interface PackageInfo {
  packageUid: string
  productName: string
  posProductId: string
  posInventoryId: string
  sku: string
  /** CaseID → its packaged products, from the manifest. */
  cases: { caseUuid: string; packagedProductUuids: string[] }[]
}

/** The outbox operations receiving uses: a case imported or undone, and what was done to a case. */
export type ReceivingOutbox = Pick<OutboxOperations, 'operationsOnCase' | 'enqueueImport' | 'enqueueRemove'>

/** What receiving asks of the station's other parts (wired in `stationPorts.ts`). */
export interface ReceivingPorts {
  packageInfo(packageUid: string): PackageInfo | null
  rememberedPackagedProducts(caseUuid: string, packageUid: string): string[]
  rememberPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[]): void
  operator(): string
  /** What the manifest and the cached lookups say about a case (asks no one). */
  whereabouts(caseUuid: string): CaseWhereabouts
  /** The product name known for a package, '' when none. */
  productName(packageUid: string): string
  /** The station's time zone, for the times it says. */
  timeZone(): string
  /** The dispensaries known to be this station's own (learnt from the API's answers). */
  ownDispensaries(): Set<string>
  /** Journals a scan that queued nothing (the queued ones are journalled with their operations). */
  journalScan(scan: ScanRecord): void
}

export type ReceiveOutcome =
  | { kind: 'package'; packageUid: string; needsPosIds: boolean; message: string; tone: Tone }
  | { kind: 'queued'; caseUuid: string; packageUid: string; items: LocalOperation[]; message: string; tone: Tone }
  | { kind: 'needs-packaged-product'; caseUuid: string; packageUid: string; message: string; tone: Tone }
  | { kind: 'no-active-package'; caseUuid: string; message: string; tone: Tone }
  | { kind: 'already'; caseUuid: string; message: string; tone: Tone }
  | { kind: 'item'; message: string; tone: Tone }
  /** tag: the Package UID "Use as Package UID" would adopt, null when the code cannot be a tag. */
  | { kind: 'unrecognised'; shown: string; tag: string | null; message: string; tone: Tone }
  | { kind: 'undone'; caseUuid: string; packageUid: string; message: string; tone: Tone }
  | { kind: 'refused'; message: string; tone: Tone }
  /** The case belongs to another package: nothing queued; the screen offers to switch to it. */
  | { kind: 'wrong-package'; caseUuid: string; packageUid: string; productName: string; message: string; tone: Tone }
  /** The API already shows the case imported (here or elsewhere): nothing queued. */
  | { kind: 'imported-already'; caseUuid: string; message: string; tone: Tone }
  /** A scan while the packaged-product question is open: the id it answers with (added to the answer). */
  | { kind: 'packaged-product-id'; id: string; message: string; tone: Tone }
  /** The answer to "which packaged product?" cannot be used: said in words; the question stays open. */
  | { kind: 'invalid-answer'; caseUuid: string; packageUid: string; message: string; tone: Tone }

/** The most packaged products one answer to "which packaged product is in this case?" may name. */
export const MAX_PACKAGED_PRODUCTS_PER_CASE = 50

/** What the screen has open when a scan comes in: a scan is never typed into a dialog's fields. */
export type { LocalOperation, OpenDialog }

/**
 * Whether this station has imported (or queued) a packaged product into a package and not removed it
 * since. Operations come oldest first; a cancelled one never happened, a failed one may be scanned again.
 */
function alreadyImported(operations: LocalOperation[], packageUid: string, packagedProductUuid: string): boolean {
  const relevant = operations.filter(
    (op) =>
      op.packageUid === packageUid &&
      op.state !== 'cancelled' &&
      op.state !== 'failed' &&
      (op.packagedProductUuid === packagedProductUuid || (op.operation === 'remove' && op.packagedProductUuid === null))
  )
  return relevant.at(-1)?.operation === 'import'
}

/** Who scanned on which screen: "undo last scan" undoes only their own last scan. */
export type ScanContext = { screen: string }

export class Receiving {
  /**
   * @param lastScans the operations queued by the last case scan on each screen, for "undo last scan";
   * given by whoever outlives this station (a reopen must not forget it), else this station's own.
   */
  constructor(
    /** Where a received case becomes an outbox row (`OutboxOperations`, called directly: the next stop of a scan). */
    private readonly outbox: ReceivingOutbox,
    private readonly ports: ReceivingPorts,
    private readonly lastScans: LastScans = new LastScans()
  ) {}

  /**
   * A scan as the screen sends it, from any input: into the open dialog if there is one, else a scan
   * at the dock. Every scan is journalled: one that queued nothing here, the others with their operations.
   */
  submitScan(scan: { text: string; source: ScanSource; activePackageUid: string | null; screen?: string | undefined; dialog?: OpenDialog | null | undefined }): ReceiveOutcome {
    const { text, source, activePackageUid } = scan
    const result = scan.dialog ? this.scanInDialog(text, scan.dialog) : this.scan(text, source, activePackageUid, scan.screen ? { screen: scan.screen } : null)
    if (result.kind !== 'queued') {
      this.ports.journalScan({
        outcome: result.kind,
        message: result.message,
        source,
        packageUid: 'packageUid' in result ? result.packageUid : activePackageUid,
        caseUuid: 'caseUuid' in result ? result.caseUuid : null
      })
    }
    return result
  }

  /**
   * Every case given (F4: the lookup's "Not imported" ones) received as if typed by hand; the ones not
   * queued are said with the reason. A storage failure (disk full) stops the batch with its error; the
   * cases before it stay queued.
   */
  receiveAll(caseUuids: string[], packageUid: string): ReceiveAllResult {
    const skipped: { caseUuid: string; reason: string }[] = []
    let queued = 0
    let cases = 0
    for (const caseUuid of caseUuids) {
      const result = this.receiveCase(caseUuid, packageUid, 'manual')
      if (result.kind === 'queued') {
        queued += result.items.length
        cases++
      } else skipped.push({ caseUuid, reason: result.message })
    }
    return { queued, cases, skipped, message: receiveAllWords(packageUid, cases, queued, skipped) }
  }

  scan(text: string, source: ScanSource, activePackageUid: string | null, context: ScanContext | null = null): ReceiveOutcome {
    const parsed = parseScan(text)
    switch (parsed.kind) {
      case 'package':
        return this.activatePackage(parsed.packageUid)
      case 'case': {
        const meant = source === 'manual' ? this.caseMeant(parsed.caseUuid, activePackageUid) : null
        if (meant) {
          return {
            kind: 'refused',
            message: `CaseID ${parsed.caseUuid} is not on package ${activePackageUid}: did you mean ${meant}? A CaseID's letters are case-sensitive: type it exactly as printed. Nothing queued.`,
            tone: 'refused'
          }
        }
        return this.receiveCase(parsed.caseUuid, activePackageUid, source, context)
      }
      case 'item':
        return { kind: 'item', message: parsed.message, tone: 'refused' }
      case 'unrecognised': {
        // A tag typed by hand is normalised (lower case, spaces and dashes); a scanner reads it as printed.
        const typedTag = source === 'manual' ? packageUidFromOperator(text) : null
        if (typedTag?.ok) return this.activatePackage(typedTag.packageUid)
        return { kind: 'unrecognised', shown: parsed.shown, tag: normaliseTag(text), message: `Not recognised: “${parsed.shown}”. ${parsed.message}`, tone: 'refused' }
      }
    }
  }

  /**
   * A scan while a dialog is open: the packaged-product question takes a packaged product id (bare,
   * or the id of an item link); every other dialog refuses the scan and says why. Nothing is queued.
   */
  scanInDialog(text: string, dialog: OpenDialog): ReceiveOutcome {
    const parsed = parseScan(text)
    if (dialog.kind === 'packaged-product') {
      const id = parsed.kind === 'case' && !/\/case\//i.test(text) ? parsed.caseUuid : parsed.kind === 'item' ? parsed.lucidId : null
      if (id !== null && id !== dialog.caseUuid && shortUuidProblem(id) === null) return { kind: 'packaged-product-id', id, message: `Packaged product ${id} added to the answer for CaseID ${dialog.caseUuid}.`, tone: 'accepted' }
      const what = id === dialog.caseUuid ? 'the CaseID itself' : parsed.kind === 'case' ? 'a CaseID label' : parsed.kind === 'package' ? 'a Package UID' : `“${parsed.kind === 'unrecognised' ? parsed.shown : text.trim().slice(0, 40)}”`
      return { kind: 'refused', message: `Not taken: ${what} is not a packaged product id. Scan the packaged product of CaseID ${dialog.caseUuid}, or press Escape to cancel.`, tone: 'refused' }
    }
    const open =
      dialog.kind === 'pos-ids' ? `the POS ids of package ${dialog.packageUid} are asked` : dialog.kind === 'operator' ? 'the operator on shift is asked' : 'a question is open'
    return { kind: 'refused', message: `Scan not taken: ${open}. Answer it or press Escape, then scan again.`, tone: 'refused' }
  }

  /**
   * The case of the active package a typed CaseID differs from only in letter case (Caps Lock, a
   * label read aloud): a ShortUUID so typed is another, valid-looking id, which the API would be asked
   * to import. Null when the id is listed as typed, or nothing so close is.
   */
  private caseMeant(caseUuid: string, packageUid: string | null): string | null {
    const cases = packageUid ? (this.ports.packageInfo(packageUid)?.cases ?? []) : []
    if (cases.some((c) => c.caseUuid === caseUuid)) return null
    const lower = caseUuid.toLowerCase()
    return cases.find((c) => c.caseUuid.toLowerCase() === lower)?.caseUuid ?? null
  }

  /** The operator's explicit choice to use an unrecognised code as a Package UID (it must look like a tag). */
  adoptPackageUid(text: string): ReceiveOutcome {
    const adopted = packageUidFromOperator(text)
    if (!adopted.ok) return { kind: 'refused', message: adopted.message, tone: 'refused' }
    return this.activatePackage(adopted.packageUid)
  }

  activatePackage(packageUid: string): ReceiveOutcome {
    const info = this.ports.packageInfo(packageUid)
    if (!info) {
      return { kind: 'package', packageUid, needsPosIds: true, message: `Package ${packageUid} is not on the manifest: enter its POS ids.`, tone: 'info' }
    }
    const product = info.productName ? `${info.productName}` : 'no product name'
    return { kind: 'package', packageUid, needsPosIds: false, message: `Package ${packageUid}: ${product}. Scan its cases.`, tone: 'accepted' }
  }

  /**
   * A CaseID into the active package. The manifest and the cached lookups decide first: a case that
   * belongs to another package, or that the API shows imported, is never queued. `context` null: a
   * bulk import, which "undo last scan" does not undo.
   */
  receiveCase(caseUuid: string, packageUid: string | null, source: ScanSource = 'manual', context: ScanContext | null = null): ReceiveOutcome {
    if (!packageUid) {
      const home = homeOfCase(this.ports.whereabouts(caseUuid))
      const message = `Scan the Package UID first: CaseID ${caseUuid} has no package to go into.`
      if (!home) return { kind: 'no-active-package', caseUuid, message, tone: 'refused' }
      const named = this.packageWords(home.packageUid)
      const where = home.why === 'manifest' ? `the manifest lists it under ${named}` : home.why === 'imported' ? `it was imported into ${named}` : `LucidRetail lists it under ${named}`
      return { kind: 'wrong-package', caseUuid, packageUid: home.packageUid, productName: this.ports.productName(home.packageUid), message: `${message} ${capitalise(where)}.`, tone: 'refused' }
    }
    const info = this.ports.packageInfo(packageUid)
    if (!info) {
      return { kind: 'refused', message: `Enter the POS ids of package ${packageUid} before scanning its cases.`, tone: 'refused' }
    }
    const fromManifest = info.cases.find((c) => c.caseUuid === caseUuid)?.packagedProductUuids ?? []
    const packagedProducts = fromManifest.length > 0 ? fromManifest : this.ports.rememberedPackagedProducts(caseUuid, packageUid)
    const verdict = caseVerdict(packageUid, this.ports.whereabouts(caseUuid), packagedProducts.length)
    const refusal = this.refusal(caseUuid, packageUid, verdict)
    if (refusal && !(verdict.kind === 'imported-here' && this.importedByThisStation(caseUuid, packageUid, packagedProducts))) return refusal
    if (packagedProducts.length === 0) {
      return { kind: 'needs-packaged-product', caseUuid, packageUid, message: `CaseID ${caseUuid} is not on the manifest: which packaged product is in it?`, tone: 'info' }
    }
    return this.importCase(caseUuid, info, packagedProducts, source, context)
  }

  /** The operator's answer to "which packaged product is in this case?", checked, then remembered for next time. */
  answerPackagedProducts(caseUuid: string, packageUid: string, packagedProductUuids: string[], context: ScanContext | null = null): ReceiveOutcome {
    const info = this.ports.packageInfo(packageUid)
    if (!info) return { kind: 'refused', message: `Enter the POS ids of package ${packageUid} first.`, tone: 'refused' }
    const given = packagedProductUuids.map((id) => id.trim()).filter(Boolean)
    const invalid = (message: string): ReceiveOutcome => ({ kind: 'invalid-answer', caseUuid, packageUid, message, tone: 'refused' })
    if (given.length === 0) return invalid('Scan, paste or type the packaged product id printed on the case (22 characters).')
    for (const [i, id] of given.entries()) {
      const which = given.length > 1 ? `Line ${i + 1} (“${displaySafe(id, 40)}”)` : `“${displaySafe(id, 40)}”`
      if (id === caseUuid) return invalid(`${which} is the CaseID itself, not a packaged product id: scan or type the packaged product printed on the case.`)
      const problem = shortUuidProblem(id, 'a packaged product id')
      if (problem !== null) return invalid(`${which} is not a packaged product id: ${problem}. Correct it and press Import.`)
    }
    // The same id twice (scanned again, pasted twice) is one packaged product: one import, not two requests.
    const ids = [...new Set(given)]
    if (ids.length > MAX_PACKAGED_PRODUCTS_PER_CASE) {
      return invalid(`${ids.length} packaged products: a case holds at most ${MAX_PACKAGED_PRODUCTS_PER_CASE}. Give the ones printed on this case and press Import.`)
    }
    const refusal = this.refusal(caseUuid, packageUid, caseVerdict(packageUid, this.ports.whereabouts(caseUuid), ids.length))
    if (refusal) return refusal
    this.ports.rememberPackagedProducts(caseUuid, packageUid, ids)
    return this.importCase(caseUuid, info, ids, 'manual', context)
  }

  /**
   * The guard for an import named in full, as the command line's `import` gives it (no scan, no
   * question): the same verdict as a scan of the case into that package. Returns why nothing may be
   * queued (another package, named; imported already, where and when; queued or imported by this
   * station already), or null when it may be queued.
   */
  guardImport(caseUuid: string, packageUid: string, packagedProductUuid: string): ReceiveOutcome | null {
    const known = this.ports.packageInfo(packageUid)?.cases.find((c) => c.caseUuid === caseUuid)?.packagedProductUuids ?? []
    const packagedProducts = known.length > 0 ? known : [packagedProductUuid]
    const refusal = this.refusal(caseUuid, packageUid, caseVerdict(packageUid, this.ports.whereabouts(caseUuid), packagedProducts.length))
    if (refusal) return refusal
    if (alreadyImported(this.outbox.operationsOnCase(caseUuid), packageUid, packagedProductUuid)) {
      return { kind: 'already', caseUuid, message: `Already queued or imported: CaseID ${caseUuid} (packaged product ${packagedProductUuid}) into ${packageUid} by this station. Nothing queued.`, tone: 'duplicate' }
    }
    return null
  }

  /** What the scan of the case says when the verdict keeps it out of the queue; null when it may go. */
  private refusal(caseUuid: string, packageUid: string, verdict: CaseVerdict): ReceiveOutcome | null {
    const tz = this.ports.timeZone()
    switch (verdict.kind) {
      case 'free':
        return null
      case 'other-package': {
        const named = this.packageWords(verdict.packageUid)
        const when = whenWords(verdict.importedOn, tz)
        const by = dispensaryWords(verdict.dispensary)
        const why =
          verdict.why === 'manifest'
            ? `the manifest lists it under ${named}`
            : verdict.why === 'imported'
              ? `it was imported into ${named}${when ? ` on ${when}` : ''}${by ? ` by ${by}` : ''}`
              : `LucidRetail lists it under ${named}`
        return {
          kind: 'wrong-package',
          caseUuid,
          packageUid: verdict.packageUid,
          productName: this.ports.productName(verdict.packageUid),
          message: `Wrong package: CaseID ${caseUuid} is not for ${packageUid}: ${why}. Nothing queued.`,
          tone: 'refused'
        }
      }
      case 'other-company': {
        const when = whenWords(verdict.importedOn, tz)
        return { kind: 'imported-already', caseUuid, message: `Imported elsewhere: CaseID ${caseUuid} was imported by another company's dispensary${when ? ` on ${when}` : ''}. Nothing queued.`, tone: 'refused' }
      }
      case 'imported-here': {
        const when = whenWords(verdict.importedOn, tz)
        const by = dispensaryWords(verdict.dispensary)
        const ours = verdict.dispensary !== null && this.ports.ownDispensaries().has(verdict.dispensary.uuid)
        if (ours || !by) {
          return { kind: 'imported-already', caseUuid, message: `Already imported: CaseID ${caseUuid} was imported into this package${when ? ` on ${when}` : ''}. Nothing queued.`, tone: 'duplicate' }
        }
        return { kind: 'imported-already', caseUuid, message: `Imported elsewhere: CaseID ${caseUuid} was imported into this package by ${by}${when ? ` on ${when}` : ''}. Nothing queued.`, tone: 'refused' }
      }
    }
  }

  /** Whether this station's own operations already import every packaged product of the case (its own words then). */
  private importedByThisStation(caseUuid: string, packageUid: string, packagedProducts: string[]): boolean {
    if (packagedProducts.length === 0) return false
    const existing = this.outbox.operationsOnCase(caseUuid)
    return packagedProducts.every((pp) => alreadyImported(existing, packageUid, pp))
  }

  /** "1A4FF…102 (Sour Diesel Pre-Roll 5pk)" */
  private packageWords(packageUid: string): string {
    const name = this.ports.productName(packageUid)
    return name ? `${packageUid} (${name})` : packageUid
  }

  private importCase(caseUuid: string, info: PackageInfo, packagedProducts: string[], source: ScanSource, context: ScanContext | null): ReceiveOutcome {
    const existing = this.outbox.operationsOnCase(caseUuid)
    const toImport = packagedProducts.filter((pp) => !alreadyImported(existing, info.packageUid, pp))
    if (toImport.length === 0) {
      return { kind: 'already', caseUuid, message: `Already scanned: CaseID ${caseUuid} is already queued or imported into ${info.packageUid}.`, tone: 'duplicate' }
    }
    const operator = this.ports.operator()
    const items = toImport.map((pp) =>
      this.outbox.enqueueImport({
        caseUuid,
        packagedProductUuid: pp,
        packageUid: info.packageUid,
        posProductId: info.posProductId,
        posInventoryId: info.posInventoryId,
        ...(info.sku ? { sku: info.sku } : {}),
        ...(operator ? { operator } : {}),
        source
      })
    )
    if (context) this.lastScans.set(context.screen, { operator, items })
    const batches = items.length > 1 ? ` (${items.length} packaged products)` : ''
    return { kind: 'queued', caseUuid, packageUid: info.packageUid, items, message: `CaseID ${caseUuid} queued for import into ${info.packageUid}${batches}.`, tone: 'accepted' }
  }

  /** The last case scan of the operator on shift on this screen, if it may still be undone. */
  lastScan(context: ScanContext): { caseUuid: string; packageUid: string; productName: string; products: number } | null {
    const last = this.lastScans.get(context.screen)
    const first = last?.items[0]
    if (!last || !first || last.operator !== this.ports.operator()) return null
    return { caseUuid: first.caseUuid, packageUid: first.packageUid, productName: this.ports.productName(first.packageUid), products: last.items.length }
  }

  /** Undo of the last case scan of this operator on this screen: a remove of what it imported (cancelled locally if never sent). */
  undoLastScan(context: ScanContext): ReceiveOutcome {
    const scan = this.lastScan(context)
    const last = this.lastScans.get(context.screen)
    if (!scan || !last) return { kind: 'refused', message: 'Nothing to undo: you have scanned no case on this screen since it opened.', tone: 'refused' }
    this.lastScans.forget(context.screen)
    const operator = this.ports.operator()
    let cancelled = 0
    for (const item of last.items) {
      const result = this.outbox.enqueueRemove({
        caseUuid: item.caseUuid,
        packageUid: item.packageUid,
        ...(item.packagedProductUuid ? { packagedProductUuid: item.packagedProductUuid } : {}),
        reason: 'Undo of the last scan',
        ...(operator ? { operator } : {})
      })
      if ('cancelled' in result) cancelled++
    }
    const how = cancelled === last.items.length ? 'cancelled before it was sent' : 'remove queued'
    return { kind: 'undone', caseUuid: scan.caseUuid, packageUid: scan.packageUid, message: `Undone: CaseID ${scan.caseUuid} from ${scan.packageUid} (${how}).`, tone: 'info' }
  }
}

/** F4's answer: cases counted as cases, their packaged products apart ("2 CaseIDs … (3 packaged products)"). */
export interface ReceiveAllResult {
  /** Imports queued (one per packaged product). */
  queued: number
  /** CaseIDs queued. */
  cases: number
  skipped: { caseUuid: string; reason: string }[]
  message: string
}

function receiveAllWords(packageUid: string, cases: number, imports: number, skipped: { reason: string }[]): string {
  const products = imports > cases ? ` (${imports} packaged products)` : ''
  const notQueued = skipped.length > 0 ? `; ${skipped.length} not queued (${skipped[0]!.reason})` : ''
  return `${cases} CaseID${cases === 1 ? '' : 's'} queued for import into ${packageUid}${products}${notQueued}.`
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
