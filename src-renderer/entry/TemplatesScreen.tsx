// Entry forms: see each template's fields and rules, build one in the app, and move them through spreadsheets.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateView } from '../../src-shared/entry/contract';
import { fieldTypes, type FieldDef, type RuleDef } from '../../src-shared/entry/template';
import { checkTemplate } from '../../src-shared/entry/validate';
import { newId } from '../../src-shared/core/ids';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { readAsBase64, saveFile } from './download';
import { EmptyState } from '../ui/EmptyState';
import { draftFrom, NewTemplate } from './NewTemplate';
import './entry.css';

function limits(f: FieldDef): string {
  return [f.min !== undefined ? `≥${f.min}` : '', f.max !== undefined ? `≤${f.max}` : '', f.maxLength ? `≤${f.maxLength}字` : '', f.options?.join('/') ?? '']
    .filter(Boolean)
    .join(' ');
}

function FieldsTable({ title, fields, onChange }: { title: string; fields: FieldDef[]; onChange?: (f: FieldDef[]) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{title}</h3>
      <table className="table">
        <thead>
          <tr>
            <th>{t('entry.templates.key')}</th>
            <th>{t('entry.templates.label')}</th>
            <th>{t('entry.templates.type')}</th>
            <th>{t('entry.templates.required')}</th>
            <th>{t('entry.templates.limits')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f, i) => (
            <tr key={`${f.key}-${i}`}>
              <td>{onChange ? <input aria-label={`${t('entry.templates.key')} ${i + 1}`} value={f.key} onChange={(e) => onChange(fields.map((x, k) => (k === i ? { ...x, key: e.target.value } : x)))} /> : f.key}</td>
              <td>{onChange ? <input aria-label={`${t('entry.templates.label')} ${i + 1}`} value={f.label} onChange={(e) => onChange(fields.map((x, k) => (k === i ? { ...x, label: e.target.value } : x)))} /> : f.label}</td>
              <td>
                {onChange ? (
                  <select aria-label={`${t('entry.templates.type')} ${i + 1}`} value={f.type} onChange={(e) => onChange(fields.map((x, k) => (k === i ? { ...x, type: e.target.value as FieldDef['type'] } : x)))}>
                    {fieldTypes.map((ft) => (
                      <option key={ft} value={ft}>
                        {t(`entry.fieldTypes.${ft}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  t(`entry.fieldTypes.${f.type}`)
                )}
              </td>
              <td>{onChange ? <input type="checkbox" aria-label={`${t('entry.templates.required')} ${i + 1}`} checked={f.required} onChange={(e) => onChange(fields.map((x, k) => (k === i ? { ...x, required: e.target.checked } : x)))} /> : f.required ? '○' : ''}</td>
              <td>{limits(f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ruleText(t: (k: string, p?: Record<string, string>) => string, r: RuleDef): string {
  return t(`entry.templates.ruleText.${r.kind}`, r);
}

export function TemplatesScreen() {
  const { t } = useTranslation();
  const templates = useQuery('entry.listTemplates', {}, { tables: ['entryTemplates'] });
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<TemplateView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const current = templates.data?.find((x) => x.id === selected) ?? templates.data?.[0];
  const exporter = useAction(async (id: string) => saveFile(await call('entry.exportTemplate', { id })));
  const importer = useAction(async (file: File) => {
    const saved = await call('entry.importTemplate', { base64: await readAsBase64(file) });
    setSelected(saved.id);
    setMessage(t('entry.templates.imported', { name: saved.name }));
  });
  const save = useAction(async (tv: TemplateView) => {
    const saved = await call('entry.saveTemplate', tv);
    setSelected(saved.id);
    setDraft(null);
  });
  const problems = draft ? checkTemplate(draft.def) : [];
  const shown = draft ?? current;
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('entry.templates.title')}</h1>
        <select aria-label={t('entry.templates.title')} value={current?.id ?? ''} onChange={(e) => setSelected(e.target.value)}>
          {templates.data?.map((tp) => (
            <option key={tp.id} value={tp.id}>
              {tp.code} {tp.name}
            </option>
          ))}
        </select>
        {current && (
          <button type="button" onClick={() => void exporter.run(current.id)}>
            {t('entry.templates.export')}
          </button>
        )}
        <label className="button-like">
          {t('entry.templates.import')}{' '}
          <input type="file" accept=".xlsx" onChange={(e) => e.target.files?.[0] && void importer.run(e.target.files[0])} />
        </label>
        {!draft && <NewTemplate onDraft={setDraft} />}
        {current && !draft && (
          <button type="button" onClick={() => setDraft({ ...current, id: newId(), code: `${current.code}-2`, name: `${current.name}（複製）` })}>
            {t('entry.templates.duplicate')}
          </button>
        )}
      </header>
      {message && <div className="banner" role="status">{message}</div>}
      <ErrorText error={templates.error ?? exporter.error ?? importer.error ?? save.error} />
      {templates.data?.length === 0 && !draft && (
        <EmptyState message={t('entry.templates.empty')} action={{ label: t('entry.templates.newFromLog'), run: () => setDraft(draftFrom('vehicle_log')) }} />
      )}
      {shown && (
        <div className="card">
          {draft && (
            <div className="row">
              <input aria-label={t('entry.templates.code')} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
              <input aria-label={t('entry.templates.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </div>
          )}
          <p className="muted">
            {t(`entry.kinds.${shown.kind}`)} ・ {t('entry.templates.rowsPerPage', { count: shown.def.rowsPerPage })}
          </p>
          <FieldsTable title={t('entry.templates.header')} fields={shown.def.header} onChange={draft ? (header) => setDraft({ ...draft, def: { ...draft.def, header } }) : undefined} />
          <FieldsTable title={t('entry.templates.row')} fields={shown.def.row} onChange={draft ? (row) => setDraft({ ...draft, def: { ...draft.def, row } }) : undefined} />
          <h3>{t('entry.templates.rules')}</h3>
          <ul>
            {shown.def.rules.map((r, i) => (
              <li key={i}>{ruleText(t as never, r)}</li>
            ))}
          </ul>
          {draft && (
            <>
              {problems.length > 0 && (
                <ul className="entry-issues">
                  {problems.map((p, i) => (
                    <li key={i} className="entry-issue-error">
                      {t(p.messageKey, p.params)}
                    </li>
                  ))}
                </ul>
              )}
              <div className="actions">
                <button type="button" onClick={() => setDraft({ ...draft, def: { ...draft.def, row: [...draft.def.row, { key: `field${draft.def.row.length + 1}`, label: '', type: 'text', required: false }] } })}>
                  {t('entry.templates.addField')}
                </button>
                <button type="button" className="primary" disabled={problems.length > 0 || save.busy} onClick={() => void save.run(draft)}>
                  {t('app.save')}
                </button>
                <button type="button" onClick={() => setDraft(null)}>
                  {t('app.cancel')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
