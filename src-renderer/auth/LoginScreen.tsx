// Staff sign in with login ID and password; workers with their code and PIN.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

export function LoginScreen({ initialMode = 'staff' }: { initialMode?: 'staff' | 'worker' }) {
  const { t } = useTranslation();
  const signedIn = useAppStore((s) => s.signedIn);
  const navigate = useAppStore((s) => s.navigate);
  const kind = useAppStore((s) => s.status?.device?.kind);
  const demo = useAppStore((s) => s.status?.demo);
  const [mode, setMode] = useState(initialMode);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const staff = useAction(async () => {
    const session = await call('auth.login', { loginId, password });
    await signedIn(session.token);
    navigate('home');
  });
  const worker = useAction(async () => {
    const session = await call('auth.workerLogin', { code, pin });
    await signedIn(session.token);
    navigate('home');
  });

  return (
    <main className="login">
      {mode === 'staff' ? (
        <form
          aria-label={t('auth.title')}
          onSubmit={(e) => {
            e.preventDefault();
            void staff.run();
          }}
        >
          <h1>{t('auth.title')}</h1>
          <Field label={t('auth.loginId')} path="loginId" error={staff.error}>
            <input name="loginId" autoComplete="username" value={loginId} onChange={(e) => setLoginId(e.target.value)} autoFocus />
          </Field>
          <Field label={t('auth.password')} path="password" error={staff.error}>
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <ErrorText error={staff.error && !staff.error.issues?.length ? staff.error : null} />
          <button type="submit" className="primary" disabled={staff.busy}>
            {t('auth.submit')}
          </button>
          <button type="button" className="link" onClick={() => setMode('worker')}>
            {t('auth.workerLink')}
          </button>
        </form>
      ) : (
        <form
          aria-label={t('auth.workerTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void worker.run();
          }}
        >
          <h1>{t('auth.workerTitle')}</h1>
          <Field label={t('auth.workerCode')} path="code" error={worker.error}>
            <input name="code" autoComplete="username" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          </Field>
          <Field label={t('auth.pin')} path="pin" error={worker.error}>
            <input name="pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
          </Field>
          <ErrorText error={worker.error && !worker.error.issues?.length ? worker.error : null} />
          <button type="submit" className="primary" disabled={worker.busy}>
            {t('auth.submit')}
          </button>
          <button type="button" className="link" onClick={() => setMode('staff')}>
            {t('auth.staffLink')}
          </button>
        </form>
      )}
      {demo && (
        // A demo store only: its sign-ins are public, and a newcomer should not have to look them up.
        <aside className="banner" aria-label={t('auth.demo.title')}>
          <strong>{t('auth.demo.title')}</strong>
          <p>{t('auth.demo.staff', { ids: demo.staffLoginIds.join('、'), password: demo.password })}</p>
          {demo.firstWorkerCode && <p>{t('auth.demo.workers', { first: demo.firstWorkerCode, last: demo.lastWorkerCode, pin: demo.pin })}</p>}
        </aside>
      )}
      {kind === 'center' && (
        <button type="button" className="link" onClick={() => navigate('')}>
          {t('auth.kioskLink')}
        </button>
      )}
    </main>
  );
}
