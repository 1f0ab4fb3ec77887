// Corrections: workers see and file their own; reviewers approve or return with a comment. Every step stays visible.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CorrectionView } from '../../src-shared/attendance/contract';
import type { CorrectionStatus } from '../../src-shared/attendance/rows';
import { formatDate, jstTime } from '../../src-shared/core/time';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { CorrectionForm } from './CorrectionForm';
import { timeLabel } from './format';
import './attendance.css';

const reviewers = ['admin', 'manager', 'director'];

function CorrectionCard({ c, canReview }: { c: CorrectionView; canReview: boolean }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const review = useAction(async (decision: 'approve' | 'return') => {
    await call('attendance.reviewCorrection', { id: c.id, decision, comment });
  });
  const badge = c.status === 'approved' ? 'badge ok' : c.status === 'returned' ? 'badge danger' : 'badge warn';
  return (
    <article className="card" aria-label={`${c.workerName} ${c.date}`}>
      <h3>
        {c.workerName} {formatDate(c.date)} <span className={badge}>{t(`attendance.corrections.status.${c.status}`)}</span>
      </h3>
      <ul>
        {c.items.map((item, i) => (
          <li key={i}>
            {item.kind === 'add'
              ? t('attendance.corrections.itemAdd', { kind: t(`attendance.kinds.${item.punchKind}`), time: jstTime(item.at) })
              : t('attendance.corrections.itemVoid')}
          </li>
        ))}
      </ul>
      <p>
        {t('attendance.corrections.reason')}: {c.reason}
      </p>
      <ul className="history">
        <li>{t('attendance.corrections.requested', { name: c.requestedByName ?? '', at: timeLabel(c.requestedAt) })}</li>
        {c.reviewedAt && (
          <li>
            {t('attendance.corrections.reviewed', { name: c.reviewerName ?? '', at: timeLabel(c.reviewedAt), status: t(`attendance.corrections.status.${c.status}`) })}
            {c.reviewComment ? `: ${c.reviewComment}` : ''}
          </li>
        )}
      </ul>
      {canReview && c.status === 'requested' && (
        <div className="row">
          <Field label={t('attendance.corrections.comment')}>
            <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          </Field>
          <div className="actions">
            <button type="button" className="primary" disabled={review.busy} onClick={() => void review.run('approve')}>
              {t('attendance.corrections.approve')}
            </button>
            <button type="button" disabled={review.busy} onClick={() => void review.run('return')}>
              {t('attendance.corrections.return')}
            </button>
          </div>
        </div>
      )}
      <ErrorText error={review.error} />
    </article>
  );
}

export function CorrectionsScreen() {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const [status, setStatus] = useState<CorrectionStatus | ''>(me && reviewers.includes(me.role) ? 'requested' : '');
  const [filing, setFiling] = useState(false);
  const list = useQuery('attendance.corrections', status ? { status } : {}, { tables: ['corrections'] });
  const isWorker = !!me?.workerId;
  const canReview = !!me && reviewers.includes(me.role);
  const workers = useQuery('people.listWorkers', {}, { enabled: !isWorker, tables: ['workers'] });
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('attendance.corrections.title')}</h1>
        <button type="button" className="primary" onClick={() => setFiling(true)}>
          {t('attendance.corrections.new')}
        </button>
      </header>
      <p className="lead">{t('attendance.corrections.intro')}</p>
      {filing &&
        (isWorker ? (
          <CorrectionForm workerId={me.workerId!} onDone={() => setFiling(false)} />
        ) : (
          workers.data && <CorrectionForm workers={workers.data.map((w) => ({ id: w.id, label: `${w.code} ${w.familyName} ${w.givenName}` }))} onDone={() => setFiling(false)} />
        ))}
      <Field label={t('attendance.corrections.filter')}>
        <select value={status} onChange={(e) => setStatus(e.target.value as CorrectionStatus | '')}>
          <option value="">{t('attendance.corrections.all')}</option>
          {(['requested', 'approved', 'returned'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`attendance.corrections.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <ErrorText error={list.error} />
      {list.data?.length === 0 && <p className="muted">{t('attendance.corrections.empty')}</p>}
      {list.data?.map((c) => <CorrectionCard key={c.id} c={c} canReview={canReview} />)}
    </section>
  );
}
