// Closing a month (reviewers) and reopening it (administrators only, with a reason).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../src-shared/core/roles';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

export function MonthControls({ month, closed, role }: { month: string; closed: boolean; role: Role }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const close = useAction(async () => {
    await call('attendance.closeMonth', { month, reason: note });
    setNote('');
  });
  const reopen = useAction(async () => {
    await call('attendance.reopenMonth', { month, reason });
    setReason('');
  });
  if (!closed && ['admin', 'manager', 'director'].includes(role)) {
    return (
      <div className="card row">
        <Field label={t('attendance.timesheet.closeReason')}>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </Field>
        <button type="button" className="danger" disabled={close.busy} onClick={() => void close.run()}>
          {t('attendance.timesheet.close')}
        </button>
        <ErrorText error={close.error} />
      </div>
    );
  }
  if (closed && role === 'admin') {
    return (
      <div className="card row">
        <Field label={t('attendance.timesheet.reopenReason')} path="reason" error={reopen.error}>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </Field>
        <button type="button" disabled={reopen.busy} onClick={() => void reopen.run()}>
          {t('attendance.timesheet.reopen')}
        </button>
        <ErrorText error={reopen.error && !reopen.error.issues?.length ? reopen.error : null} />
      </div>
    );
  }
  return null;
}
