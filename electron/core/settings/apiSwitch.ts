// A change of settings as the station applies it: what a change of API means for the operations not
// sent to the one it leaves (kept for it, or discarded with a reason, never sent elsewhere).
import type { Store } from '../store/store'
import type { WriteGuard } from '../store/writeGuard'
import { StationError, requiredText } from '../validate.std'
import { apiBindingOf, apiName, sameApi, type ApiBinding } from './apiBinding.std'
import type { PublicSettings, Settings, SettingsPatch } from './settings'

/** When the API last changed: the lookup cache holds the last API's answers, so a reconcile asks again. */
export const API_CHANGED_KEY = 'runtime.api_changed_at'

/** A change of settings that points the station at another API, and the operations not sent to the one it leaves. */
export interface ApiSwitch {
  from: ApiBinding
  fromName: string
  to: ApiBinding
  toName: string
  /** Operations for `from` not done yet (pending, being sent, failed). */
  unsent: number
}

/**
 * What to do with the operations not sent to the API being left: never sent elsewhere either way.
 * `shown`: how many the person was shown when deciding to discard; more queued since (a scan while the
 * question was on the screen, another process) and the discard is refused, so none goes unseen.
 */
export type UnsentOnSwitch = { keep: true } | { discard: string; shown?: number | undefined }

export interface SettingsChangeDeps {
  store: Store
  settings: Settings
  writes: WriteGuard
  now: () => number
}

/** What a patch would do to the API binding (validated, nothing written); null when it stays on the same API. */
export function apiSwitchOf({ store, settings }: SettingsChangeDeps, patch: Partial<SettingsPatch>): ApiSwitch | null {
  const from = apiBindingOf(settings.get())
  const to = settings.apiAfter(patch)
  if (sameApi(from, to)) return null
  return { from, fromName: apiName(from.url), to, toName: apiName(to.url), unsent: store.unsentCount(from) }
}

/**
 * Validates all, then writes. A change of API with operations not sent to the current one is refused
 * unless `unsent` says what to do with them: keep them for that API (they wait, and go when it is
 * chosen again) or discard them with a reason. They are never sent to the new API.
 */
export function changeSettings(deps: SettingsChangeDeps, patch: Partial<SettingsPatch>, unsent?: UnsentOnSwitch): { settings: PublicSettings; connectionChanged: boolean } {
  const { store, settings, writes, now } = deps
  const change = apiSwitchOf(deps, patch)
  if (change && change.unsent > 0) {
    if (!unsent) {
      throw new StationError(
        'conflict',
        `${change.unsent} operation${change.unsent === 1 ? '' : 's'} not sent yet to ${change.fromName}: they are never sent to ${change.toName}. ` +
          `Keep them for ${change.fromName} (they wait and are sent when it is chosen again), or discard them with a reason.`
      )
    }
    const operator = settings.get().operator || null
    if ('discard' in unsent) {
      const reason = requiredText('reason', unsent.discard, 500)
      if (unsent.shown !== undefined && unsent.shown !== change.unsent) {
        throw new StationError(
          'conflict',
          `${change.unsent} operation${change.unsent === 1 ? ' is' : 's are'} not sent now, not the ${unsent.shown} shown when you chose to discard: ` +
            'some were queued (or sent) since. Nothing was discarded; look at the count again, then decide.'
        )
      }
      store.discardUnsent(change.from, reason, operator, now())
    } else {
      writes.bestEffort('journal the operations kept for their API', () =>
        store.journal({
          at: now(),
          event: 'queue_kept_for_api',
          operator,
          station: settings.get().stationName,
          api_url: change.from.url,
          api_client_id: change.from.clientId,
          detail: JSON.stringify({ kept: change.unsent, api: change.fromName, switchedTo: change.toName })
        })
      )
    }
  }
  const { connectionChanged } = writes.save(() => settings.set(patch, now()))
  // The lookup cache holds the last API's answers: a reconcile asks again whatever their age.
  if (connectionChanged) writes.bestEffort('note when the API changed', () => store.putSettings({ [API_CHANGED_KEY]: String(now()) }, now(), null))
  return { settings: settings.get(), connectionChanged }
}
