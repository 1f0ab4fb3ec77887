// The kiosk's top line: today's date and the time, large, and the two choices a newcomer may need (language, furigana).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../src-shared/i18n/resources';
import { formatLongDate, jstTime } from '../../src-shared/core/time';
import { setLanguage } from '../i18n/setup';
import { useKioskPrefs } from './kiosk-prefs';

export function KioskHeader() {
  const { t, i18n } = useTranslation();
  const furigana = useKioskPrefs((s) => s.furigana);
  const setFurigana = useKioskPrefs((s) => s.setFurigana);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <header className="kiosk-header">
      <h1 className="kiosk-title">{t('kiosk.title')}</h1>
      <div className="kiosk-when">
        <p className="kiosk-date">{formatLongDate(now, i18n.language)}</p>
        {/* The time changes every second: read once on demand, not announced each tick. */}
        <p className="kiosk-clock">
          <time dateTime={new Date(now).toISOString()}>{jstTime(now)}</time>
        </p>
      </div>
      <div className="kiosk-prefs">
        <div role="group" aria-label={t('app.language')} className="segmented">
          {languages.map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={i18n.language === l} onClick={() => setLanguage(l)}>
              {t(`app.languages.${l}`, { lng: l })}
            </button>
          ))}
        </div>
        <button type="button" className="toggle" aria-pressed={furigana} onClick={() => setFurigana(!furigana)}>
          {t('kiosk.furigana')}
        </button>
      </div>
    </header>
  );
}
