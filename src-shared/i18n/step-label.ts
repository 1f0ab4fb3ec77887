// A work step as people read it: a scan workflow step or an entry step by its catalog name (スキャン, 入力 — never
// `scan`, `keying`). A key no catalog knows (an old record) shows as stored rather than vanishing. Shared so screens
// and exports (payroll files) agree.
import type { TFunction } from 'i18next';

export function stepLabel(t: TFunction, stepKey: string | null | undefined): string {
  if (!stepKey) return '';
  for (const key of [`scan.steps.${stepKey}`, `attendance.steps.${stepKey}`]) {
    const label = t(key);
    if (label !== key) return label;
  }
  return stepKey;
}
