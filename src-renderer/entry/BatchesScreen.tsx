// The leader's batches: progress of each, a form to make one from delivered files, and the selected batch's detail.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { BatchDetailView } from './BatchDetail';
import { CreateBatchForm } from './CreateBatchForm';
import { EntryPrerequisites } from './EntryPrerequisites';
import { StatusBar } from './Progress';
import { useEntryNav } from './store';
import './entry.css';

export function BatchesScreen() {
  const { t } = useTranslation();
  const batches = useQuery('entry.listBatches', {}, { tables: ['entryBatches', 'entryUnits', 'entryPages'] });
  const batchId = useEntryNav((s) => s.batchId);
  const setBatch = useEntryNav((s) => s.setBatch);
  const [creating, setCreating] = useState(false);
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('entry.batches.title')}</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('entry.batches.create')}
        </button>
      </header>
      <ErrorText error={batches.error} />
      <EntryPrerequisites />
      {creating && (
        <CreateBatchForm
          onDone={(id) => {
            setCreating(false);
            if (id) setBatch(id);
          }}
        />
      )}
      {batches.data?.length === 0 && <p className="muted">{t('entry.batches.none')}</p>}
      {batches.data && batches.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('entry.batches.code')}</th>
              <th>{t('entry.batches.name')}</th>
              <th>{t('entry.batches.template')}</th>
              <th className="num">{t('entry.batches.pages')}</th>
              <th className="num">{t('entry.batches.units')}</th>
              <th>{t('entry.batches.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {batches.data.map((b) => (
              <tr key={b.id} className={b.id === batchId ? 'selected' : ''}>
                <td>{b.code}</td>
                <td>{b.name}</td>
                <td>{b.templateName}</td>
                <td className="num">{b.pages}</td>
                <td className="num">{b.units}</td>
                <td>
                  <StatusBar counts={b.byStatus} />
                  {b.unassignedPages > 0 && <div className="muted">{t('entry.batches.unassigned', { count: b.unassignedPages })}</div>}
                </td>
                <td>
                  <button type="button" aria-label={`${t('entry.batches.open')} ${b.code}`} onClick={() => setBatch(b.id)}>
                    {t('entry.batches.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {batchId && <BatchDetailView key={batchId} batchId={batchId} />}
    </section>
  );
}
