// Clients (発注者): the municipalities and companies the operator takes work from; jobs pick one of them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../src-shared/api/contract';
import { newId } from '../../src-shared/core/ids';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useCan } from '../app/useCan';
import { EmptyState } from '../ui/EmptyState';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { FormActions } from './FormActions';

type ClientForm = InputOf<'people.saveClient'>;

const blankClient = (): ClientForm => ({ id: newId(), name: '', kind: 'municipality', active: true });

function ClientEditor({ initial, onDone }: { initial: ClientForm; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const save = useAction(async () => {
    await call('people.saveClient', form);
    onDone(true);
  });
  return (
    <form
      className="card"
      aria-label={t('clients.formTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <Field label={t('clients.name')} path="name" error={save.error}>
        <input name="name" autoFocus value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </Field>
      <fieldset>
        <legend>{t('clients.kind')}</legend>
        {(['municipality', 'company'] as const).map((kind) => (
          <label key={kind} className="radio">
            <input type="radio" name="kind" value={kind} checked={form.kind === kind} onChange={() => setForm({ ...form, kind })} />
            {t(`clients.kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
        {t('people.active')}
      </label>
      <FormActions error={save.error} busy={save.busy} onCancel={() => onDone(false)} fieldPaths={['name']} />
    </form>
  );
}

export function ClientsScreen() {
  const { t } = useTranslation();
  const clients = useQuery('people.listClients', {}, { tables: ['clients'] });
  const canEdit = useCan('people.saveClient');
  const [editing, setEditing] = useState<ClientForm | null>(null);
  const [saved, setSaved] = useState(false);
  const list = clients.data ?? [];
  const add = () => setEditing(blankClient());
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('clients.title')}</h1>
        {canEdit && (
          <button type="button" className="primary" onClick={add}>
            {t('clients.add')}
          </button>
        )}
      </header>
      <ErrorText error={clients.error} />
      {saved && !editing && (
        <p className="banner" role="status">
          {t('app.saved')}
        </p>
      )}
      {editing && (
        <ClientEditor
          key={editing.id}
          initial={editing}
          onDone={(ok) => {
            setEditing(null);
            setSaved(ok);
          }}
        />
      )}
      {clients.data && list.length === 0 && !editing && (
        <EmptyState message={canEdit ? t('clients.empty') : t('clients.emptyAsk')} action={canEdit ? { label: t('clients.add'), run: add } : undefined} />
      )}
      {list.length > 0 && (
        <table className="table">
          <caption className="sr-only">{t('clients.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clients.name')}</th>
              <th scope="col">{t('clients.kind')}</th>
              <th scope="col">{t('people.active')}</th>
              {canEdit && <th scope="col">{t('app.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} className={c.active ? '' : 'inactive'}>
                <td>{c.name}</td>
                <td>{t(`clients.kinds.${c.kind}`)}</td>
                <td>{c.active ? t('app.yes') : t('app.no')}</td>
                {canEdit && (
                  <td>
                    <button type="button" aria-label={t('clients.editNamed', { name: c.name })} onClick={() => setEditing({ id: c.id, name: c.name, kind: c.kind, active: c.active })}>
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
