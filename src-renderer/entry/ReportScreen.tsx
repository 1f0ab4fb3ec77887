// The client's insight: per month, vehicle and department — days used, utilization, hours, km, peak in use.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MarkedTrip } from '../../src-shared/entry/contract';
import type { PeakWindow, UsageLine } from '../../src-shared/entry/utilization';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { saveFile } from './download';
import { LogbookIssues, useRefText } from './LogbookIssues';
import { useEntryNav } from './store';
import './entry.css';

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/** Average utilization of each key over all its months, lowest first: the candidates for right-sizing. */
function averageBy(lines: UsageLine[]): { key: string; utilization: number; trips: number; km: number }[] {
  const m = new Map<string, { sum: number; n: number; trips: number; km: number }>();
  for (const l of lines) {
    const a = m.get(l.key) ?? { sum: 0, n: 0, trips: 0, km: 0 };
    a.sum += l.utilization;
    a.n++;
    a.trips += l.trips;
    a.km += l.km;
    m.set(l.key, a);
  }
  return [...m].map(([key, a]) => ({ key, utilization: a.sum / a.n, trips: a.trips, km: a.km })).sort((x, y) => x.utilization - y.utilization);
}

export function ReportScreen() {
  const { t } = useTranslation();
  const batches = useQuery('entry.listBatches', {});
  const chosen = useEntryNav((s) => s.batchId);
  const setBatch = useEntryNav((s) => s.setBatch);
  const vehicleBatches = (batches.data ?? []).filter((b) => b.templateKind === 'vehicle_log');
  const batchId = vehicleBatches.find((b) => b.id === chosen)?.id ?? vehicleBatches[0]?.id ?? null;
  const [acceptedOnly, setAcceptedOnly] = useState(false);
  const report = useQuery('entry.report', { batchId: batchId ?? '', acceptedOnly }, { enabled: Boolean(batchId), tables: ['entryUnits'] });
  const exporter = useAction(async (format: 'xlsx' | 'pdf') => saveFile(await call('entry.reportExport', { batchId: batchId, acceptedOnly, format })));
  const data = report.data;
  const departments = data ? averageBy(data.report.byDepartment) : [];
  const vehicles = data ? averageBy(data.report.byVehicle) : [];
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('entry.report.title')}</h1>
        <label>
          {t('entry.report.batch')}{' '}
          <select value={batchId ?? ''} onChange={(e) => setBatch(e.target.value)}>
            {vehicleBatches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.code} {b.name}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={acceptedOnly} onChange={(e) => setAcceptedOnly(e.target.checked)} />
          {t('entry.report.acceptedOnly')}
        </label>
        <button type="button" disabled={!batchId || exporter.busy} onClick={() => void exporter.run('xlsx')}>
          {t('entry.report.exportXlsx')}
        </button>
        <button type="button" disabled={!batchId || exporter.busy} onClick={() => void exporter.run('pdf')}>
          {t('entry.report.exportPdf')}
        </button>
      </header>
      <ErrorText error={batches.error ?? report.error ?? exporter.error} />
      {!batchId && <p className="muted">{t('entry.report.chooseBatch')}</p>}
      {data && (
        <>
          <p className="muted">{t('entry.report.records', { records: data.records, skipped: data.skipped })}</p>
          {data.uncoveredMonths.length > 0 && <div className="banner warning">{t('entry.report.uncovered', { months: data.uncoveredMonths.join(', ') })}</div>}
          <h2>{t('entry.report.byMonth')}</h2>
          <div className="entry-chart" role="img" aria-label={`${t('entry.report.byMonth')} ${t('entry.report.vehiclesUsed')} ${t('entry.report.peak')}`}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data.report.byMonth}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="vehiclesUsed" name={t('entry.report.vehiclesUsed')} stroke="#1d6b57" />
                <Line type="monotone" dataKey="peakInUse" name={t('entry.report.peak')} stroke="#b42318" />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="table">
            <thead>
              <tr>
                <th>{t('entry.report.month')}</th>
                <th className="num">{t('entry.report.officeDays')}</th>
                <th className="num">{t('entry.report.vehiclesUsed')}</th>
                <th className="num">{t('entry.report.trips')}</th>
                <th className="num">{t('entry.report.hoursOut')}</th>
                <th className="num">{t('entry.report.km')}</th>
                <th className="num">{t('entry.report.peak')}</th>
                <th>{t('entry.report.peakWindows')}</th>
              </tr>
            </thead>
            <tbody>
              {data.report.byMonth.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="num">{m.officeDays}</td>
                  <td className="num">{m.vehiclesUsed}</td>
                  <td className="num">{m.trips}</td>
                  <td className="num">{m.hoursOut}</td>
                  <td className="num">{m.km.toLocaleString()}</td>
                  <td className="num">{m.peakInUse}</td>
                  <td>
                    <PeakWindows windows={m.peakWindows} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.issues.some((i) => !i.settled) && <div className="banner warning">{t('entry.report.openIssues', { count: data.issues.filter((i) => !i.settled).length })}</div>}
          <h2>{t('entry.report.byVehicle')}</h2>
          <UtilizationBars lines={vehicles} label={`${t('entry.report.lowUse')} ${t('entry.report.utilization')}`} />
          <UsageTable lines={data.report.byVehicle} keyLabel={t('entry.report.vehicle')} caption={t('entry.report.vehicleTable')} />
          <h2>{t('entry.report.byDepartment')}</h2>
          <UtilizationBars lines={departments} label={`${t('entry.report.byDepartment')} ${t('entry.report.utilization')}`} />
          <UsageTable lines={data.report.byDepartment} keyLabel={t('entry.report.department')} caption={t('entry.report.byDepartment')} />
          <h2>{t('entry.report.issues')}</h2>
          <LogbookIssues issues={data.issues} caption={t('entry.report.issues')} />
          <h2>{t('entry.report.flagged')}</h2>
          <MarkedTrips list={data.flagged} caption={t('entry.report.flagged')} />
          <h2>{t('entry.report.excluded')}</h2>
          <MarkedTrips list={data.excluded} caption={t('entry.report.excluded')} />
        </>
      )}
    </section>
  );
}

