// Exporting the job's volume list: XLSX, CSV in UTF-8 (BOM), or CP932 — where the characters Shift_JIS cannot hold
// are shown before anything is saved, and the leader chooses: save them as "?" or save as UTF-8 instead.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import { call } from '../api/client';
import { saveFile } from '../entry/download';
import { Cp932Choice } from '../ui/Cp932Choice';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';

type Format = InputOf<'scan.exportVolumes'>['format'];

export function VolumeExportPanel({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [loss, setLoss] = useState<string[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const run = useAction(async (format: Format, acceptLoss: boolean) => {
    setSaved(null);
    const out = await call('scan.exportVolumes', { jobId, format, acceptLoss });
    if (!out.file) {
      setLoss(out.unencodable);
      return;
    }
    setLoss(null);
    saveFile(out.file);
    setSaved(out.file.fileName);
  });
  return (
    <section className="card">
      <h2>{t('scan.setup.export')}</h2>
      <div className="actions">
        <button type="button" disabled={run.busy} onClick={() => void run.run('xlsx', false)}>
          {t('scan.setup.exportXlsx')}
        </button>
        <button type="button" disabled={run.busy} onClick={() => void run.run('csv', false)}>
          {t('scan.setup.exportCsv')}
        </button>
        <button type="button" disabled={run.busy} onClick={() => void run.run('csv-cp932', false)}>
          {t('scan.setup.exportCp932')}
        </button>
      </div>
      {loss && <Cp932Choice chars={loss} busy={run.busy} onSaveAnyway={() => void run.run('csv-cp932', true)} onSaveUtf8={() => void run.run('csv', false)} />}
      {saved && <p role="status">{t('scan.setup.exported', { file: saved })}</p>}
      <ErrorText error={run.error} />
    </section>
  );
}
