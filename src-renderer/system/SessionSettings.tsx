// This PC's idle lock (how soon a signed-in session returns to the kiosk) and the people locked out right now.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

export function IdleLockSetting() {
  const { t } = useTranslation();
  const settings = useQuery('system.settings', {}, { tables: [] });
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useAction(async (minutes: number) => {
    await call('system.saveSettings', { idleLockMinutes: minutes });
    settings.reload();
    await refreshStatus();
    setDraft(null);
    setSaved(true);
  });
  const value = draft ?? String(settings.data?.idleLockMinutes ?? '');
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void save.run(Number(value));
      }}
    >
      <h2>{t('system.sessionsTitle')}</h2>
      <Field label={t('system.idleLockMinutes')} path="idleLockMinutes" error={save.error} hint={t('system.idleLockHint')}>
        <input type="number" min={1} max={120} value={value} onChange={(e) => setDraft(e.target.value)} />
      </Field>
      <ErrorText error={settings.error ?? (save.error?.issues?.length ? null : save.error)} />
      <div className="actions">
        <button type="submit" disabled={save.busy || !settings.data}>
          {t('system.save')}
        </button>
        {saved && <span role="status">{t('system.saved')}</span>}
      </div>
    </form>
  );
}

export function LockoutsPanel() {
  const { t } = useTranslation();
  const lockouts = useQuery('system.lockouts', {}, { tables: ['auditLog'] });
  const unlock = useAction(async (subjectType: 'worker' | 'staff', key: string) => {
    await call('system.unlock', { subjectType, key });
    lockouts.reload();
  });
  if (!lockouts.data?.length) return null;
  return (
    <div className="card">
      <h2>{t('system.lockoutsTitle')}</h2>
      <ErrorText error={unlock.error} />
      <table className="table">
        <tbody>
          {lockouts.data.map((l) => (
            <tr key={`${l.subjectType}:${l.label}`}>
              <td>{l.name ?? l.label}</td>
              <td>{t(`system.subjectTypes.${l.subjectType}`)}</td>
              <td>
                <button type="button" disabled={unlock.busy} onClick={() => void unlock.run(l.subjectType, l.subjectType === 'worker' ? (l.id ?? l.label) : l.label)}>
                  {t('system.unlock')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
