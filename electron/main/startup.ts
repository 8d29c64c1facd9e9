// What a store manager sees when the desktop app cannot start (a database written by a newer
// version, a data folder it may not write, ...): the reason in words, where the data folder is, and
// the same entry in the log file there, since there is no window to show it in. Plain Node: tested
// without Electron; main shows the text in a dialog box.
import { LogFile } from '../core/log/logFile'
import { redact } from '../core/log/redact.std'

export function startupFailureText(error: unknown, dataDir: string): { title: string; text: string } {
  const reason = error instanceof Error ? error.message : String(error)
  return {
    title: 'CaseID Station could not start',
    text: [redact(reason), '', `Data folder: ${dataDir}`, 'The details are in logs/station.log there; "Copy diagnostics" is not available until the station starts.'].join('\n')
  }
}

/** Records the failure in the data folder's log (best effort: the folder itself may be the problem). */
export function logStartupFailure(error: unknown, dataDir: string): void {
  const log = new LogFile({ dataDir })
  log.write('error', 'the desktop app could not start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
}
