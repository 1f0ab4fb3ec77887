// The leader's station board: WIP per step, who is on what, throughput per worked hour, the finish forecast
// and the burn-down. One summary query (aggregated in SQL), so it opens fast even cooperative-wide.
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { BoardSummary } from '../../src-shared/scan/views';
import { formatDateTime, formatMinutes } from '../../src-shared/core/time';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { JobPicker, useScanJob } from './JobPicker';
import { NoScanJob } from './NoScanJob';
import { VolumeList } from './VolumeList';
import './scan.css';

const boardTables = ['scanVolumeStates', 'scanEvents', 'scanVolumes', 'punches'];

function Kpis({ board }: { board: BoardSummary }) {
  const { t } = useTranslation();
  const items: [string, string][] = [
    ...(board.scope === 'all' ? ([[t('scan.board.jobs'), String(board.jobs)]] as [string, string][]) : []),
    [t('scan.board.volumes'), board.volumes.toLocaleString()],
    [t('scan.board.pagesExpected'), board.pagesExpected.toLocaleString()],
    [t('scan.board.pagesScanned'), board.pagesScanned.toLocaleString()],
    [t('scan.board.pagesDelivered'), board.pagesDelivered.toLocaleString()],
    [t('scan.board.forecast'), board.forecastDate && board.pagesPerDay ? t('scan.board.forecastValue', { date: board.forecastDate, rate: board.pagesPerDay }) : t('scan.board.noForecast')],
    ...(board.dueDate ? ([[t('scan.board.due'), board.dueDate]] as [string, string][]) : []),
  ];
  return (
    <div className="board-kpis">
      {items.map(([label, value]) => (
        <div key={label}>
          <span className="muted">{label}</span>
          <strong>{value}</strong>
        </div>
      ))}
    </div>
  );
}

function Wip({ board }: { board: BoardSummary }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...board.steps.map((s) => s.waitingVolumes + s.activeVolumes));
  return (
    <table className="table" aria-label={t('scan.board.wip')}>
      <thead>
        <tr>
          <th>{t('scan.board.wip')}</th>
          <th>{t('scan.board.waiting')}</th>
          <th>{t('scan.board.active')}</th>
          <th>{t('scan.board.pages')}</th>
          <th>{t('scan.board.completed')}</th>
          {board.scope === 'job' && <th>{t('scan.board.workedHours')}</th>}
          {board.scope === 'job' && <th>{t('scan.board.pagesPerHour')}</th>}
          <th />
        </tr>
      </thead>
      <tbody>
        {board.steps.map((s) => (
          <tr key={s.stepKey}>
            <th scope="row">{t(`scan.steps.${s.stepKey}`)}</th>
            <td className="num">{s.waitingVolumes}</td>
            <td className="num">{s.activeVolumes}</td>
            <td className="num">{s.pages.toLocaleString()}</td>
            <td className="num">{s.completedPages?.toLocaleString() ?? '—'}</td>
            {board.scope === 'job' && <td className="num">{s.workedMinutes ? formatMinutes(Math.round(s.workedMinutes)) : '—'}</td>}
            {board.scope === 'job' && <td className="num">{s.pagesPerHour ?? '—'}</td>}
            <td style={{ width: '30%' }}>
              <div className="wip-bar" style={{ width: `${((s.waitingVolumes + s.activeVolumes) / max) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Burndown({ board }: { board: BoardSummary }) {
  const { t } = useTranslation();
  if (board.burndown.length === 0) return <p className="muted">{t('scan.board.noForecast')}</p>;
  return (
    <figure aria-label={t('scan.board.burndown')}>
      <figcaption>{t('scan.board.burndown')}</figcaption>
      <LineChart width={720} height={240} data={board.burndown} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        {/* Fixed tick intervals: recharts then skips measuring every label for overlaps, which costs a frame. */}
        <XAxis dataKey="day" tick={{ fontSize: 11 }} interval={Math.max(0, Math.ceil(board.burndown.length / 8) - 1)} />
        <YAxis tick={{ fontSize: 11 }} interval={0} width={56} />
        <Tooltip />
        <Line type="monotone" dataKey="remaining" name={t('scan.board.remaining')} stroke="#1f6feb" dot={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}

function Board({ jobId }: { jobId: string | null }) {
  const { t } = useTranslation();
  const board = useQuery('scan.board', { jobId }, { tables: boardTables });
  if (!board.data) return <ErrorText error={board.error} />;
  const b = board.data;
  return (
    <div data-board-ready={b.volumes}>
      <Kpis board={b} />
      <Wip board={b} />
      {b.scope === 'job' && !b.workedTimeAvailable && <p className="muted">{t('scan.board.noWorkedTime')}</p>}
      <Burndown board={b} />
      <h2>{t('scan.board.who')}</h2>
      <table className="table">
        <tbody>
          {b.active.map((a) => (
            <tr key={`${a.volumeCode}-${a.stepKey}`}>
              <td>{a.workerName}</td>
              <td>{a.volumeCode}</td>
              <td>{t(`scan.steps.${a.stepKey}`)}</td>
              <td>{formatDateTime(a.since)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobId && <VolumeList jobId={jobId} />}
    </div>
  );
}

export function BoardScreen() {
  const { t } = useTranslation();
  const jobId = useScanJob();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('scan.board.title')}</h1>
        <JobPicker />
        <button type="button" onClick={() => navigate('scan-board-all')}>
          {t('scan.allJobs')}
        </button>
      </header>
      <NoScanJob />
      {jobId && <Board key={jobId} jobId={jobId} />}
    </section>
  );
}

/** The cooperative-wide view: every scan job of the operator in one summary. */
export function BoardAllScreen() {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>
          {t('scan.board.title')}・{t('scan.allJobs')}
        </h1>
        <button type="button" onClick={() => navigate('scan-board')}>
          {t('scan.chooseJob')}
        </button>
      </header>
      <Board jobId={null} />
    </section>
  );
}
