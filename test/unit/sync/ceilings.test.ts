// The site ceiling as one rule for HQ and the kiosk (decision 0123).
import { expect, it } from 'vitest';
import { outsideSiteCeiling } from '../../../src-shared/sync/ceilings';

it('bounds an attached center PC to its own site, not the office, a loaned PC or pre-attach history', () => {
  const center = { kind: 'center' as const, siteId: 'A', isOffice: false, bounded: true };
  expect(outsideSiteCeiling(center, 'B')).toBe(true);
  expect(outsideSiteCeiling(center, null)).toBe(true);
  expect(outsideSiteCeiling(center, 'A')).toBe(false);
  expect(outsideSiteCeiling({ ...center, isOffice: true }, 'B')).toBe(false);
  expect(outsideSiteCeiling({ ...center, bounded: false }, 'B')).toBe(false);
  expect(outsideSiteCeiling({ ...center, kind: 'loaned', siteId: null }, 'B')).toBe(false);
});
