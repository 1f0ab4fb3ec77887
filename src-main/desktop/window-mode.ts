// How the desktop window behaves on this device, decided in plain Node so it is tested without Electron.
import { staffRoles, type Role } from '../../src-shared/core/roles';

export interface HostFacts {
  /** A packaged build (an installer's app), not `npm start`. */
  isPackaged: boolean;
  deviceKind: 'center' | 'loaned' | null;
}

export interface WindowMode {
  /** Full-screen kiosk: the shared center PC where workers clock in. */
  kiosk: boolean;
  /** Developer tools and the default menu (Reload, Toggle Developer Tools) exist only in development. */
  devTools: boolean;
  menu: boolean;
  /** The center PC starts Tomoni when Windows starts, so a power cut does not leave the kiosk dark. */
  startAtLogin: boolean;
  /** Keep the display awake while the kiosk shows. */
  keepAwake: boolean;
  /** Closing the window asks a person first; in kiosk mode it needs a staff sign-in. */
  confirmClose: boolean;
}

export function windowModeFor(facts: HostFacts): WindowMode {
  const kiosk = facts.isPackaged && facts.deviceKind === 'center';
  return {
    kiosk,
    devTools: !facts.isPackaged,
    menu: !facts.isPackaged,
    startAtLogin: kiosk,
    keepAwake: kiosk,
    confirmClose: facts.isPackaged,
  };
}

/** Leaving the kiosk (and so closing it) takes a signed-in staff member; a worker or the kiosk itself may not. */
export function mayLeaveKiosk(session: { role: Role } | null): boolean {
  return session !== null && (staffRoles as readonly string[]).includes(session.role);
}
