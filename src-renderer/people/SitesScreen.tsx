// Sites (拠点): telework centers and offices. Admins add and rename them; others see the list.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import { newId } from '../../src-shared/core/ids';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useCan } from '../app/useCan';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { EmptyState } from '../ui/EmptyState';
import { FormActions } from './FormActions';

type SiteForm = InputOf<'people.saveSite'>;

const blankSite = (): SiteForm => ({ id: newId(), code: '', name: '', kind: 'center', active: true });

function SiteEditor({ initial, onDone }: { initial: SiteForm; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const save = useAction(async () => {
    await call('people.saveSite', form);
    onDone(true);
  });
  return (
    <form
      className="card"
      aria-label={t('sites.formTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <div className="row">
        <Field label={t('sites.name')} path="name" error={save.error}>
          <input name="name" autoFocus value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label={t('sites.code')} path="code" error={save.error} hint={t('sites.codeHint')}>
          <input name="code" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
      </div>
      <fieldset>
        <legend>{t('sites.kind')}</legend>
        {(['center', 'office'] as const).map((kind) => (
          <label key={kind} className="radio">
            <input type="radio" name="kind" value={kind} checked={form.kind === kind} onChange={() => setForm({ ...form, kind })} />
            {t(`sites.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
        {t('people.active')}
      </label>
      <FormActions error={save.error} busy={save.busy} onCancel={() => onDone(false)} fieldPaths={['name', 'code']} />
    </form>
  );
}

export function SitesScreen() {
  const { t } = useTranslation();
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const canEdit = useCan('people.saveSite');
  const [editing, setEditing] = useState<SiteForm | null>(null);
  const [saved, setSaved] = useState(false);
  const list = sites.data ?? [];
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('sites.title')}</h1>
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing(blankSite())}>
            {t('sites.add')}
          </button>
        )}
      </header>
      <ErrorText error={sites.error} />
      {saved && !editing && (
        <p className="banner" role="status">
          {t('app.saved')}
        </p>
      )}
      {editing && (
        <SiteEditor
          key={editing.id}
          initial={editing}
          onDone={(ok) => {
            setEditing(null);
            setSaved(ok);
          }}
        />
      )}
      {sites.data && list.length === 0 && !editing && (
        <EmptyState message={t('sites.empty')} action={canEdit ? { label: t('sites.add'), run: () => setEditing(blankSite()) } : undefined} />
      )}
      {list.length > 0 && (
        <table className="table">
          <caption className="sr-only">{t('sites.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sites.code')}</th>
              <th scope="col">{t('sites.name')}</th>
              <th scope="col">{t('sites.kind')}</th>
              <th scope="col">{t('people.active')}</th>
              {canEdit && <th scope="col">{t('app.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} className={s.active ? '' : 'inactive'}>
                <td>{s.code}</td>
                <td>{s.name}</td>
                <td>{t(`sites.kinds.${s.kind}`)}</td>
                <td>{s.active ? t('app.yes') : t('app.no')}</td>
                {canEdit && (
                  <td>
                    <button type="button" aria-label={t('sites.editNamed', { name: s.name })} onClick={() => setEditing({ id: s.id, code: s.code, name: s.name, kind: s.kind, active: s.active })}>
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
