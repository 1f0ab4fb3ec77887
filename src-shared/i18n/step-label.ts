// A work step as people read it: a scan workflow step by its catalog name (スキャン, not `scan`); any other step key
// (typed at the kiosk for another kind of job) as typed. Shared so screens and exports (payroll files) agree.
import type { TFunction } from 'i18next';

export function stepLabel(t: TFunction, stepKey: string | null | undefined): string {
  if (!stepKey) return '';
  const key = `scan.steps.${stepKey}`;
  const label = t(key);
  return label === key ? stepKey : label;
}
