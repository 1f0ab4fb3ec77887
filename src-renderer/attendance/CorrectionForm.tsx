// Asking for a correction: pick the day, mark punches to cancel, add the punches that are missing, say why.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorrectionItem, PunchKind } from '../../src-shared/attendance/rows';
import { punchKinds } from '../../src-shared/attendance/rows';
import { jstInstant, jstTime } from '../../src-shared/core/time';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { today } from './format';

interface AddRow {
  punchKind: PunchKind;
  time: string;
  jobId: string;
}

export function CorrectionForm(props: { workerId?: string; workers?: { id: string; label: string }[]; onDone(): void }) {
  const { t } = useTranslation();
  const [workerId, setWorkerId] = useState(props.workerId ?? props.workers?.[0]?.id ?? '');
  const [date, setDate] = useState(today());
  const [voids, setVoids] = useState<string[]>([]);
  const [adds, setAdds] = useState<AddRow[]>([]);
  const [draft, setDraft] = useState<AddRow>({ punchKind: 'out', time: '', jobId: '' });
  const [reason, setReason] = useState('');
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const log = useQuery('attendance.worklog', { month: date.slice(0, 7), ...(props.workerId ? {} : { workerId }) }, { enabled: validDate && !!workerId, tables: ['punches', 'punchVoids'] });
  const jobs = useQuery('people.listJobs', { includeClosed: true }, { tables: ['jobs'] });
  const day = log.data?.days.find((d) => d.date === date);
  const send = useAction(async () => {
    const items: CorrectionItem[] = [
      ...voids.map((punchId) => ({ kind: 'void' as const, punchId })),
      ...adds.map((a) => ({ kind: 'add' as const, punchKind: a.punchKind, at: jstInstant(date, a.time), jobId: a.jobId || null, stepKey: null })),
    ];
    await call('attendance.requestCorrection', { ...(props.workerId ? {} : { workerId }), date, items, reason });
    props.onDone();
  });

  return (
    <form
      className="card"
      aria-label={t('attendance.corrections.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void send.run();
      }}
    >
      <h2>{t('attendance.corrections.new')}</h2>
      <div className="row">
        {props.workers && (
          <Field label={t('attendance.corrections.worker')}>
            <select value={workerId} onChange={(e) => setWorkerId(e.target.value)}>
              {props.workers.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.label}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('attendance.corrections.date')} path="date" error={send.error}>
          <input type="date" value={date} onChange={(e) => { setDate(e.target.value); setVoids([]); }} />
        </Field>
      </div>
      <h3>{t('attendance.corrections.punchesOfDay')}</h3>
      {!day || day.punches.length === 0 ? (
        <p className="muted">{t('attendance.corrections.noPunches')}</p>
      ) : (
        <ul>
          {day.punches.map((p) => (
            <li key={p.id} className={p.voided || voids.includes(p.id) ? 'voided' : ''}>
              {jstTime(p.at)} {t(`attendance.kinds.${p.kind}`)} {p.jobName ?? ''}{' '}
              {!p.voided && (
                <label className="checkbox" style={{ display: 'inline-flex' }}>
                  <input type="checkbox" checked={voids.includes(p.id)} onChange={(e) => setVoids(e.target.checked ? [...voids, p.id] : voids.filter((v) => v !== p.id))} />
                  {t('attendance.corrections.voidPunch')}
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('attendance.corrections.addPunch')}</h3>
      <div className="row">
        <Field label={t('attendance.corrections.kind')}>
          <select value={draft.punchKind} onChange={(e) => setDraft({ ...draft, punchKind: e.target.value as PunchKind })}>
            {punchKinds.map((k) => (
              <option key={k} value={k}>
                {t(`attendance.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('attendance.corrections.time')}>
          <input type="time" value={draft.time} onChange={(e) => setDraft({ ...draft, time: e.target.value })} />
        </Field>
        <Field label={t('attendance.job')}>
          <select value={draft.jobId} onChange={(e) => setDraft({ ...draft, jobId: e.target.value })}>
            <option value="">{t('attendance.noJob')}</option>
            {jobs.data?.map((j) => (
              <option key={j.id} value={j.id}>
                {j.code} {j.name}
              </option>
            ))}
          </select>
        </Field>
        <button
          type="button"
          disabled={!/^\d{2}:\d{2}$/.test(draft.time)}
          onClick={() => {
            setAdds([...adds, draft]);
            setDraft({ ...draft, time: '' });
          }}
        >
          {t('attendance.corrections.addPunch')}
        </button>
      </div>
      {adds.length > 0 && (
        <ul aria-label={t('attendance.corrections.items')}>
          {adds.map((a, i) => (
            <li key={`${a.time}-${i}`}>
              {t('attendance.corrections.itemAdd', { kind: t(`attendance.kinds.${a.punchKind}`), time: a.time })}{' '}
              <button type="button" className="link" onClick={() => setAdds(adds.filter((_, k) => k !== i))}>
                {t('attendance.corrections.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Field label={t('attendance.corrections.reason')} path="reason" error={send.error}>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
      </Field>
      <ErrorText error={send.error && !send.error.issues?.some((i) => i.path === 'reason' || i.path === 'date') ? send.error : null} />
      <div className="actions">
        <button type="submit" className="primary" disabled={send.busy || voids.length + adds.length === 0}>
          {t('attendance.corrections.submit')}
        </button>
        <button type="button" onClick={props.onDone}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
