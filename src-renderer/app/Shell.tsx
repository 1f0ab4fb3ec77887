// The frame around every signed-in screen: nav by role, language switch, clock warning, status slots.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../src-shared/i18n/resources';
import { setLanguage } from '../i18n/setup';
import { useAppStore } from './store';
import { routes } from './routes';
import { statusSlots } from './status-slots';
import { SetupGuide } from '../people/SetupGuide';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <select aria-label={t('app.language')} className="language" value={i18n.language} onChange={(e) => setLanguage(e.target.value as 'ja' | 'en')}>
      {languages.map((l) => (
        <option key={l} value={l}>
          {t(`app.languages.${l}`)}
        </option>
      ))}
    </select>
  );
}

/** The desktop app reloads to `?recovered=1` after a renderer crash: say so calmly, once, on that page. */
const recovered = typeof location !== 'undefined' && new URLSearchParams(location.search).has('recovered');

export function ClockBanner() {
  const { t } = useTranslation();
  const warning = useAppStore((s) => s.status?.clockWarning);
  return (
    <>
      {recovered && (
        <div className="banner" role="status">
          {t('desktop.recovered')}
        </div>
      )}
      {warning && (
        <div className="banner warning" role="status">
          {warning.kind === 'behind' ? t('app.clockWarning', { minutes: warning.skewMinutes }) : t('app.clockImplausible')}
        </div>
      )}
    </>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const status = useAppStore((s) => s.status);
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const signOut = useAppStore((s) => s.signOut);
  const visible = routes.filter((r) => !r.hidden && me && r.roles.includes(me.role));
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <span className="muted">
          {status?.device?.operatorName} {status?.device?.siteName ? `・${status.device.siteName}` : ''}
        </span>
        <span className="spacer" />
        {statusSlots.map((Slot, i) => (
          <Slot key={i} />
        ))}
        <LanguageSwitch />
        {me && (
          <>
            <span className="who">
              {me.displayName}（{t(`people.roles.${me.role}`)}）
            </span>
            <button type="button" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </>
        )}
      </header>
      <ClockBanner />
      <div className="body">
        <nav className="sidenav" aria-label="main">
          {visible.map((r) => (
            <button key={r.path} type="button" className={route === r.path ? 'active' : ''} aria-current={route === r.path ? 'page' : undefined} onClick={() => navigate(r.path)}>
              {t(r.labelKey)}
            </button>
          ))}
        </nav>
        <div className="content">
          <SetupGuide />
          {children}
        </div>
      </div>
    </div>
  );
}
