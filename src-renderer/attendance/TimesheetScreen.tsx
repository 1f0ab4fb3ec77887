// Monthly timesheet for staff and leaders: per worker and per site, submission status, close/reopen, exports.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFile, TimesheetWorkerRow } from '../../src-shared/attendance/contract';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ConfirmPanel } from '../ui/ConfirmPanel';
import { Cp932Choice } from '../ui/Cp932Choice';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { currentMonth, formatMinutes, timeLabel } from './format';
import { saveExport } from './download';
import { MonthControls } from './MonthControls';
import { WorklogDays } from './WorklogDays';
import './attendance.css';

const reviewers = ['admin', 'manager', 'director'];
const office = ['admin', 'backoffice', 'manager', 'director'];

function ReviewCell({ row, month }: { row: TimesheetWorkerRow; month: string }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [asking, setAsking] = useState(false);
  const review = useAction(async (decision: 'approve' | 'return') => {
    await call('attendance.reviewMonth', { workerId: row.workerId, month, decision, comment });
    setAsking(false);
  });
  if (asking) {
    // Sending back reopens the worker's month for changes: say whose and which, and ask.
    return (
      <ConfirmPanel
        title={t('attendance.timesheet.confirmReturn.title', { name: row.displayName, month })}
        confirmLabel={t('attendance.timesheet.confirmReturn.yes')}
        busy={review.busy}
        onConfirm={() => void review.run('return')}
        onCancel={() => setAsking(false)}
      >
        <p>{comment ? t('attendance.timesheet.confirmReturn.comment', { comment }) : t('attendance.timesheet.confirmReturn.noComment')}</p>
        <ErrorText error={review.error} />
      </ConfirmPanel>
    );
  }
  return (
    <div className="row">
      <input aria-label={t('attendance.timesheet.returnComment')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
      <button type="button" className="primary" onClick={() => void review.run('approve')} disabled={review.busy}>
        {t('attendance.timesheet.approve')}
      </button>
      <button type="button" onClick={() => setAsking(true)} disabled={review.busy}>
        {t('attendance.timesheet.return')}
      </button>
      <ErrorText error={review.error} />
    </div>
  );
}

function WorkerLog({ workerId, month, onClose }: { workerId: string; month: string; onClose(): void }) {
  const { t } = useTranslation();
  const log = useQuery('attendance.worklog', { month, workerId }, { tables: ['punches', 'punchVoids'] });
  return (
    <div className="card" aria-label={log.data?.displayName}>
      <div className="screen-header">
        <h2>
          {log.data?.displayName} {log.data ? formatMinutes(log.data.workMinutes) : ''}
        </h2>
        <button type="button" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
      <ErrorText error={log.error} />
      {log.data && <WorklogDays days={log.data.days} />}
    </div>
  );
}

export function TimesheetScreen() {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const [month, setMonth] = useState(currentMonth());
  const [siteId, setSiteId] = useState('');
  const [encoding, setEncoding] = useState<'utf8bom' | 'cp932'>('utf8bom');
  const [exported, setExported] = useState<ExportFile | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const sheet = useQuery('attendance.timesheet', { month, siteId: siteId || null }, { tables: ['punches', 'punchVoids', 'timesheetSubmissions', 'monthCloseEvents', 'workers'] });
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const [loss, setLoss] = useState<string[] | null>(null);
  const exporter = useAction(async (format: 'xlsx' | 'csv', as: 'utf8bom' | 'cp932' = encoding, acceptLoss?: boolean) => {
    const file = await call('attendance.export', { month, format, encoding: as, siteId: siteId || null, acceptLoss: acceptLoss === true });
    // Shift_JIS that would lose characters: nothing is saved until the person has seen them and chosen.
    if (file.withheld) {
      setLoss(file.unencodable);
      return;
    }
    setLoss(null);
    saveExport(file);
    setExported(file);
  });
  const canReview = !!me && reviewers.includes(me.role);
  const data = sheet.data;
  const jobsUsed = data ? data.jobs.filter((j) => data.workers.some((w) => (w.byJob[j.id] ?? 0) > 0)) : [];

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('attendance.timesheet.title')}</h1>
        {data && <span className={data.closed ? 'badge danger' : 'badge'}>{t(data.closed ? 'attendance.timesheet.closed' : 'attendance.timesheet.open')}</span>}
      </header>
      <div className="row">
        <Field label={t('attendance.timesheet.month')}>
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </Field>
        <Field label={t('attendance.timesheet.site')}>
          <select value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            <option value="">{t('attendance.timesheet.allSites')}</option>
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorText error={sheet.error} />
      {data && (
        <>
          <p>{t('attendance.timesheet.counts', data.statusCounts)}</p>
          {me && <MonthControls month={month} closed={data.closed} role={me.role} />}
          {me && office.includes(me.role) && (
            <div className="card">
              <div className="row">
                <Field label={t('attendance.timesheet.encoding')}>
                  <select value={encoding} onChange={(e) => setEncoding(e.target.value as 'utf8bom' | 'cp932')}>
                    <option value="utf8bom">{t('attendance.timesheet.utf8bom')}</option>
                    <option value="cp932">{t('attendance.timesheet.cp932')}</option>
                  </select>
                </Field>
                <div className="actions">
                  <button type="button" onClick={() => void exporter.run('csv')} disabled={exporter.busy}>
                    {t('attendance.timesheet.exportCsv')}
                  </button>
                  <button type="button" onClick={() => void exporter.run('xlsx')} disabled={exporter.busy}>
                    {t('attendance.timesheet.exportXlsx')}
                  </button>
                </div>
              </div>
              {loss && <Cp932Choice chars={loss} busy={exporter.busy} onSaveAnyway={() => void exporter.run('csv', 'cp932', true)} onSaveUtf8={() => void exporter.run('csv', 'utf8bom')} />}
              <ErrorText error={exporter.error} />
              {exported && <p role="status">{t('attendance.timesheet.exported', { file: exported.filename })}</p>}
              {exported && exported.unencodable.length > 0 && (
                <p className="banner warning" role="alert">
                  {t('attendance.timesheet.cp932Warning', { chars: exported.unencodable.join(' ') })}
                </p>
              )}
            </div>
          )}
          {open && <WorkerLog workerId={open} month={month} onClose={() => setOpen(null)} />}
          <table className="table">
            <thead>
              <tr>
                <th>{t('people.code')}</th>
                <th>{t('people.name')}</th>
                <th className="num">{t('attendance.timesheet.days')}</th>
                <th className="num">{t('attendance.timesheet.total')}</th>
                {jobsUsed.map((j) => (
                  <th key={j.id} className="num" title={j.name}>
                    {j.code}
                  </th>
                ))}
                <th>{t('attendance.timesheet.issues')}</th>
                <th>{t('attendance.timesheet.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.workers.map((w) => (
                <tr key={w.workerId}>
                  <td>{w.code}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setOpen(w.workerId)}>
                      {w.displayName}
                    </button>
                  </td>
                  <td className="num">{w.daysWorked}</td>
                  <td className="num">{formatMinutes(w.workMinutes)}</td>
                  {jobsUsed.map((j) => (
                    <td key={j.id} className="num">
                      {formatMinutes(w.byJob[j.id] ?? 0)}
                    </td>
                  ))}
                  <td>{w.issues > 0 && <span className="badge warn">{w.issues}</span>}</td>
                  <td>
                    {t(`attendance.status.${w.status}`)}
                    {canReview && w.status === 'submitted' && !data.closed && <ReviewCell row={w} month={month} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('attendance.timesheet.bySite')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t('attendance.timesheet.site')}</th>
                <th className="num">{t('attendance.timesheet.workers')}</th>
                <th className="num">{t('attendance.timesheet.total')}</th>
              </tr>
            </thead>
            <tbody>
              {data.sites.map((s) => (
                <tr key={s.siteId ?? 'home'}>
                  <td>{s.siteName ?? t('attendance.home')}</td>
                  <td className="num">{s.workers}</td>
                  <td className="num">{formatMinutes(s.workMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.closeHistory.length > 0 && (
            <>
              <h2>{t('attendance.timesheet.history')}</h2>
              <ul className="history">
                {data.closeHistory.map((h) => (
                  <li key={h.at + h.action}>
                    {t('attendance.timesheet.historyItem', { at: timeLabel(h.at), name: h.byName ?? '', action: t(`attendance.timesheet.actions.${h.action}`), reason: h.reason })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
