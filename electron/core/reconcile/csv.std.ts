// The reconciled day as CSV (export --reconciled, and the review screen's "Export reconciled CSV"): one
// row per case, actionable findings first, with the API's answer and this station's journal side by side.
import { csvDocument, neutralise } from '../review/csv.std'
import { FINDING_WORDS, type ReconciledCase, type ReconciledPackage } from './classify.std'

export const RECONCILED_COLUMNS = [
  'finding',
  'finding_words',
  'package_uid',
  'product_name',
  'case_uuid',
  'expected',
  'imported',
  'imported_into',
  'dispensary',
  'imported_on',
  'station_state',
  'station_time',
  'station_operator',
  'station_message',
  'answer_at',
  'answer_age_s',
  'detail'
] as const

/** An ISO time with its zone (Z or an offset): the only kind of API time that can be put in another zone without guessing. */
const ZONED_ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** One zone in the whole file, the station's, as station_time: an API time it cannot read stays as the API wrote it. */
function inStationZone(text: string | null, isoTime: (ms: number) => string): string | null {
  if (text === null || !ZONED_ISO_TIME.test(text)) return text
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? text : isoTime(ms)
}

export function reconciledCsv(view: { cases: readonly ReconciledCase[]; packages: readonly ReconciledPackage[] }, isoTime: (ms: number) => string): string {
  const byPackage = new Map(view.packages.map((p) => [p.packageUid, p]))
  const records = view.cases.map((c) => {
    const p = byPackage.get(c.packageUid)
    const d = c.api?.dispensary
    return [
      c.finding,
      FINDING_WORDS[c.finding],
      c.packageUid,
      c.productName,
      c.caseUuid,
      c.expected ? 'yes' : 'no',
      c.api === null ? (p?.answerAt ? 'not listed' : 'unknown') : c.api.isImported ? 'yes' : 'no',
      c.api?.importedInto ?? null,
      d ? `${d.name}${d.state ? `, ${d.state}` : ''}` : null,
      inStationZone(c.api?.importedOn ?? null, isoTime),
      c.station?.state ?? null,
      c.station ? isoTime(c.station.at) : null,
      c.station?.operator ?? null,
      c.station?.message ?? null,
      inStationZone(p?.answerAt ?? null, isoTime),
      p?.answerAgeMs != null ? String(Math.round(p.answerAgeMs / 1000)) : null,
      c.words
    ].map(neutralise)
  })
  return csvDocument(RECONCILED_COLUMNS, records)
}
