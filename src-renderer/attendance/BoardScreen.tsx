// Leader board: who is working now, where, on which job and since when; forgotten clock-outs come first.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { timeLabel } from './format';
import './attendance.css';
import { stepLabel } from '../ui/stepLabel';

export function BoardScreen() {
  const { t } = useTranslation();
  const [siteId, setSiteId] = useState('');
  const board = useQuery('attendance.board', { siteId: siteId || null }, { tables: ['presence', 'punches'] });
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const { reload } = board;
  // "Since" and the forgotten flag depend on the time of day: refresh every minute.
  useEffect(() => {
    const timer = setInterval(reload, 60_000);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('attendance.board.title')}</h1>
        <span className="muted">{t('attendance.board.intro')}</span>
      </header>
      <Field label={t('attendance.board.site')}>
        <select value={siteId} onChange={(e) => setSiteId(e.target.value)}>
          <option value="">{t('attendance.board.allSites')}</option>
          {sites.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <ErrorText error={board.error} />
      {board.data?.length === 0 && <p className="muted">{t('attendance.board.empty')}</p>}
      {board.data && board.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('people.code')}</th>
              <th>{t('people.name')}</th>
              <th>{t('attendance.board.state')}</th>
              <th>{t('attendance.board.site')}</th>
              <th>{t('attendance.job')}</th>
              <th>{t('attendance.step')}</th>
              <th>{t('attendance.board.since')}</th>
            </tr>
          </thead>
          <tbody>
            {board.data.map((row) => (
              <tr key={row.workerId}>
                <td>{row.code}</td>
                <td>{row.displayName}</td>
                <td>
                  {row.forgotten ? (
                    <span className="badge danger" title={t('attendance.board.forgottenHint')}>
                      {t('attendance.forgotten')}
                    </span>
                  ) : (
                    <span className={row.state === 'working' ? 'badge ok' : 'badge'}>{t(`attendance.states.${row.state}`)}</span>
                  )}
                </td>
                <td>{row.siteName ?? t('attendance.home')}</td>
                <td>{row.jobName ?? t('attendance.noJob')}</td>
                <td>{stepLabel(t, row.stepKey)}</td>
                <td>{timeLabel(row.sessionStart ?? row.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
