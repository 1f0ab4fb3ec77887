// The report's sentences for the client's files (XLSX, PDF), from the same catalog the screen uses, in Japanese.
import { issueMessage, refParams, type LogbookIssue, type TripFacts } from '../../src-shared/entry/logbook-checks';
import type { PeakWindow } from '../../src-shared/entry/utilization';
import { createTranslator } from '../../src-shared/i18n/translate';

let translator: ReturnType<typeof createTranslator> | null = null;
/** Made on first use: exports are rare, and the app's start should not pay for another i18next instance. */
function t(key: string, params?: Record<string, unknown>): string {
  translator ??= createTranslator('ja');
  return translator.t(key, params);
}

export function tripRefText(trip: Pick<TripFacts, 'ref'>): string {
  return t('entry.logbook.ref', refParams(trip.ref));
}

export function issueText(issue: LogbookIssue): string {
  const { key, params } = issueMessage(issue, (ref) => tripRefText({ ref }));
  return t(key, params);
}

export function issueStateText(issue: LogbookIssue): string {
  return t(`entry.logbook.states.${issue.trip.mark ?? 'open'}`);
}

/** Every window at the peak, e.g. 「2022-05-02 09:30〜09:45（A、B、C）」. */
export function peakText(windows: PeakWindow[]): string {
  return windows.map((w) => t('entry.report.peakWindow', { date: w.date, from: w.from, to: w.to, vehicles: w.vehicles.join('、') })).join(' / ');
}

export { t as reportT };
