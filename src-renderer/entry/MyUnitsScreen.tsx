// The keyer's list: units assigned to me (first or second keying), open ones first.
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { useEntryNav } from './store';
import './entry.css';

export function MyUnitsScreen() {
  const { t } = useTranslation();
  const units = useQuery('entry.myUnits', {}, { tables: ['entryUnits'] });
  const navigate = useAppStore((s) => s.navigate);
  const openUnit = useEntryNav((s) => s.openUnit);
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('entry.mine.title')}</h1>
      </header>
      <ErrorText error={units.error} />
      {units.data?.length === 0 && <p className="muted">{t('entry.mine.none')}</p>}
      {units.data && units.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('entry.batches.label')}</th>
              <th>{t('entry.batches.name')}</th>
              <th className="num">{t('entry.batches.pages')}</th>
              <th>{t('entry.batches.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {units.data.map((u) => (
              <tr key={`${u.id}:${u.slot}`}>
                <td>
                  {u.label} {u.doubleEntry && <span className="badge">{t('entry.mine.slot', { slot: u.slot })}</span>}
                </td>
                <td>{u.batchName}</td>
                <td className="num">{u.pages}</td>
                <td>
                  {u.submitted ? <span className="badge ok">{t('entry.mine.submitted')}</span> : t(`entry.status.${u.status}`)}
                  {u.status === 'sent_back' && u.note && <div className="muted">{u.note}</div>}
                </td>
                <td>
                  <button
                    type="button"
                    className={u.submitted ? '' : 'primary'}
                    aria-label={`${t('entry.mine.start')} ${u.label}`}
                    onClick={() => {
                      openUnit(u.id, u.slot);
                      navigate('entry/key');
                    }}
                  >
                    {t('entry.mine.start')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
