// The scan station: the slip-code field is always ready (a USB scanner types the code + Enter); the volume opens
// with its next step, its tiles, send-backs and history.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VolumeDetail } from '../../src-shared/scan/views';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { VolumePanel } from './VolumePanel';
import './scan.css';
import { NoScanJob } from './NoScanJob';

export function StationScreen() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [detail, setDetail] = useState<VolumeDetail | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const refocus = useCallback(() => codeRef.current?.focus(), []);
  const lookup = useAction(async (value: string) => {
    setDetail(await call('scan.lookup', { code: value }));
    setCode('');
  });
  useEffect(refocus, [refocus]);

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('scan.station.title')}</h1>
      </header>
      <NoScanJob />
      <form
        className="card scan-code"
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim()) void lookup.run(code.trim());
        }}
      >
        <Field label={t('scan.station.codeLabel')} hint={t('scan.station.codeHint')}>
          <input ref={codeRef} name="code" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <button type="submit">{t('scan.station.open')}</button>
        <ErrorText error={lookup.error} />
      </form>
      {detail && <VolumePanel detail={detail} onChange={setDetail} afterAction={refocus} />}
    </section>
  );
}
