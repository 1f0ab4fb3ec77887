// Importing the city's volume list: preview with a per-row report, then import all (only when clean) or the
// good rows only — the leader's choice. Also adding one volume by hand.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import type { ImportPreview, ImportResult } from '../../src-shared/scan/views';
import { volumeFormats } from '../../src-shared/scan/import-rows';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function Report({ report }: { report: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <div>
      <p className="muted">{t('scan.setup.encoding', { encoding: report.encoding })}</p>
      {report.missingColumns.length > 0 && (
        <p className="field-error" role="alert">
          {t('scan.setup.missingColumns', { columns: report.missingColumns.map((c) => t(`scan.columns.${c}`)).join('、') })}
        </p>
      )}
      <p>{t('scan.setup.rowsOk', { good: report.goodRows, total: report.totalRows })}</p>
      {report.issues.length > 0 && (
        <>
          <h3>{t('scan.setup.issues')}</h3>
          <ul className="issues" aria-label={t('scan.setup.issues')}>
            {report.issues.map((i, n) => (
              <li key={n}>
                {t('scan.setup.line', { line: i.line })}: {t(i.messageKey, i.params)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

type Draft = Omit<InputOf<'scan.addVolume'>, 'jobId'>;
const blank = (): Draft => ({ volumeNo: '', title: '', shelfNo: '', expectedPages: 1, format: 'A0', restriction: 'center_only', dcDate: '' });

export function ImportPanel({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [report, setReport] = useState<ImportPreview | ImportResult | null>(null);
  const [draft, setDraft] = useState<Draft>(blank);
  const preview = useAction(async (f: File) => {
    const data = await toBase64(f);
    setFile({ name: f.name, data });
    setReport(await call('scan.previewImport', { jobId, fileName: f.name, dataBase64: data }));
  });
  const commit = useAction(async (goodOnly: boolean) => {
    if (!file) return;
    setReport(await call('scan.commitImport', { jobId, fileName: file.name, dataBase64: file.data, goodOnly }));
  });
  const add = useAction(async (d: Draft) => {
    await call('scan.addVolume', { ...d, jobId });
    setDraft(blank());
  });
  const result = report && 'imported' in report ? report : null;

  return (
    <section className="card">
      <h2>{t('scan.setup.import')}</h2>
      <Field label={t('scan.setup.file')} hint={t('scan.setup.importHint')}>
        <input
          type="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            const f = e.target.files?.[0];
            setReport(null);
            if (f) void preview.run(f);
          }}
        />
      </Field>
      <ErrorText error={preview.error ?? commit.error} />
      {report && <Report report={report} />}
      {report && !result && (
        <div className="actions">
          <button type="button" className="primary" disabled={commit.busy || report.issues.length > 0 || report.goodRows === 0} onClick={() => void commit.run(false)}>
            {t('scan.setup.importAll')}
          </button>
          {report.issues.length > 0 && report.goodRows > 0 && (
            <button type="button" disabled={commit.busy} onClick={() => void commit.run(true)}>
              {t('scan.setup.importGood')}
            </button>
          )}
        </div>
      )}
      {result && <p role="status">{result.imported > 0 ? t('scan.setup.imported', { count: result.imported }) : t('scan.setup.nothingImported')}</p>}

      <h3>{t('scan.setup.addVolume')}</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add.run(draft);
        }}
      >
        <Field label={t('scan.columns.volumeNo')} path="volumeNo" error={add.error}>
          <input value={draft.volumeNo} onChange={(e) => setDraft({ ...draft, volumeNo: e.target.value })} />
        </Field>
        <Field label={t('scan.columns.title')} path="title" error={add.error}>
          <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        </Field>
        <Field label={t('scan.columns.shelfNo')} path="shelfNo" error={add.error}>
          <input value={draft.shelfNo} onChange={(e) => setDraft({ ...draft, shelfNo: e.target.value })} />
        </Field>
        <Field label={t('scan.columns.expectedPages')} path="expectedPages" error={add.error}>
          <input inputMode="numeric" value={String(draft.expectedPages)} onChange={(e) => setDraft({ ...draft, expectedPages: Number(e.target.value) || 0 })} />
        </Field>
        <Field label={t('scan.columns.format')}>
          <select value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value as Draft['format'] })}>
            {volumeFormats.map((f) => (
              <option key={f} value={f}>
                {t(`scan.formats.${f}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('scan.columns.restriction')}>
          <select value={draft.restriction} onChange={(e) => setDraft({ ...draft, restriction: e.target.value as Draft['restriction'] })}>
            <option value="center_only">{t('scan.restrictions.center_only')}</option>
            <option value="none">{t('scan.restrictions.none')}</option>
          </select>
        </Field>
        <button type="submit">{t('scan.setup.addVolume')}</button>
      </form>
      <ErrorText error={add.error && !add.error.issues?.length ? add.error : null} />
    </section>
  );
}
