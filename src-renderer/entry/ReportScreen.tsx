// The client's insight: per month, vehicle and department — days used, utilization, hours, km, peak in use.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageLine } from '../../src-shared/entry/utilization';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { saveFile } from './download';
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
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('entry.report.byDepartment')}</h2>
          <div className="entry-chart" role="img" aria-label={`${t('entry.report.byDepartment')} ${t('entry.report.utilization')}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={departments.map((d) => ({ ...d, pct: Math.round(d.utilization * 1000) / 10 }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="key" interval={0} angle={-30} textAnchor="end" height={70} />
                <YAxis unit="%" />
                <Tooltip />
                <Bar dataKey="pct" name={t('entry.report.utilization')} fill="#1d6b57" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <h2>{t('entry.report.lowUse')}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t('entry.report.vehicle')}</th>
                <th className="num">{t('entry.report.utilization')}</th>
                <th className="num">{t('entry.report.trips')}</th>
                <th className="num">{t('entry.report.km')}</th>
              </tr>
            </thead>
            <tbody>
              {vehicles.slice(0, 15).map((v) => (
                <tr key={v.key}>
                  <td>{v.key}</td>
                  <td className="num">{pct(v.utilization)}</td>
                  <td className="num">{v.trips}</td>
                  <td className="num">{v.km.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
