// Importing the city's volume list: preview with a per-row report and the rows as they will be imported (extra
// columns included), a mapping step when columns are not recognised (or the leader wants to change them), then
// import all (only when clean) or the good rows only — the leader's choice. Also adding one volume by hand.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import type { ImportPreview, ImportResult } from '../../src-shared/scan/views';
import { volumeFormats } from '../../src-shared/scan/import-rows';
import type { HeaderMapping } from '../../src-shared/scan/import-headers';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { ImportMapping } from './ImportMapping';

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
      <p className="muted">
        {t('scan.setup.encoding', { encoding: report.encoding })}
        {report.sheet !== null && ` · ${t('scan.setup.sheet', { name: report.sheet })}`} · {t('scan.setup.headerRow', { row: report.headerRow })}
      </p>
      {report.remembered && <p className="muted">{t('scan.setup.mappingRemembered')}</p>}
      {report.missingColumns.length > 0 && (
        <p className="field-error" role="alert">
          {t('scan.setup.missingColumns', { columns: report.missingColumns.map((c) => t(`scan.columns.${c}`)).join('、') })}
        </p>
      )}
      {report.extraColumns.length > 0 && <p>{t('scan.setup.extraColumns', { columns: report.extraColumns.join('、') })}</p>}
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
      {report.sample.length > 0 && <Sample report={report} />}
    </div>
  );
}

/** The first rows as they will be imported, the kept extra columns included: nothing is dropped unseen. */
function Sample({ report }: { report: ImportPreview }) {
  const { t } = useTranslation();
  const caption = t('scan.setup.preview', { count: report.sample.length });
  return (
    <table className="table import-sample" aria-label={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('scan.setup.line', { line: '' }).trim()}</th>
          <th scope="col">{t('scan.columns.volumeNo')}</th>
          <th scope="col">{t('scan.columns.title')}</th>
          <th scope="col">{t('scan.columns.expectedPages')}</th>
          <th scope="col">{t('scan.columns.format')}</th>
          {report.extraColumns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {report.sample.map((r) => (
          <tr key={r.line}>
            <td>{r.line}</td>
            <td>{r.volumeNo}</td>
            <td>{r.title}</td>
            <td>{r.expectedPages}</td>
            <td>{t(`scan.formats.${r.format}`)}</td>
            {report.extraColumns.map((c) => (
              <td key={c}>{r.extra[c] ?? ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Draft = Omit<InputOf<'scan.addVolume'>, 'jobId'>;
const blank = (): Draft => ({ volumeNo: '', title: '', shelfNo: '', expectedPages: 1, format: 'A0', restriction: 'center_only', dcDate: '' });

export function ImportPanel({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [report, setReport] = useState<ImportPreview | ImportResult | null>(null);
  // The leader's assignment for this file and the header row, when chosen; sent with every preview and the import.
  const [mapping, setMapping] = useState<HeaderMapping>({});
  const [headerRow, setHeaderRow] = useState<number | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(blank);
  const preview = useAction(async (f: { name: string; data: string }, m: HeaderMapping, row: number | undefined) => {
    setReport(await call('scan.previewImport', { jobId, fileName: f.name, dataBase64: f.data, mapping: m, headerRow: row }));
  });
  const choose = useAction(async (f: File) => {
    const chosen = { name: f.name, data: await toBase64(f) };
    setFile(chosen);
    setMapping({});
    setHeaderRow(undefined);
    setEditing(false);
    await preview.run(chosen, {}, undefined);
  });
  const commit = useAction(async (goodOnly: boolean) => {
    if (!file) return;
    setReport(await call('scan.commitImport', { jobId, fileName: file.name, dataBase64: file.data, goodOnly, mapping, headerRow }));
  });
  const remap = (change: HeaderMapping) => {
    const next = { ...mapping, ...change };
    setMapping(next);
    if (file) void preview.run(file, next, headerRow);
  };
  const moveHeader = (row: number) => {
    setHeaderRow(row);
    if (file) void preview.run(file, mapping, row);
  };
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
            if (f) void choose.run(f);
          }}
        />
      </Field>
      <ErrorText error={choose.error ?? preview.error ?? commit.error} />
      {report && <Report report={report} />}
      {report && !result && (editing || report.missingColumns.length > 0) && <ImportMapping report={report} onMap={remap} onHeaderRow={moveHeader} />}
      {report && !result && !editing && report.missingColumns.length === 0 && (
        <button type="button" onClick={() => setEditing(true)}>
          {t('scan.setup.editMapping')}
        </button>
      )}
      {report && !result && (
        <div className="actions">
          <button type="button" className="primary" disabled={commit.busy || preview.busy || report.issues.length > 0 || report.goodRows === 0} onClick={() => void commit.run(false)}>
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
