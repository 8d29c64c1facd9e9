// Binds every contract call to ipcMain.handle, refusing calls from anything but the app's page.
import { ipcMain, type WebContents } from 'electron'
import { CALL_NAMES, EVENT_CHANNEL, ipcChannelFor, type StationEvent } from '../contract'
import type { Dispatch } from '../service/dispatch'
import { senderTrusted } from './security'

export function bindCalls(dispatch: Dispatch): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(ipcChannelFor(name), async (event, payload: unknown) => {
      const frame = event.senderFrame
      if (!senderTrusted(frame?.url, frame !== null && frame === event.sender.mainFrame)) {
        return { ok: false, error: { code: 'invalid-call', message: 'Refused: the call did not come from the station page.' } }
      }
      return dispatch(name, payload)
    })
  }
}

export function forwardEvents(subscribe: (listener: (event: StationEvent) => void) => () => void, target: WebContents): () => void {
  return subscribe((event) => {
    if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event)
  })
}
