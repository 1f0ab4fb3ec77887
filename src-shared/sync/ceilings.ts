// The site ceiling on workers (decision 0123), one rule for both sides: HQ refuses what breaks it, and a center PC
// checks it first at its kiosk so nobody is signed in whose punches HQ would then refuse.

export interface SiteCeilingFacts {
  kind: 'center' | 'loaned';
  siteId: string | null;
  /** The PC's site is the back office, which holds and acts for every site. */
  isOffice: boolean;
  /**
   * Whether the bound applies at all: not to a PC that has not attached to HQ yet, nor (at HQ) to the history the
   * operator's first PC brought with it when it attached.
   */
  bounded: boolean;
}

/** A center PC acting for a worker of another site. */
export function outsideSiteCeiling(pc: SiteCeilingFacts, workerHomeSiteId: string | null): boolean {
  return pc.kind === 'center' && pc.bounded && !pc.isOffice && workerHomeSiteId !== pc.siteId;
}
