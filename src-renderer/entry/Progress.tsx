// A stacked bar of unit states: where people would rather look than read.
import { useTranslation } from 'react-i18next';
import type { StatusCounts } from '../../src-shared/entry/contract';
import { unitStatuses } from '../../src-shared/entry/review';

export function StatusBar({ counts }: { counts: StatusCounts }) {
  const { t } = useTranslation();
  const total = unitStatuses.reduce((s, k) => s + counts[k], 0) || 1;
  const title = unitStatuses.map((s) => `${t(`entry.status.${s}`)} ${counts[s]}`).join(' / ');
  return (
    <span className="entry-progress" title={title} aria-label={title} role="img">
      {unitStatuses.map((s) => (
        <span key={s} className={`s-${s}`} style={{ width: `${(counts[s] / total) * 100}%` }} />
      ))}
    </span>
  );
}
