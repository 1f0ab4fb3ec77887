// Split the unassigned pages of a batch into units and deal them to sites and keyers in turn.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';

interface Assignee {
  siteId: string | null;
  keyer1Id: string | null;
  keyer2Id: string | null;
}

export function SplitForm({ batchId, doubleEntry, unassigned }: { batchId: string; doubleEntry: boolean; unassigned: number }) {
  const { t } = useTranslation();
  const sites = useQuery('people.listSites', {});
  const workers = useQuery('people.listWorkers', {});
  const [pagesPerUnit, setPagesPerUnit] = useState(10);
  const [assignees, setAssignees] = useState<Assignee[]>([{ siteId: null, keyer1Id: null, keyer2Id: null }]);
  const split = useAction(() => call('entry.splitUnits', { batchId, pagesPerUnit, assignees }));
  const set = (i: number, patch: Partial<Assignee>) => setAssignees(assignees.map((a, k) => (k === i ? { ...a, ...patch } : a)));
  const workerSelect = (value: string | null, onChange: (v: string | null) => void, label: string) => (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="" />
      {workers.data?.map((w) => (
        <option key={w.id} value={w.id}>
          {w.code} {w.familyName} {w.givenName}
        </option>
      ))}
    </select>
  );
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void split.run();
      }}
    >
      <h2>{t('entry.batches.split')}</h2>
      <p className="muted">{t('entry.batches.unassigned', { count: unassigned })}</p>
      <ErrorText error={split.error} />
      <Field label={t('entry.batches.pagesPerUnit')}>
        <input type="number" min={1} max={500} value={pagesPerUnit} onChange={(e) => setPagesPerUnit(Number(e.target.value))} />
      </Field>
      <p className="field-label">{t('entry.batches.assignees')}</p>
      {assignees.map((a, i) => (
        <div key={i} className="row">
          <select aria-label={`${t('entry.batches.site')} ${i + 1}`} value={a.siteId ?? ''} onChange={(e) => set(i, { siteId: e.target.value || null })}>
            <option value="" />
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {workerSelect(a.keyer1Id, (v) => set(i, { keyer1Id: v }), `${t('entry.batches.keyer1')} ${i + 1}`)}
          {doubleEntry && workerSelect(a.keyer2Id, (v) => set(i, { keyer2Id: v }), `${t('entry.batches.keyer2')} ${i + 1}`)}
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setAssignees([...assignees, { siteId: null, keyer1Id: null, keyer2Id: null }])}>
          {t('entry.batches.addAssignee')}
        </button>
        <button type="submit" className="primary" disabled={split.busy}>
          {t('entry.batches.split')}
        </button>
      </div>
    </form>
  );
}
