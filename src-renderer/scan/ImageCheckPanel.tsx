// Checks one master image against the job's target: real pixel size, density, channels, bit depth, alpha.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageCheck } from '../../src-shared/scan/views';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

export function ImageCheckPanel({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState('');
  const [width, setWidth] = useState('');
  const [result, setResult] = useState<ImageCheck | null>(null);
  const check = useAction(async () => {
    setResult(await call('scan.checkImage', { jobId, path: file, sheetWidthMm: Number(width) > 0 ? Number(width) : null }));
  });
  return (
    <section className="card">
      <h2>{t('scan.qc.imageCheck')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void check.run();
        }}
      >
        <Field label={t('scan.qc.imagePath')} path="path" error={check.error}>
          <input value={file} onChange={(e) => setFile(e.target.value)} />
        </Field>
        <Field label={t('scan.qc.sheetWidth')}>
          <input inputMode="decimal" value={width} onChange={(e) => setWidth(e.target.value)} />
        </Field>
        <button type="submit">{t('scan.qc.check')}</button>
      </form>
      <ErrorText error={check.error && !check.error.issues?.length ? check.error : null} />
      {result && (
        <div role="status">
          <p>
            {t('scan.qc.imageFacts', {
              width: result.width,
              height: result.height,
              ppi: result.densityPpi ?? '—',
              realPpi: result.realPpi ?? '—',
              channels: result.channels,
              bits: result.bitsPerSample,
            })}
          </p>
          {result.problems.length === 0 ? (
            <p>{t('scan.qc.imageOk')}</p>
          ) : (
            <ul>
              {result.problems.map((p) => (
                <li key={p.messageKey}>{t(p.messageKey, p.params)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
