// Reassign one unit that is still being keyed: its site and keyers (a second keyer only for double entry).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitView } from '../../src-shared/entry/contract';
import type { SiteView, WorkerView } from '../../src-shared/people/contract';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';

export function AssignUnit({ unit, sites, workers }: { unit: UnitView; sites: SiteView[]; workers: WorkerView[] }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<{ siteId: string | null; keyer1Id: string | null; keyer2Id: string | null } | null>(null);
  const save = useAction(async () => {
    if (!form) return;
    await call('entry.assignUnit', { unitId: unit.id, ...form });
    setForm(null);
  });
  if (unit.status !== 'open' && unit.status !== 'sent_back') return null;
  if (!form) {
    return (
      <button type="button" className="link" aria-label={`${t('entry.batches.reassign')} ${unit.label}`} onClick={() => setForm({ siteId: unit.siteId, keyer1Id: unit.keyer1Id, keyer2Id: unit.keyer2Id })}>
        {t('entry.batches.reassign')}
      </button>
    );
  }
  const pick = (label: string, value: string | null, onChange: (v: string | null) => void) => (
    <select aria-label={`${label} ${unit.label}`} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="" />
      {workers.map((w) => (
        <option key={w.id} value={w.id}>
          {w.code} {w.familyName} {w.givenName}
        </option>
      ))}
    </select>
  );
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <select aria-label={`${t('entry.batches.site')} ${unit.label}`} value={form.siteId ?? ''} onChange={(e) => setForm({ ...form, siteId: e.target.value || null })}>
        <option value="" />
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      {pick(t('entry.batches.keyer1'), form.keyer1Id, (v) => setForm({ ...form, keyer1Id: v }))}
      {unit.doubleEntry && pick(t('entry.batches.keyer2'), form.keyer2Id, (v) => setForm({ ...form, keyer2Id: v }))}
      <button type="submit" className="primary" disabled={save.busy}>
        {t('app.save')}
      </button>
      <button type="button" onClick={() => setForm(null)}>
        {t('app.cancel')}
      </button>
      <ErrorText error={save.error} />
    </form>
  );
}
