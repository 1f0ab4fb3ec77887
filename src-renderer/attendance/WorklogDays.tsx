// One worker's days: intervals per job, the punches behind them (voided ones struck through) and open problems.
import { useTranslation } from 'react-i18next';
import type { WorklogDayView } from '../../src-shared/attendance/contract';
import { formatDate, jstTime } from '../../src-shared/core/time';
import { formatMinutes } from './format';
import { stepLabel } from '../ui/stepLabel';

export function WorklogDays({ days }: { days: WorklogDayView[] }) {
  const { t } = useTranslation();
  return (
    <div>
      {days.map((d) => (
        <section key={d.date} className="worklog-day" aria-label={d.date}>
          <h3>
            <span>{formatDate(d.date)}</span>
            <span>{formatMinutes(d.workMinutes)}</span>
            {d.issues.map((i) => (
              <span key={i.punchId + i.kind} className="badge warn">
                {t(`attendance.issues.${i.kind}`)}
              </span>
            ))}
          </h3>
          <ul>
            {d.intervals
              .filter((i) => i.kind === 'work')
              .map((i) => (
                <li key={i.start}>
                  {jstTime(i.start)}–{i.ongoing ? '' : jstTime(i.end)} {i.jobName ?? t('attendance.noJob')}
                  {i.stepKey ? `（${stepLabel(t, i.stepKey)}）` : ''} {formatMinutes(i.minutes)}
                </li>
              ))}
          </ul>
          <p className="muted">
            {d.punches.map((p) => (
              <span key={p.id} className={p.voided ? 'voided' : ''}>
                {jstTime(p.at)} {t(`attendance.kinds.${p.kind}`)}
                {p.source === 'correction' ? `（${t('attendance.sources.correction')}）` : ''}{'  '}
              </span>
            ))}
          </p>
        </section>
      ))}
    </div>
  );
}
