// "Undo last scan" (F8): the operations the last case scan queued on each screen, and who scanned.
// A screen is a page load, which outlives the Station it talks to: the hosts reopen the station when
// the API switches to or from the built-in sandbox. So the memory belongs to whoever outlives the
// station (the host's runtime passes one to every opening, see StationOptions.lastScans); a station
// opened without one keeps its own.
import type { LocalOperation } from '../types'

/** The last case scan that queued something on a screen. */
export interface LastScan {
  operator: string
  items: LocalOperation[]
}

export class LastScans {
  private readonly byScreen = new Map<string, LastScan>()

  get(screen: string): LastScan | undefined {
    return this.byScreen.get(screen)
  }

  set(screen: string, scan: LastScan): void {
    this.byScreen.set(screen, scan)
  }

  forget(screen: string): void {
    this.byScreen.delete(screen)
  }
}
