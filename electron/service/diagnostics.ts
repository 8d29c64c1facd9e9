// "Copy diagnostics": what support needs to help a store on the phone, in plain text, with every
// secret masked (the client secret itself, tokens, anything credential-shaped in the log lines).
import os from 'node:os'
import type { AppInfo, QueueView } from '../contract'
import { redact } from '../core/log/redact.std'

export interface DiagnosticsInput {
  info: AppInfo
  queue: QueueView | null
  clientIdSet: boolean
  clientSecretSet: boolean
  logTail: readonly string[]
  secrets: readonly (string | null)[]
  now: Date
}

export function describePlatform(): string {
  const electron = process.versions.electron ? `, Electron ${process.versions.electron} (Chromium ${process.versions.chrome ?? '?'})` : ''
  return `${os.type()} ${os.release()} ${os.arch()}, Node ${process.versions.node}${electron}`
}

export function diagnosticsText(input: DiagnosticsInput): string {
  const { info, queue } = input
  const lines = [
    'CaseID Station diagnostics',
    `generated: ${input.now.toISOString()}`,
    `version: ${info.version} (${info.host === 'desktop' ? 'desktop app' : 'browser host'})`,
    `system: ${info.platform ?? describePlatform()}`,
    `data folder: ${info.dataDir}`,
    `station: ${info.stationName || '(unnamed)'}; operator: ${info.operator || '(none)'}`,
    `API: ${info.api.mode} ${info.api.url}; client id ${input.clientIdSet ? 'set' : 'not set'}; client secret ${input.clientSecretSet ? 'set' : 'not set'}`,
    queue
      ? `queue: ${queue.counts.pending} pending, ${queue.counts.sending} sending, ${queue.counts.failed} failed, ${queue.counts.importedToday} imported today`
      : 'queue: (could not be read)',
    queue ? `connection: ${queue.connection.online === null ? 'not connected yet' : queue.connection.online ? 'online' : 'offline'}; ${queue.connection.message}` : '',
    info.updates ? `updates: ${info.updates.state}; ${info.updates.message}` : '',
    '',
    `last ${input.logTail.length} log lines:`,
    ...input.logTail
  ].filter((line, i, all) => line !== '' || all[i - 1] !== '')
  return redact(lines.join('\n'), input.secrets)
}
