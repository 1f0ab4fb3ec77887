// Units waiting for the leader: keyed (to compare or verify), verified (to accept) and sent back (waiting on keyers).
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { LogbookIssues } from './LogbookIssues';
import { useEntryNav } from './store';
import { UnitActions } from './UnitActions';
import './entry.css';

export function ReviewScreen() {
  const { t } = useTranslation();
  const batches = useQuery('entry.listBatches', {}, { tables: ['entryBatches', 'entryUnits'] });
  const chosen = useEntryNav((s) => s.batchId);
  const setBatch = useEntryNav((s) => s.setBatch);
  const batchId = chosen ?? batches.data?.[0]?.id ?? null;
  const detail = useQuery('entry.batchDetail', { batchId: batchId ?? '' }, { enabled: Boolean(batchId), tables: ['entryUnits', 'entryResolutions'] });
  const isLogbook = batches.data?.find((b) => b.id === batchId)?.templateKind === 'vehicle_log';
  const checks = useQuery('entry.logbookChecks', { batchId: batchId ?? '' }, { enabled: Boolean(batchId) && isLogbook, tables: ['entryUnits', 'entryKeyings', 'entryResolutions'] });
  const waiting = (detail.data?.units ?? []).filter((u) => u.status === 'keyed' || u.status === 'verified' || u.status === 'sent_back');
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('entry.review.title')}</h1>
        <label>
          {t('entry.review.batch')}{' '}
          <select value={batchId ?? ''} onChange={(e) => setBatch(e.target.value)}>
            {batches.data?.map((b) => (
              <option key={b.id} value={b.id}>
                {b.code} {b.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ErrorText error={batches.error ?? detail.error ?? checks.error} />
      {detail.data && waiting.length === 0 && <p className="muted">{t('entry.review.none')}</p>}
      {waiting.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('entry.batches.label')}</th>
              <th>{t('entry.batches.site')}</th>
              <th>{t('entry.batches.keyer1')}</th>
              <th>{t('entry.batches.keyer2')}</th>
              <th>{t('entry.batches.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {waiting.map((u) => (
              <tr key={u.id}>
                <td>{u.label}</td>
                <td>{u.siteName}</td>
                <td>{u.keyer1Name}</td>
                <td>{u.keyer2Name}</td>
                <td>
                  {t(`entry.status.${u.status}`)}
                  {u.note && <div className="muted">{u.note}</div>}
                </td>
                <td>
                  <UnitActions unit={u} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isLogbook && checks.data && (
        <>
          <h2>{t('entry.logbook.title')}</h2>
          <LogbookIssues issues={checks.data} caption={t('entry.logbook.title')} />
        </>
      )}
    </section>
  );
}
