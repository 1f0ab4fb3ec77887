// Staff accounts (運営スタッフ): login id, name, role, site and password. Admins edit; office roles see the list.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import { newId } from '../../src-shared/core/ids';
import { staffRoles } from '../../src-shared/core/roles';
import { MIN_PASSWORD_LENGTH } from '../../src-shared/people/schemas';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useCan } from '../app/useCan';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { FormActions } from './FormActions';

type StaffForm = InputOf<'people.saveStaff'>;

const blankStaff = (): StaffForm => ({ id: newId(), loginId: '', familyName: '', givenName: '', role: 'director', siteId: null, active: true });
const fieldPaths = ['loginId', 'familyName', 'givenName', 'role', 'siteId', 'password'];

function StaffEditor({ initial, isNew, onDone }: { initial: StaffForm; isNew: boolean; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const [form, setForm] = useState(initial);
  const save = useAction(async () => {
    await call('people.saveStaff', form);
    onDone(true);
  });
  return (
    <form
      className="card"
      aria-label={t('staff.formTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <div className="row">
        <Field label={t('staff.loginId')} path="loginId" error={save.error} hint={t('staff.loginIdHint')}>
          <input name="loginId" autoFocus autoComplete="off" value={form.loginId} onChange={(e) => setForm({ ...form, loginId: e.target.value })} />
        </Field>
        <Field label={t('people.familyName')} path="familyName" error={save.error}>
          <input name="familyName" value={form.familyName} onChange={(e) => setForm({ ...form, familyName: e.target.value })} />
        </Field>
        <Field label={t('people.givenName')} path="givenName" error={save.error}>
          <input name="givenName" value={form.givenName} onChange={(e) => setForm({ ...form, givenName: e.target.value })} />
        </Field>
      </div>
      <div className="row">
        <Field label={t('people.role')} path="role" error={save.error}>
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as StaffForm['role'] })}>
            {staffRoles.map((r) => (
              <option key={r} value={r}>
                {t(`people.roles.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('staff.site')} path="siteId" error={save.error} hint={t('staff.siteHint')}>
          <select name="siteId" value={form.siteId ?? ''} onChange={(e) => setForm({ ...form, siteId: e.target.value || null })}>
            <option value="">{t('staff.allSites')}</option>
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('staff.password', { min: MIN_PASSWORD_LENGTH })}
          path="password"
          error={save.error}
          hint={isNew ? t('staff.passwordHintNew') : t('staff.passwordHintEdit')}
        >
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={form.password ?? ''}
            onChange={(e) => setForm({ ...form, password: e.target.value || undefined })}
          />
        </Field>
      </div>
      <p className="muted">{t(`staff.roleHelp.${form.role}`)}</p>
      <label className="checkbox">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
        {t('people.active')}
      </label>
      <FormActions error={save.error} busy={save.busy} onCancel={() => onDone(false)} fieldPaths={fieldPaths} />
    </form>
  );
}

export function StaffScreen() {
  const { t } = useTranslation();
  const staff = useQuery('people.listStaff', {}, { tables: ['staff'] });
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const canEdit = useCan('people.saveStaff');
  const [editing, setEditing] = useState<{ form: StaffForm; isNew: boolean } | null>(null);
  const [saved, setSaved] = useState(false);
  const siteName = (id: string | null) => (id ? (sites.data?.find((s) => s.id === id)?.name ?? '') : t('staff.allSites'));
  const list = staff.data ?? [];
  const add = () => setEditing({ form: blankStaff(), isNew: true });
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('staff.title')}</h1>
        <span className="muted">{t('people.count', { count: list.length })}</span>
        {canEdit && (
          <button type="button" className="primary" onClick={add}>
            {t('staff.add')}
          </button>
        )}
      </header>
      <ErrorText error={staff.error} />
      {saved && !editing && (
        <p className="banner" role="status">
          {t('app.saved')}
        </p>
      )}
      {editing && (
        <StaffEditor
          key={editing.form.id}
          initial={editing.form}
          isNew={editing.isNew}
          onDone={(ok) => {
            setEditing(null);
            setSaved(ok);
          }}
        />
      )}
      {staff.data && list.length <= 1 && !editing && canEdit && <EmptyState message={t('staff.empty')} action={{ label: t('staff.add'), run: add }} />}
      {list.length > 0 && (
        <table className="table">
          <caption className="sr-only">{t('staff.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.loginId')}</th>
              <th scope="col">{t('people.name')}</th>
              <th scope="col">{t('people.role')}</th>
              <th scope="col">{t('staff.site')}</th>
              {canEdit && <th scope="col">{t('app.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} className={s.active ? '' : 'inactive'}>
                <td>{s.loginId}</td>
                <td>
                  {s.familyName} {s.givenName}
                </td>
                <td>{t(`people.roles.${s.role}`)}</td>
                <td>{siteName(s.siteId)}</td>
                {canEdit && (
                  <td>
                    <button
                      type="button"
                      aria-label={t('staff.editNamed', { name: s.loginId })}
                      onClick={() =>
                        setEditing({
                          form: { id: s.id, loginId: s.loginId, familyName: s.familyName, givenName: s.givenName, role: s.role, siteId: s.siteId, active: s.active },
                          isNew: false,
                        })
                      }
                    >
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
