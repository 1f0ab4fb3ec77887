// First run: operator, site, device role and the first administrator — or a realistic demo operator.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupInput } from '../../src-shared/app/contract';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { JoinForm } from '../sync/JoinForm';
import { JoinProgress } from '../sync/JoinProgress';

export function SetupScreen() {
  const joining = useAppStore((s) => s.status?.joining ?? false);
  // Joined with a code: set-up is the first sync, shown until it ends (decision 0098).
  return joining ? <JoinProgress /> : <NewDeviceSetup />;
}

function NewDeviceSetup() {
  const { t } = useTranslation();
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const [form, setForm] = useState<Required<SetupInput>>({
    operatorName: '',
    siteName: '',
    siteCode: '',
    deviceKind: 'center',
    admin: { loginId: '', familyName: '', givenName: '', password: '' },
  });
  const submit = useAction(async () => {
    await call('setup.initialize', form);
    await refreshStatus();
  });
  const demo = useAction(async () => {
    await call('setup.loadDemo', {});
    await refreshStatus();
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const setAdmin = (patch: Partial<typeof form.admin>) => setForm((f) => ({ ...f, admin: { ...f.admin, ...patch } }));
  const error = submit.error;

  return (
    <main className="setup">
      <h1>{t('setup.title')}</h1>
      <p className="lead">{t('setup.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run();
        }}
      >
        <Field label={t('setup.operatorName')} path="operatorName" error={error} hint={t('setup.operatorNameHint')}>
          <input name="operatorName" value={form.operatorName} onChange={(e) => set({ operatorName: e.target.value })} />
        </Field>
        <div className="row">
          <Field label={t('setup.siteName')} path="siteName" error={error}>
            <input name="siteName" value={form.siteName} onChange={(e) => set({ siteName: e.target.value })} />
          </Field>
          <Field label={t('setup.siteCode')} path="siteCode" error={error}>
            <input name="siteCode" value={form.siteCode} onChange={(e) => set({ siteCode: e.target.value })} />
          </Field>
        </div>
        <fieldset>
          <legend>{t('setup.deviceKind')}</legend>
          {(['center', 'loaned'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="deviceKind" value={kind} checked={form.deviceKind === kind} onChange={() => set({ deviceKind: kind })} />
              {t(`setup.deviceKinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('setup.adminSection')}</legend>
          <Field label={t('setup.adminLoginId')} path="admin.loginId" error={error}>
            <input name="adminLoginId" autoComplete="username" value={form.admin.loginId} onChange={(e) => setAdmin({ loginId: e.target.value })} />
          </Field>
          <div className="row">
            <Field label={t('setup.adminFamilyName')} path="admin.familyName" error={error}>
              <input name="adminFamilyName" value={form.admin.familyName} onChange={(e) => setAdmin({ familyName: e.target.value })} />
            </Field>
            <Field label={t('setup.adminGivenName')} path="admin.givenName" error={error}>
              <input name="adminGivenName" value={form.admin.givenName} onChange={(e) => setAdmin({ givenName: e.target.value })} />
            </Field>
          </div>
          <Field label={t('setup.adminPassword')} path="admin.password" error={error}>
            <input name="adminPassword" type="password" autoComplete="new-password" value={form.admin.password} onChange={(e) => setAdmin({ password: e.target.value })} />
          </Field>
        </fieldset>
        <ErrorText error={error && !error.issues?.length ? error : null} />
        <div className="actions">
          <button type="submit" className="primary" disabled={submit.busy || demo.busy}>
            {submit.busy ? t('setup.creating') : t('setup.submit')}
          </button>
        </div>
      </form>
      <section className="demo-box">
        <p>{t('setup.demoHint')}</p>
        <button type="button" onClick={() => void demo.run()} disabled={submit.busy || demo.busy}>
          {demo.busy ? t('setup.creating') : t('setup.demo')}
        </button>
        <ErrorText error={demo.error} />
      </section>
      <JoinForm />
    </main>
  );
}
