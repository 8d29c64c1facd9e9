// The desktop app's preload, run sandboxed with context isolation. It exposes exactly the
// contract's calls as `window.station` and nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CALL_NAMES, EVENT_CHANNEL, ipcChannelFor } from '../contract/channels.std'

const api: Record<string, unknown> = {}
for (const name of CALL_NAMES) {
  api[name] = (input: unknown) => ipcRenderer.invoke(ipcChannelFor(name), input)
}
api.onEvent = (listener: (event: unknown) => void) => {
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
  ipcRenderer.on(EVENT_CHANNEL, forward)
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  }
}

contextBridge.exposeInMainWorld('station', api)
