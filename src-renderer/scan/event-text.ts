// How an event's fields and note read in a history row (defect types translated, the rest as typed).
import type { TFunction } from 'i18next';
import type { VolumeEventView } from '../../src-shared/scan/views';

export function eventDetails(t: TFunction, e: VolumeEventView): string {
  const fields = Object.entries(e.fields).map(([k, v]) => (k === 'defectType' ? t(`scan.defects.${v}`) : v));
  return [...fields, e.note].filter(Boolean).join('・');
}
