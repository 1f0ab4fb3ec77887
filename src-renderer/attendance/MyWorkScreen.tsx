// A worker's own page (loaned PC or a signed-in center PC): clock in and out of their own work, and their own
// work log — presented as the contractor's record of their work, not as monitoring.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PunchResult } from '../../src-shared/attendance/contract';
import { jstTime } from '../../src-shared/core/time';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { currentMonth, formatMinutes, timeLabel } from './format';
import { PunchActions, type PunchChoice } from './PunchActions';
import { WorklogDays } from './WorklogDays';
import './attendance.css';

const tables = ['punches', 'presence', 'punchVoids', 'timesheetSubmissions', 'monthCloseEvents'];

export function MyWorkScreen() {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const status = useQuery('attendance.myStatus', {}, { tables });
  const [month, setMonth] = useState(currentMonth());
  const log = useQuery('attendance.worklog', { month }, { tables });
  const [saved, setSaved] = useState<PunchResult | null>(null);
  const punch = useAction(async (choice: PunchChoice) => {
    setSaved(await call('attendance.myPunch', choice));
    status.reload();
    log.reload();
  });
  const submit = useAction(async () => {
    await call('attendance.submitMonth', { month });
    log.reload();
  });
  const p = status.data?.presence;
  const submission = log.data?.submission;
  const canSubmit = log.data && !log.data.closed && (!submission || submission.status === 'returned');

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('attendance.my.title')}</h1>
      </header>
      <p className="lead">{t('attendance.my.intro')}</p>
      <ErrorText error={status.error} />
      {p && status.data && (
        <div className="card">
          <h2>{t('attendance.my.now')}</h2>
          <p>
            <strong>{t(`attendance.states.${p.state}`)}</strong> {p.since && p.state !== 'out' ? `（${timeLabel(p.since)}〜）` : ''}
          </p>
          {p.forgotten && <p className="banner warning">{t('kiosk.forgottenWarning')}</p>}
          <PunchActions key={`${p.state}-${p.jobId ?? ''}`} presence={p} jobs={status.data.jobs} recent={status.data.recent} busy={punch.busy} onPunch={(c) => void punch.run(c)} />
          <ErrorText error={punch.error} />
          {saved && (
            <p role="status" className="badge ok">
              {t('kiosk.saved', { action: t(`attendance.kinds.${saved.kind}`) })} {jstTime(saved.at)}
            </p>
          )}
          {status.data.today && (
            <>
              <h2>{t('attendance.my.today')}</h2>
              <WorklogDays days={[status.data.today]} />
            </>
          )}
        </div>
      )}
      <div className="card">
        <div className="row">
          <Field label={t('attendance.my.month')}>
            <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
          </Field>
          <div className="stats">
            <div className="stat">
              <span className="muted">{t('attendance.my.monthTotal')}</span>
              <strong>{formatMinutes(log.data?.workMinutes ?? 0)}</strong>
            </div>
            <div className="stat">
              <span className="muted">{t('attendance.my.days')}</span>
              <strong>{log.data?.daysWorked ?? 0}</strong>
            </div>
          </div>
        </div>
        <ErrorText error={log.error} />
        {log.data && (
          <>
            <ul>
              {log.data.byJob.map((j) => (
                <li key={j.jobId ?? ''}>
                  {j.jobName ?? t('attendance.noJob')}: {formatMinutes(j.minutes)}
                </li>
              ))}
            </ul>
            <p>
              {t('attendance.my.submission', { status: t(`attendance.status.${submission?.status ?? 'unsubmitted'}`) })}
              {log.data.closed && <span className="badge">{t('attendance.timesheet.closed')}</span>}
            </p>
            {submission?.status === 'returned' && submission.reviewComment && (
              <p className="banner warning">{t('attendance.my.returnedComment', { comment: submission.reviewComment })}</p>
            )}
            <div className="actions">
              {canSubmit && (
                <button type="button" className="primary" disabled={submit.busy} onClick={() => void submit.run()}>
                  {t('attendance.my.submit')}
                </button>
              )}
              <button type="button" onClick={() => navigate('corrections')}>
                {t('attendance.my.requestCorrection')}
              </button>
            </div>
            <ErrorText error={submit.error} />
            {log.data.days.length === 0 ? <p className="muted">{t('attendance.my.noRecords')}</p> : <WorklogDays days={log.data.days} />}
          </>
        )}
      </div>
    </section>
  );
}
