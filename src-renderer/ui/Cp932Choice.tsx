// Before a Shift_JIS (CP932) file is saved with characters it cannot hold: which ones, and the person's choice —
// save them as "?" or save as UTF-8 instead (decision 0114). Every CSV export with a CP932 option uses it.
import { useTranslation } from 'react-i18next';

interface Props {
  chars: string[];
  busy: boolean;
  onSaveAnyway: () => void;
  onSaveUtf8: () => void;
}

export function Cp932Choice({ chars, busy, onSaveAnyway, onSaveUtf8 }: Props) {
  const { t } = useTranslation();
  return (
    <div className="banner warning" role="alert">
      <p>{t('app.cp932Loss', { chars: chars.join(' ') })}</p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={onSaveAnyway}>
          {t('app.cp932SaveAnyway')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={onSaveUtf8}>
          {t('app.cp932SaveUtf8')}
        </button>
      </div>
    </div>
  );
}
