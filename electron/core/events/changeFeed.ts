// The station's change feed: every change (this process's writes and, polled, other processes' on the
// same folder) read from the journal and published as events: one 'item' per changed item, then one
// 'queue' with the counts.
import type { LogFn } from '../log/logFn'
import type { ApiBinding } from '../settings/apiBinding.std'
import type { PublicSettings } from '../settings/settings'
import type { Db } from '../store/db'
import { toItem, type Store } from '../store/store'
import type { StationEvent } from '../types'

export interface ChangeFeedOptions {
  db: Db
  store: Store
  settings: () => PublicSettings
  currentApi: () => ApiBinding
  log: LogFn
  /** The settings changed (here or in another process): the API client must be built again. */
  settingsChanged: () => void
  /** After every look at the journal: the connection may have changed too. */
  afterChanges: () => void
}

export class ChangeFeed {
  private readonly listeners = new Set<(event: StationEvent) => void>()
  private lastJournalId: number
  private lastDataVersion = -1
  private pollTimer: NodeJS.Timeout | null = null
  private closed = false

  constructor(private readonly o: ChangeFeedOptions) {
    this.lastJournalId = o.store.journalMaxId()
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0
  }

  /** Every state change: one 'item' event per changed item (from the journal), then one 'queue' event. */
  on(listener: (event: StationEvent) => void): () => void {
    this.listeners.add(listener)
    if (!this.pollTimer) {
      // Changes made by other processes on the same folder (the command line, a second host).
      this.pollTimer = setInterval(() => this.pollOtherProcesses(), 500)
      this.pollTimer.unref()
    }
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0 && this.pollTimer) {
        clearInterval(this.pollTimer)
        this.pollTimer = null
      }
    }
  }

  emit(event: StationEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event)
      } catch (err) {
        this.o.log('error', 'station event listener threw', { error: (err as Error).message })
      }
    }
  }

  /** Publishes what the journal holds since the last look (call after every write). */
  publishChanges(): void {
    if (this.closed) return
    if (this.listeners.size === 0) {
      this.lastJournalId = this.o.store.journalMaxId()
      return
    }
    let rows = this.o.store.journalSince(this.lastJournalId)
    let any = false
    while (rows.length > 0) {
      const changed = new Map<number, string>()
      for (const r of rows) {
        this.lastJournalId = r.id
        if (r.outbox_id !== null) changed.set(r.outbox_id, r.event)
        else if (r.event === 'manifest_loaded' || r.event === 'package_remembered' || r.event === 'case_remembered') {
          this.emit({ type: 'manifest', packages: this.o.store.pkgs().length })
        } else if (r.event === 'settings_changed') {
          this.o.settingsChanged()
          this.emit({ type: 'settings', settings: this.o.settings() })
        }
      }
      for (const [id, event] of changed) {
        const row = this.o.store.item(id)
        if (row) this.emit({ type: 'item', item: toItem(row, this.o.currentApi()), event })
      }
      any = any || changed.size > 0
      rows = this.o.store.journalSince(this.lastJournalId)
    }
    if (any) this.emit({ type: 'queue', counts: this.o.store.counts() })
    this.o.afterChanges()
  }

  /** Stops publishing and forgets every listener. */
  close(): void {
    this.closed = true
    if (this.pollTimer) clearInterval(this.pollTimer)
    this.pollTimer = null
    this.listeners.clear()
  }

  private pollOtherProcesses(): void {
    if (this.closed) return
    try {
      const v = this.o.db.pragma('data_version', { simple: true }) as number
      if (v !== this.lastDataVersion) {
        this.lastDataVersion = v
        this.publishChanges()
      }
      this.o.afterChanges()
    } catch (err) {
      this.o.log('warn', 'event poll failed', { error: (err as Error).message })
    }
  }
}
