// PIN entry with a large on-screen keypad; a keyboard works too. The PIN never stays on screen after a failure.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { normalizeDigits } from '../../src-shared/core/japanese-input';
import { ApiError } from '../api/client';
import { ErrorText } from '../ui/ErrorText';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export function PinPad(props: { name: string; onVerify(pin: string): Promise<void>; onBack(): void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onVerify(pin);
    } catch (err) {
      setError(err instanceof ApiError ? err.payload : { code: 'internal', messageKey: 'errors.internal' });
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="pinpad"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="kiosk-person">
        <h2>{t('kiosk.who', { name: props.name })}</h2>
      </div>
      <label htmlFor="kiosk-pin">{t('kiosk.pinLabel')}</label>
      <input
        id="kiosk-pin"
        className="kiosk-input pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={pin}
        onChange={(e) => setPin(normalizeDigits(e.target.value).replace(/\D/g, ''))}
        autoFocus
      />
      <div className="keys">
        {KEYS.map((k) => (
          <button key={k} type="button" className="key" aria-label={t('kiosk.digit', { digit: k })} onClick={() => setPin((p) => (p + k).slice(0, 8))}>
            {k}
          </button>
        ))}
        <button type="button" className="key key-word" onClick={() => setPin('')}>
          {t('kiosk.clear')}
        </button>
      </div>
      <ErrorText error={error} />
      <div className="actions punch-bar">
        <button type="button" className="big" onClick={props.onBack}>
          {t('kiosk.back')}
        </button>
        <button type="submit" className="primary big" disabled={busy || pin.length < 4}>
          {t('kiosk.pinOk')}
        </button>
      </div>
    </form>
  );
}
