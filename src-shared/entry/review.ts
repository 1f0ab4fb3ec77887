// The review state machine of a work unit. The same rule runs on the device and again at HQ.
export const unitStatuses = ['open', 'keyed', 'verified', 'accepted', 'sent_back'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

/**
 * open → keyed (every required keying submitted) → verified (leader checked; double-entry mismatches resolved)
 * → accepted (counts for payment) | sent_back (with a note) → keyed again when re-submitted.
 * A keyed unit may also be sent back before verification.
 */
const transitions: Record<UnitStatus, readonly UnitStatus[]> = {
  open: ['keyed'],
  keyed: ['verified', 'sent_back'],
  verified: ['accepted', 'sent_back'],
  accepted: [],
  sent_back: ['keyed'],
};

export function canTransition(from: UnitStatus, to: UnitStatus): boolean {
  return transitions[from].includes(to);
}

/** Keyers may key (and correct) while the unit is still theirs. */
export function isKeyable(status: UnitStatus): boolean {
  return status === 'open' || status === 'sent_back';
}