function PeakWindows({ windows }: { windows: PeakWindow[] }) {
  const { t } = useTranslation();
  const shown = windows.slice(0, 3);
  return (
    <>
      {shown.map((w) => (
        <div key={`${w.date} ${w.from}`}>{t('entry.report.peakWindow', { date: w.date, from: w.from, to: w.to, vehicles: w.vehicles.join('、') })}</div>
      ))}
      {windows.length > shown.length && <div className="muted">{t('entry.report.moreWindows', { count: windows.length - shown.length })}</div>}
    </>
  );
}

/** Average utilization as bars; the table beside it says the same in text. */
function UtilizationBars({ lines, label }: { lines: { key: string; utilization: number }[]; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="entry-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={lines.map((d) => ({ ...d, pct: Math.round(d.utilization * 1000) / 10 }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="key" interval={0} angle={-30} textAnchor="end" height={70} />
          <YAxis unit="%" />
          <Tooltip />
          <Bar dataKey="pct" name={t('entry.report.utilization')} fill="#1d6b57" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function UsageTable({ lines, keyLabel, caption }: { lines: UsageLine[]; keyLabel: string; caption: string }) {
  const { t } = useTranslation();
  return (
    <table className="table" aria-label={caption}>
      <thead>
        <tr>
          <th>{keyLabel}</th>
          <th>{t('entry.report.month')}</th>
          <th className="num">{t('entry.report.trips')}</th>
          <th className="num">{t('entry.report.daysUsed')}</th>
          <th className="num">{t('entry.report.officeDays')}</th>
          <th className="num">{t('entry.report.utilization')}</th>
          <th className="num">{t('entry.report.hoursOut')}</th>
          <th className="num">{t('entry.report.km')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.key} ${l.month}`}>
            <td>{l.key}</td>
            <td>{l.month}</td>
            <td className="num">{l.trips}</td>
            <td className="num">{l.daysUsed}</td>
            <td className="num">{l.officeDays}</td>
            <td className="num">{pct(l.utilization)}</td>
            <td className="num">{l.hoursOut}</td>
            <td className="num">{l.km.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MarkedTrips({ list, caption }: { list: MarkedTrip[]; caption: string }) {
  const { t } = useTranslation();
  const refText = useRefText();
  if (list.length === 0) return <p className="muted">{t('entry.report.noneListed')}</p>;
  return (
    <table className="table" aria-label={caption}>
      <thead>
        <tr>
          <th>{t('entry.report.vehicle')}</th>
          <th>{t('entry.logbook.where')}</th>
          <th>{t('entry.logbook.date')}</th>
          <th>{t('entry.logbook.times')}</th>
          <th className="num">{t('entry.logbook.odometer')}</th>
          <th>{t('entry.logbook.note')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((m) => (
          <tr key={refText(m.ref)}>
            <td>{m.vehicle}</td>
            <td>{refText(m.ref)}</td>
            <td>{m.date}</td>
            <td>
              {m.timeOut}〜{m.timeIn}
            </td>
            <td className="num">
              {m.odoOut}→{m.odoIn}
            </td>
            <td>{m.markNote}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
