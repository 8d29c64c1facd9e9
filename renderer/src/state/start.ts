// How the page starts (App.tsx, once): it loads what the station knows into the page-wide state
// (state/store.ts) and the receiving screen's (receiving/state.ts), and feeds both the station's events.
import { station } from '../bridge/bridge'
import { useReceiving } from '../receiving/state'
import { useStation } from './store'

/** Starts the page; returns what stops it. */
export function startPage(): () => void {
  const page = useStation.getState
  const receiving = useReceiving.getState
  void page().run(async () => {
    const [info, queue, preferences, notices] = await Promise.all([
      station.getAppInfo({}),
      station.getQueue({}),
      station.getReceivingPreferences({}),
      station.getNotices({})
    ])
    useStation.setState({ info, queue, preferences, notices: notices.notices })
    await receiving().refreshManifest()
  })
  // Every operation records who is on shift: ask as soon as nothing else is asked (the first-run
  // welcome comes first, one thing at a time) and whenever the station is left without an operator.
  const stopAsking = useStation.subscribe((state, before) => {
    if (state.info !== before.info || (before.dialog && !state.dialog)) {
      if (state.info && !state.info.operator && !state.info.showWelcome && !state.dialog) useStation.setState({ dialog: { kind: 'operator' } })
    }
  })
  const stopEvents = station.onEvent((event) => {
    if (event.type === 'info') useStation.setState({ info: event.info })
    if (event.type === 'queue') {
      const wasOnline = page().queue?.connection.online === true
      useStation.setState({ queue: event.queue })
      if (!wasOnline && event.queue.connection.online === true) receiving().connectionBack()
    }
    if (event.type === 'item' && event.item.state === 'failed') {
      const verb = event.item.operation === 'import' ? 'Import' : 'Remove'
      page().showFeedback({ message: `${verb} of CaseID ${event.item.caseUuid} refused: ${event.item.message ?? 'no reason given'}`, tone: 'refused' })
    }
    if (event.type === 'item') receiving().itemChanged(event.item)
  })
  return () => {
    stopAsking()
    stopEvents()
  }
}
