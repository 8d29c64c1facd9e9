// Core events → contract events for the page. Item changes go out as they happen; the queue
// summary (counts, connection, failed items) is rebuilt at most a few times a second.
import type { AppInfo, QueueView, StationEvent } from '../contract'
import { stationEvent } from '../contract'
import type { Station } from '../core/station'
import { connectionView, itemView } from './views'

const QUEUE_EVENT_INTERVAL_MS = 200

export function queueView(station: Station): QueueView {
  const queue = station.queue()
  const failed = queue.items.filter((item) => item.state === 'failed')
  const recent = queue.items.filter((item) => item.state !== 'failed').slice(-20)
  // Held back for another reason than their API (those are counted per API: queue.waiting).
  const held = queue.items.filter((item) => item.waiting !== null && item.waitingFor === null).slice(0, 20)
  return {
    counts: { pending: queue.counts.pending, sending: queue.counts.in_flight, failed: queue.counts.failed, importedToday: station.importedToday() },
    connection: connectionView(station.connection()),
    waiting: queue.waiting,
    failed: failed.map(itemView),
    held: held.map(itemView),
    recent: recent.map(itemView)
  }
}

export class StationEvents {
  private readonly listeners = new Set<(event: StationEvent) => void>()
  private unsubscribeCore: (() => void) | null = null
  private queueTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly log: (level: 'info' | 'warn' | 'error', message: string) => void) {}

  subscribe(listener: (event: StationEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: StationEvent): void {
    const checked = stationEvent.safeParse(event)
    if (!checked.success) {
      this.log('error', `event does not match the contract: ${checked.error.message}`)
      return
    }
    for (const listener of this.listeners) listener(checked.data)
  }

  attach(station: Station, info: () => AppInfo): void {
    this.detach()
    this.unsubscribeCore = station.on((event) => {
      if (event.type === 'item') this.emit({ type: 'item', item: itemView(event.item) })
      if (event.type === 'settings') this.emit({ type: 'info', info: info() })
      this.scheduleQueue(station)
    })
  }

  detach(): void {
    this.unsubscribeCore?.()
    this.unsubscribeCore = null
    if (this.queueTimer) clearTimeout(this.queueTimer)
    this.queueTimer = null
  }

  private scheduleQueue(station: Station): void {
    if (this.queueTimer || this.listeners.size === 0) return
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null
      try {
        this.emit({ type: 'queue', queue: queueView(station) })
      } catch (error) {
        this.log('warn', `queue summary failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }, QUEUE_EVENT_INTERVAL_MS)
  }
}
