// Decides what to show: a fatal screen, first-run setup, the kiosk, sign-in, or a signed-in screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginScreen } from '../auth/LoginScreen';
import { SetupScreen } from '../setup/SetupScreen';
import { ClockBanner, LanguageSwitch, Shell } from './Shell';
import { routes } from './routes';
import { useAppStore } from './store';

export function App() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.status);
  const me = useAppStore((s) => s.me);
  const meKnown = useAppStore((s) => s.meKnown);
  const route = useAppStore((s) => s.route);
  const bootError = useAppStore((s) => s.bootError);
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const refreshMe = useAppStore((s) => s.refreshMe);

  useEffect(() => {
    // Both at once: the first screen waits for one round trip, not two.
    void Promise.all([refreshStatus(), refreshMe().catch(() => undefined)]);
  }, [refreshStatus, refreshMe]);

  if (bootError) {
    return (
      <main className="fatal" role="alert">
        <h1>{t('fatal.title')}</h1>
        <p>{t(bootError.messageKey.startsWith('fatal.') || bootError.messageKey.startsWith('errors.') ? bootError.messageKey : 'fatal.unknown', bootError.params)}</p>
        <button type="button" onClick={() => void refreshStatus()}>
          {t('app.retry')}
        </button>
      </main>
    );
  }
  if (!status || (status.setupDone && !meKnown)) return <main className="loading">{t('app.loading')}</main>;
  if (!status.setupDone) {
    return (
      <>
        <div className="corner">
          <LanguageSwitch />
        </div>
        <SetupScreen />
      </>
    );
  }

  if (!me) {
    const kioskRoutes = routes.filter((r) => r.roles.includes('kiosk'));
    const kioskRoute = kioskRoutes.find((r) => r.path === route) ?? kioskRoutes[0];
    const wantsLogin = route === 'login' || route === 'login/worker';
    if (status.device?.kind === 'center' && kioskRoute && !wantsLogin) {
      const Kiosk = kioskRoute.component;
      return (
        <>
          <ClockBanner />
          <Kiosk />
        </>
      );
    }
    return (
      <>
        <div className="corner">
          <LanguageSwitch />
        </div>
        <LoginScreen key={route} initialMode={route === 'login' ? 'staff' : 'worker'} />
      </>
    );
  }

  const allowed = routes.filter((r) => r.roles.includes(me.role));
  const current = allowed.find((r) => r.path === route) ?? allowed.find((r) => !r.hidden);
  const Screen = current?.component;
  return <Shell>{Screen ? <Screen /> : <p>{t('app.none')}</p>}</Shell>;
}
