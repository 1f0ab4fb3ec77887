// The sandboxed preload: exposes exactly two functions to the renderer, nothing of Node or Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('tomoni', {
  call: (name: string, input: unknown, token: string | null) => ipcRenderer.invoke('tomoni:call', { name, input, token }),
  onEvent: (listener: (message: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on('tomoni:event', handler);
    return () => ipcRenderer.removeListener('tomoni:event', handler);
  },
  // Main checks that the token belongs to a signed-in staff member before the kiosk lets go.
  leaveKiosk: (token: string) => ipcRenderer.invoke('tomoni:leave-kiosk', { token }),
});
