// Registered workers (住民テレワーカー): list, add and edit, including setting a PIN.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import type { WorkerView } from '../../src-shared/people/contract';
import { newId } from '../../src-shared/core/ids';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { useCan } from '../app/useCan';
import { EmptyState } from '../ui/EmptyState';

const stages = ['A', 'B', 'C'] as const;

type WorkerForm = InputOf<'people.saveWorker'>;

function blankWorker(): WorkerForm {
  return {
    id: newId(),
    code: '',
    familyName: '',
    givenName: '',
    familyNameKana: '',
    givenNameKana: '',
    role: 'worker',
    homeSiteId: null,
    skillIt: 'A',
    skillBusiness: 'A',
    invoiceNumber: null,
    active: true,
  };
}

/** The editable part of a listed worker (the list carries the operator id, which the input refuses). */
function formOf(w: WorkerView): WorkerForm {
  const { operatorId: _operatorId, ...rest } = w;
  return rest;
}

export function WorkersScreen() {
  const { t } = useTranslation();
  const workers = useQuery('people.listWorkers', { includeInactive: true }, { tables: ['workers'] });
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const [editing, setEditing] = useState<WorkerForm | null>(null);
  const [saved, setSaved] = useState(false);
  const canEdit = useCan('people.saveWorker');
  const save = useAction(async (form: WorkerForm) => {
    await call('people.saveWorker', form);
    setEditing(null);
    setSaved(true);
  });
  const siteName = (id: string | null) => sites.data?.find((s) => s.id === id)?.name ?? '';

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('people.title')}</h1>
        <span className="muted">{t('people.count', { count: workers.data?.length ?? 0 })}</span>
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing(blankWorker())}>
            {t('people.add')}
          </button>
        )}
      </header>
      <ErrorText error={workers.error} />
      {saved && !editing && (
        <p className="banner" role="status">
          {t('app.saved')}
        </p>
      )}
      {editing && (
        <form
          className="card"
          aria-label={t('people.formTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(editing);
          }}
        >
          <div className="row">
            <Field label={t('people.code')} path="code" error={save.error}>
              <input name="code" autoFocus value={editing.code} onChange={(e) => setEditing({ ...editing, code: e.target.value })} />
            </Field>
            <Field label={t('people.role')} path="role" error={save.error}>
              <select name="role" value={editing.role} onChange={(e) => setEditing({ ...editing, role: e.target.value as WorkerForm['role'] })}>
                <option value="worker">{t('people.roles.worker')}</option>
                <option value="leader">{t('people.roles.leader')}</option>
              </select>
            </Field>
            <Field label={t('people.homeSite')} path="homeSiteId" error={save.error}>
              <select name="homeSiteId" value={editing.homeSiteId ?? ''} onChange={(e) => setEditing({ ...editing, homeSiteId: e.target.value || null })}>
                <option value="">{t('app.none')}</option>
                {sites.data?.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="row">
            <Field label={t('people.familyName')} path="familyName" error={save.error}>
              <input name="familyName" value={editing.familyName} onChange={(e) => setEditing({ ...editing, familyName: e.target.value })} />
            </Field>
            <Field label={t('people.givenName')} path="givenName" error={save.error}>
              <input name="givenName" value={editing.givenName} onChange={(e) => setEditing({ ...editing, givenName: e.target.value })} />
            </Field>
            <Field label={t('people.familyNameKana')} path="familyNameKana" error={save.error}>
              <input name="familyNameKana" value={editing.familyNameKana} onChange={(e) => setEditing({ ...editing, familyNameKana: e.target.value })} />
            </Field>
            <Field label={t('people.givenNameKana')} path="givenNameKana" error={save.error}>
              <input name="givenNameKana" value={editing.givenNameKana} onChange={(e) => setEditing({ ...editing, givenNameKana: e.target.value })} />
            </Field>
          </div>
          <div className="row">
            <Field label={t('people.skillIt')} path="skillIt" error={save.error} hint={t(`people.skillHelp.it.${editing.skillIt ?? 'none'}`)}>
              <select name="skillIt" value={editing.skillIt ?? ''} onChange={(e) => setEditing({ ...editing, skillIt: (e.target.value || null) as WorkerForm['skillIt'] })}>
                <option value="">{t('people.stageNone')}</option>
                {stages.map((st) => (
                  <option key={st} value={st}>
                    {t('people.stage', { stage: st })}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={t('people.skillBusiness')}
              path="skillBusiness"
              error={save.error}
              hint={t(`people.skillHelp.business.${editing.skillBusiness ?? 'none'}`)}
            >
              <select
                name="skillBusiness"
                value={editing.skillBusiness ?? ''}
                onChange={(e) => setEditing({ ...editing, skillBusiness: (e.target.value || null) as WorkerForm['skillBusiness'] })}
              >
                <option value="">{t('people.stageNone')}</option>
                {stages.map((st) => (
                  <option key={st} value={st}>
                    {t('people.stage', { stage: st })}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="row">
            <Field label={t('people.pin')} path="pin" error={save.error} hint={t('people.pinHint')}>
              <input
                name="pin"
                type="password"
                inputMode="numeric"
                value={editing.pin ?? ''}
                onChange={(e) => setEditing({ ...editing, pin: e.target.value || undefined })}
              />
            </Field>
            <Field label={t('people.invoiceNumber')} path="invoiceNumber" error={save.error}>
              <input name="invoiceNumber" value={editing.invoiceNumber ?? ''} onChange={(e) => setEditing({ ...editing, invoiceNumber: e.target.value || null })} />
            </Field>
            <label className="checkbox">
              <input type="checkbox" checked={editing.active} onChange={(e) => setEditing({ ...editing, active: e.target.checked })} />
              {t('people.active')}
            </label>
          </div>
          <ErrorText error={save.error && !save.error.issues?.length ? save.error : null} />
          <div className="actions">
            <button type="submit" className="primary" disabled={save.busy}>
              {t('app.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
      {workers.data && workers.data.length === 0 && !editing && (
        <EmptyState message={canEdit ? t('people.empty') : t('people.emptyAskOffice')} action={canEdit ? { label: t('people.add'), run: () => setEditing(blankWorker()) } : undefined} />
      )}
      {workers.data && workers.data.length > 0 && (
      <table className="table">
        <caption className="sr-only">{t('people.title')}</caption>
        <thead>
          <tr>
            <th>{t('people.code')}</th>
            <th>{t('people.name')}</th>
            <th>{t('people.kana')}</th>
            <th>{t('people.role')}</th>
            <th>{t('people.homeSite')}</th>
            <th>{t('people.skillIt')}</th>
            <th>{t('people.skillBusiness')}</th>
            {canEdit && <th>{t('app.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {workers.data?.map((w: WorkerView) => (
            <tr key={w.id} className={w.active ? '' : 'inactive'}>
              <td>{w.code}</td>
              <td>
                {w.familyName} {w.givenName}
              </td>
              <td>
                {w.familyNameKana} {w.givenNameKana}
              </td>
              <td>{t(`people.roles.${w.role}`)}</td>
              <td>{siteName(w.homeSiteId)}</td>
              <td>{w.skillIt ?? t('people.stageNone')}</td>
              <td>{w.skillBusiness ?? t('people.stageNone')}</td>
              {canEdit && (
                <td>
                  <button type="button" aria-label={t('people.editNamed', { code: w.code })} onClick={() => setEditing(formOf(w))}>
                    {t('people.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </section>
  );
}
