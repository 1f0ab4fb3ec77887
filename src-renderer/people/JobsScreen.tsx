// Jobs (案件): what was contracted, for whom, where it may be worked and by when; each job then leads to its own
// set-up (a scan job's workflow, an entry job's templates and batches).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import type { JobView } from '../../src-shared/people/contract';
import { newId } from '../../src-shared/core/ids';
import { formatDate } from '../../src-shared/core/time';
import { normalizeDigits } from '../../src-shared/core/japanese-input';
import { targetUnits } from '../../src-shared/people/schemas';
import { ApiError, call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { useCan } from '../app/useCan';
import { useScanStore } from '../scan/store';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { FormActions } from './FormActions';

type JobForm = InputOf<'people.saveJob'>;

const blankJob = (): JobForm => ({
  id: newId(),
  code: '',
  name: '',
  clientName: '',
  kind: 'scan',
  restriction: 'center_only',
  status: 'active',
  startDate: null,
  dueDate: null,
  clientId: null,
  target: null,
  targetUnit: null,
});
const fieldPaths = ['code', 'name', 'clientName', 'clientId', 'kind', 'restriction', 'status', 'startDate', 'dueDate', 'target', 'targetUnit'];
/** The unit a job of this kind usually counts in, offered when a target is first typed. */
const usualUnit = { scan: 'pages', entry: 'pages', other: 'hours' } as const;

function JobEditor({ initial, onDone }: { initial: JobForm; onDone(saved: JobView | null): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const clients = useQuery('people.listClients', {}, { tables: ['clients'] });
  // The target as typed (full-width digits and thousands separators welcome); made a number only to save.
  const [targetText, setTargetText] = useState(initial.target == null ? '' : String(initial.target));
  const save = useAction(async () => {
    const digits = normalizeDigits(targetText).replace(/[,，\s]/g, '');
    // Not a whole number: said under the field, as the boundary would (JSON would turn NaN into an empty target).
    if (digits !== '' && !/^\d+$/.test(digits)) {
      throw new ApiError({ code: 'invalid_input', messageKey: 'errors.invalidInput', issues: [{ path: 'target', messageKey: 'validation.invalidType' }] });
    }
    const target = digits === '' ? null : Number(digits);
    onDone(await call('people.saveJob', { ...form, target, targetUnit: target === null ? null : (form.targetUnit ?? usualUnit[form.kind]) }));
  });
  const pickable = (clients.data ?? []).filter((c) => c.active || c.id === form.clientId);
  return (
    <form
      className="card"
      aria-label={t('jobs.formTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <div className="row">
        <Field label={t('jobs.code')} path="code" error={save.error} hint={t('jobs.codeHint')}>
          <input name="code" autoFocus value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <Field label={t('jobs.name')} path="name" error={save.error}>
          <input name="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label={t('jobs.client')} path="clientId" error={save.error} hint={pickable.length ? t('jobs.clientHint') : t('jobs.noClients')}>
          <select
            name="clientId"
            value={form.clientId ?? ''}
            onChange={(e) => {
              const client = pickable.find((c) => c.id === e.target.value);
              setForm({ ...form, clientId: client?.id ?? null, clientName: client?.name ?? (form.clientId ? '' : form.clientName) });
            }}
          >
            <option value="">{form.clientName && !form.clientId ? form.clientName : t('jobs.clientNone')}</option>
            {pickable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="row">
        <fieldset>
          <legend>{t('jobs.kind')}</legend>
          {(['scan', 'entry', 'other'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="kind" value={kind} checked={form.kind === kind} onChange={() => setForm({ ...form, kind })} />
              {t(`jobs.kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('jobs.restriction')}</legend>
          {(['center_only', 'home_allowed'] as const).map((r) => (
            <label key={r} className="radio">
              <input type="radio" name="restriction" value={r} checked={form.restriction === r} onChange={() => setForm({ ...form, restriction: r })} />
              {t(`jobs.restrictions.${r}`)}
            </label>
          ))}
          <p className="field-hint">{t(`jobs.restrictionHelp.${form.restriction}`)}</p>
        </fieldset>
      </div>
      <div className="row">
        <Field label={t('jobs.startDate')} path="startDate" error={save.error}>
          <input name="startDate" type="date" value={form.startDate ?? ''} onChange={(e) => setForm({ ...form, startDate: e.target.value || null })} />
        </Field>
        <Field label={t('jobs.dueDate')} path="dueDate" error={save.error}>
          <input name="dueDate" type="date" value={form.dueDate ?? ''} onChange={(e) => setForm({ ...form, dueDate: e.target.value || null })} />
        </Field>
        <Field label={t('jobs.target')} path="target" error={save.error}>
          <input
            name="target"
            inputMode="numeric"
            value={targetText}
            onChange={(e) => {
              setTargetText(e.target.value);
              if (e.target.value.trim() && !form.targetUnit) setForm({ ...form, targetUnit: usualUnit[form.kind] });
            }}
          />
        </Field>
        <Field label={t('jobs.targetUnit')} path="targetUnit" error={save.error}>
          <select name="targetUnit" value={form.targetUnit ?? ''} onChange={(e) => setForm({ ...form, targetUnit: (e.target.value || null) as JobForm['targetUnit'] })}>
            <option value="">{t('jobs.targetUnitNone')}</option>
            {targetUnits.map((u) => (
              <option key={u} value={u}>
                {t(`jobs.targetUnits.${u}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('jobs.status')} path="status" error={save.error}>
          <select name="status" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as JobForm['status'] })}>
            {(['active', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`jobs.statuses.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FormActions error={save.error} busy={save.busy} onCancel={() => onDone(null)} fieldPaths={fieldPaths} />
    </form>
  );
}

/** Where a job's own set-up continues: the scan workflow, or the entry templates and batches. */
function NextStep({ job }: { job: JobView }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  const setScanJob = useScanStore((s) => s.setJobId);
  const canScan = useCan('scan.saveSettings');
  const canBatch = useCan('entry.createBatch');
  if (job.kind === 'scan' && canScan) {
    return (
      <button
        type="button"
        aria-label={t('jobs.workflowFor', { code: job.code })}
        onClick={() => {
          setScanJob(job.id);
          navigate('scan-setup');
        }}
      >
        {t('jobs.workflow')}
      </button>
    );
  }
  if (job.kind === 'entry' && canBatch) {
    return (
      <button type="button" aria-label={t('jobs.batchesFor', { code: job.code })} onClick={() => navigate('entry/batches')}>
        {t('jobs.batches')}
      </button>
    );
  }
  return null;
}

export function JobsScreen() {
  const { t } = useTranslation();
  const jobs = useQuery('people.listJobs', { includeClosed: true }, { tables: ['jobs'] });
  const canEdit = useCan('people.saveJob');
  const [editing, setEditing] = useState<JobForm | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const list = jobs.data ?? [];
  const add = () => {
    setSaved(null);
    setEditing(blankJob());
  };
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('jobs.title')}</h1>
        {canEdit && (
          <button type="button" className="primary" onClick={add}>
            {t('jobs.add')}
          </button>
        )}
      </header>
      <ErrorText error={jobs.error} />
      {saved && (
        <p className="banner" role="status">
          {t('jobs.saved', { code: saved })}
        </p>
      )}
      {editing && (
        <JobEditor
          key={editing.id}
          initial={editing}
          onDone={(job) => {
            setEditing(null);
            if (job) setSaved(job.code);
          }}
        />
      )}
      {jobs.data && list.length === 0 && !editing && (
        <EmptyState message={canEdit ? t('jobs.empty') : t('jobs.emptyAskManager')} action={canEdit ? { label: t('jobs.add'), run: add } : undefined} />
      )}
      {list.length > 0 && (
        <table className="table">
          <caption className="sr-only">{t('jobs.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('jobs.code')}</th>
              <th scope="col">{t('jobs.name')}</th>
              <th scope="col">{t('jobs.client')}</th>
              <th scope="col">{t('jobs.kind')}</th>
              <th scope="col">{t('jobs.restriction')}</th>
              <th scope="col">{t('jobs.period')}</th>
              <th scope="col">{t('jobs.targetShown')}</th>
              <th scope="col">{t('jobs.status')}</th>
              <th scope="col">{t('app.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((j) => (
              <tr key={j.id} className={j.status === 'active' ? '' : 'inactive'}>
                <td>{j.code}</td>
                <td>{j.name}</td>
                <td>{j.clientName}</td>
                <td>{t(`jobs.kinds.${j.kind}`)}</td>
                <td>{t(`jobs.restrictions.${j.restriction}`)}</td>
                <td>{j.startDate || j.dueDate ? `${j.startDate ? formatDate(j.startDate) : ''} 〜 ${j.dueDate ? formatDate(j.dueDate) : ''}` : ''}</td>
                <td>{j.target != null && j.targetUnit ? `${j.target.toLocaleString('ja-JP')} ${t(`jobs.targetUnits.${j.targetUnit}`)}` : ''}</td>
                <td>{t(`jobs.statuses.${j.status}`)}</td>
                <td className="actions">
                  {canEdit && (
                    <button
                      type="button"
                      aria-label={t('jobs.editNamed', { code: j.code })}
                      onClick={() => {
                        setSaved(null);
                        const { operatorId: _operatorId, ...form } = j;
                        setEditing(form);
                      }}
                    >
                      {t('people.edit')}
                    </button>
                  )}
                  <NextStep job={j} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
