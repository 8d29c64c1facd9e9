// The update check, apart from how updates are fetched: the desktop app plugs in electron-updater
// (electron/main/updater.ts), the browser host plugs in nothing and reports "not applicable".
// Checks run in the background on a timer, never on the scanning path; a failure is logged quietly
// and shown in About, never as an error in the operator's face.
import type { UpdateStatus } from '../contract'

export interface UpdaterPort {
  /** The version on offer when it is newer than the running one, or null. Rejects on failure. */
  check(): Promise<{ version: string } | null>
  /** Called by the port when a version finished downloading (it is installed when the app quits). */
  onDownloaded(listener: (version: string) => void): void
}

export interface UpdateCheckerOptions {
  port: UpdaterPort | null
  enabled: () => boolean
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
  onChange: (status: UpdateStatus) => void
  /** Shown when there is no port; default: the browser host's words. */
  unsupportedMessage?: string | undefined
  now?: () => Date
  /** First automatic check after start; default 1 minute (the station starts scanning first). */
  firstDelayMs?: number
  /** Between automatic checks; default 6 hours. */
  intervalMs?: number
}

const NOT_APPLICABLE = 'Updates are not checked here: this is the station in a browser. Update the installation that serves it.'

const NO_FEED = 'This build has no update feed configured.'

/** Turns the updater's error into words for About; the full error goes to the log. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/app-update\.yml|ENOENT/.test(message)) return NO_FEED
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|net::/.test(message)) return 'The update server could not be reached; the station will try again later.'
  return 'The update check failed; see the log for details.'
}

export class UpdateChecker {
  private current: UpdateStatus
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: Promise<UpdateStatus> | null = null

  constructor(private readonly options: UpdateCheckerOptions) {
    this.current = this.base()
    options.port?.onDownloaded((version) => this.set({ state: 'downloaded', latestVersion: version, message: `Version ${version} is ready: it is installed when the station is closed.` }))
  }

  status(): UpdateStatus {
    const enabled = this.options.enabled()
    if (!this.options.port) return this.current
    if (!enabled && (this.current.state === 'idle' || this.current.state === 'up-to-date')) return { ...this.current, enabled, state: 'disabled', message: 'Automatic update checks are off (Settings).' }
    return { ...this.current, enabled }
  }

  /** Starts the automatic checks (only while they are enabled; the setting is read at every turn). */
  start(): void {
    if (!this.options.port || this.timer) return
    const schedule = (delay: number): void => {
      this.timer = setTimeout(() => {
        // A build without a feed fails every time: after the first, only a manual check tries again.
        const automatic = this.options.enabled() && this.current.message !== NO_FEED
        const turn = automatic ? this.checkNow() : Promise.resolve(this.status())
        void turn.finally(() => {
          if (this.timer) schedule(this.options.intervalMs ?? 6 * 60 * 60 * 1000)
        })
      }, delay)
      this.timer.unref?.()
    }
    schedule(this.options.firstDelayMs ?? 60_000)
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** One check now (the About's button, or the timer). Never rejects. Concurrent calls share one check. */
  checkNow(): Promise<UpdateStatus> {
    const port = this.options.port
    if (!port) return Promise.resolve(this.status())
    if (this.current.state === 'downloaded') return Promise.resolve(this.status())
    this.running ??= (async () => {
      this.set({ state: 'checking', message: 'Checking for updates…' })
      try {
        const offer = await port.check()
        if (offer) {
          this.options.log('info', 'update available', { version: offer.version })
          this.set({ state: 'available', latestVersion: offer.version, message: `Version ${offer.version} is available: it downloads in the background.` })
        } else {
          this.set({ state: 'up-to-date', latestVersion: null, message: 'This is the latest version.' })
        }
      } catch (error) {
        this.options.log('warn', 'update check failed', { error: error instanceof Error ? error.message : String(error) })
        this.set({ state: 'error', message: describeFailure(error) })
      } finally {
        this.running = null
      }
      return this.status()
    })()
    return this.running
  }

  private base(): UpdateStatus {
    const supported = this.options.port !== null
    return {
      supported,
      enabled: this.options.enabled(),
      state: supported ? 'idle' : 'not-applicable',
      message: supported ? 'Not checked yet.' : (this.options.unsupportedMessage ?? NOT_APPLICABLE),
      latestVersion: null,
      checkedAt: null
    }
  }

  private set(change: Partial<UpdateStatus>): void {
    const checked = change.state && change.state !== 'checking' ? { checkedAt: (this.options.now?.() ?? new Date()).toISOString() } : {}
    this.current = { ...this.current, ...change, ...checked }
    this.options.onChange(this.status())
  }
}
