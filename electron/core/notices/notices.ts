// What the operator must be told at start (a damaged database replaced), kept in the settings table
// until dismissed.
import type { LogFn } from '../log/logFn'
import type { ReplacedDatabase } from '../store/open'
import { describeSalvage } from '../store/salvage'
import type { Store } from '../store/store'
import type { StationNotice } from '../types'

const NOTICE_PREFIX = 'notice.'

export class Notices {
  constructor(
    private readonly store: Store,
    private readonly stationName: () => string,
    private readonly now: () => number,
    private readonly log: LogFn
  ) {}

  /** Says, until dismissed, that the damaged database was kept aside and what was kept from it. */
  noteReplacedDatabase({ movedTo, reason, salvage }: ReplacedDatabase): void {
    const at = this.now()
    const { kept, lost } = describeSalvage(salvage)
    const notice: StationNotice = {
      id: `database_replaced-${at}`,
      kind: 'database_replaced',
      at,
      file: movedTo,
      message:
        `The station's database was damaged and could not be read whole, so a new one was started. The damaged file was kept as ${movedTo}. ` +
        `Kept from it: ${kept}. Not kept: ${lost}.`
    }
    this.log('error', 'the station database was damaged: kept aside, a new one started with what could be read', { movedTo, reason, kept, lost })
    this.store.putNotice(NOTICE_PREFIX + notice.id, JSON.stringify(notice), at, {
      event: 'database_replaced',
      station: this.stationName(),
      detail: JSON.stringify({ movedTo, reason, settingsKept: salvage.settings, unsentKept: salvage.unsent.rows })
    })
  }

  /** The notices not dismissed yet, oldest first. */
  list(): StationNotice[] {
    const out: StationNotice[] = []
    for (const [k, v] of Object.entries(this.store.allSettings())) {
      if (!k.startsWith(NOTICE_PREFIX)) continue
      try {
        out.push(JSON.parse(v) as StationNotice)
      } catch {
        // A notice row is written only by noteReplacedDatabase; an unreadable one is skipped.
      }
    }
    return out.sort((a, b) => a.at - b.at)
  }

  dismiss(id: string): void {
    this.store.putNotice(NOTICE_PREFIX + id, null, this.now(), { event: 'notice_dismissed', station: this.stationName(), detail: JSON.stringify({ id }) })
  }
}
