// Closing a month (reviewers) and reopening it (administrators only, with a reason). Both ask first and say what
// they will do, counted for the whole month at the moment of the click: a month closed by a stray click with every
// worker 未申請 was recorded silently before (issue 13 #1).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../src-shared/core/roles';
import { call } from '../api/client';
import { ConfirmPanel } from '../ui/ConfirmPanel';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

type Counts = { unsubmitted: number; submitted: number; approved: number };

export function MonthControls({ month, closed, role }: { month: string; closed: boolean; role: Role }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState<Counts | null>(null);
  const ask = useAction(async () => {
    const sheet = await call('attendance.timesheet', { month, siteId: null });
    setAsking(sheet.statusCounts);
  });
  const close = useAction(async () => {
    await call('attendance.closeMonth', { month, reason: note });
    setNote('');
    setAsking(null);
  });
  const reopen = useAction(async () => {
    await call('attendance.reopenMonth', { month, reason });
    setReason('');
    setAsking(null);
  });
  const cancel = () => setAsking(null);
  if (!closed && ['admin', 'manager', 'director'].includes(role)) {
    return (
      <div className="card">
        <div className="row">
          <Field label={t('attendance.timesheet.closeReason')}>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </Field>
          <button type="button" className="danger" disabled={ask.busy || close.busy || asking !== null} onClick={() => void ask.run()}>
            {t('attendance.timesheet.close')}
          </button>
        </div>
        {asking && (
          <ConfirmPanel
            title={t('attendance.timesheet.confirmClose.title', { month })}
            confirmLabel={t('attendance.timesheet.confirmClose.yes')}
            danger
            busy={close.busy}
            onConfirm={() => void close.run()}
            onCancel={cancel}
          >
            {asking.unsubmitted > 0 && <p className="warning">{t('attendance.timesheet.confirmClose.unsubmitted', { count: asking.unsubmitted })}</p>}
            {asking.submitted > 0 && <p className="warning">{t('attendance.timesheet.confirmClose.pending', { count: asking.submitted })}</p>}
            <p>{t('attendance.timesheet.confirmClose.effect', { approved: asking.approved })}</p>
          </ConfirmPanel>
        )}
        <ErrorText error={ask.error ?? close.error} />
      </div>
    );
  }
  if (closed && role === 'admin') {
    return (
      <div className="card">
        <div className="row">
          <Field label={t('attendance.timesheet.reopenReason')} path="reason" error={reopen.error}>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </Field>
          <button type="button" disabled={ask.busy || reopen.busy || asking !== null} onClick={() => void ask.run()}>
            {t('attendance.timesheet.reopen')}
          </button>
        </div>
        {asking && (
          <ConfirmPanel
            title={t('attendance.timesheet.confirmReopen.title', { month })}
            confirmLabel={t('attendance.timesheet.confirmReopen.yes')}
            busy={reopen.busy}
            onConfirm={() => void reopen.run()}
            onCancel={cancel}
          >
            <p>{t('attendance.timesheet.confirmReopen.effect', { approved: asking.approved })}</p>
          </ConfirmPanel>
        )}
        <ErrorText error={ask.error ?? (reopen.error && !reopen.error.issues?.length ? reopen.error : null)} />
      </div>
    );
  }
  return null;
}
