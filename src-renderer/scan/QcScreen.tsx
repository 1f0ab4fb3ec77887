// QC by sample: for each volume at QC, the pages to check (more for newer workers and after defects), pass or
// defect per page, and "send back with a note" for a page or the whole volume. Each page's history on demand.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defectTypes, type DefectType } from '../../src-shared/scan/qc-sampling';
import type { QcQueueItem } from '../../src-shared/scan/views';
import { stepKeys, type StepKey } from '../../src-shared/scan/workflow';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { useStableOrder } from '../ui/useStableOrder';
import { eventDetails } from './event-text';
import { ImageCheckPanel } from './ImageCheckPanel';
import { JobPicker, useScanJob } from './JobPicker';
import './scan.css';
import { formatDateTime } from '../../src-shared/core/time';

const earlierThanQc = stepKeys.slice(0, stepKeys.indexOf('qc'));

function PageHistory({ pageId }: { pageId: string }) {
  const { t } = useTranslation();
  const history = useQuery('scan.pageHistory', { pageId }, { tables: ['scanEvents', 'scanTiles'] });
  return (
    <table className="table" aria-label={t('scan.qc.history')}>
      <tbody>
        {history.data?.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at)}</td>
            <td>{t(`scan.events.${e.kind}`)}</td>
            <td>{e.stepKey ? t(`scan.steps.${e.stepKey}`) : ''}</td>
            <td>{e.who}</td>
            <td>{eventDetails(t, e)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QcVolume({ item }: { item: QcQueueItem }) {
  const { t } = useTranslation();
  const [defect, setDefect] = useState<DefectType>('blur');
  const [note, setNote] = useState('');
  const [toStep, setToStep] = useState<StepKey>('scan');
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // A defect raises the rate and enlarges the sample: new pages join at the end, no row moves under the pointer.
  const sample = useStableOrder(item.sample, (p) => p.pageId);
  const grown = sample.added;
  const act = useAction(async (fn: () => Promise<unknown>, message: string) => {
    setDone(null);
    await fn();
    setDone(message);
  });
  return (
    <article className="card" aria-label={item.code}>
      <h2>
        {item.code} {item.title}
      </h2>
      <p className="muted">
        {t('scan.qc.rate', { rate: Math.round(item.rate * 100), worker: item.checkedWorkerName ?? '—', stage: item.stage ?? '—', defects: item.recentDefects })}
      </p>
      <div className="row">
        <Field label={t('scan.qc.defectType')}>
          <select value={defect} onChange={(e) => setDefect(e.target.value as DefectType)}>
            {defectTypes.map((d) => (
              <option key={d} value={d}>
                {t(`scan.defects.${d}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('scan.qc.note')}>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <Field label={t('scan.qc.toStep')}>
          <select value={toStep} onChange={(e) => setToStep(e.target.value as StepKey)}>
            {earlierThanQc.map((s) => (
              <option key={s} value={s}>
                {t(`scan.steps.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <h3>{t('scan.qc.sample')}</h3>
      {grown.size > 0 && (
        <p className="warning" role="note">
          {t('scan.qc.sampleGrew', { count: grown.size })}
        </p>
      )}
      <table className="table">
        <tbody>
          {sample.items.map((p) => (
            <tr key={p.pageId} aria-label={t('scan.qc.page', { page: p.pageNo })} className={grown.has(p.pageId) ? 'added' : undefined}>
              <th scope="row">
                {t('scan.qc.page', { page: p.pageNo })}
                {grown.has(p.pageId) && <span className="badge">{t('scan.qc.addedToSample')}</span>}
              </th>
              <td>{p.result ? t(`scan.qc.${p.result}`) : ''}</td>
              <td className="actions">
                <button type="button" onClick={() => void act.run(() => call('scan.recordQc', { volumeId: item.volumeId, pageId: p.pageId, result: 'pass', defectType: null }), t('scan.qc.recorded'))}>
                  {t('scan.qc.pass')}
                </button>
                <button
                  type="button"
                  onClick={() => void act.run(() => call('scan.recordQc', { volumeId: item.volumeId, pageId: p.pageId, result: 'fail', defectType: defect, ...(note ? { note } : {}) }), t('scan.qc.recorded'))}
                >
                  {t('scan.qc.fail')}
                </button>
                <button type="button" onClick={() => void act.run(() => call('scan.sendBack', { volumeId: item.volumeId, pageId: p.pageId, toStep, note }), t('scan.qc.recorded'))}>
                  {t('scan.qc.sendBackPage')}
                </button>
                <button type="button" onClick={() => setHistoryOf(historyOf === p.pageId ? null : p.pageId)}>
                  {t('scan.qc.history')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {historyOf && <PageHistory pageId={historyOf} />}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void act.run(() => call('scan.recordQc', { volumeId: item.volumeId, pageId: null, result: 'pass', defectType: null }), t('scan.qc.recorded'))}>
          {t('scan.qc.volumePass')}
        </button>
        <button type="button" onClick={() => void act.run(() => call('scan.sendBack', { volumeId: item.volumeId, pageId: null, toStep, note }), t('scan.qc.recorded'))}>
          {t('scan.qc.sendBackVolume')}
        </button>
      </div>
      <ErrorText error={act.error} />
      {done && <p role="status">{done}</p>}
    </article>
  );
}

export function QcScreen() {
  const { t } = useTranslation();
  const jobId = useScanJob();
  const queue = useQuery('scan.qcQueue', { jobId: jobId ?? '' }, { tables: ['scanVolumeStates', 'scanQcResults', 'scanPages'], enabled: !!jobId });
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('scan.qc.title')}</h1>
        <JobPicker />
      </header>
      <ErrorText error={queue.error} />
      <h2>{t('scan.qc.queue')}</h2>
      {queue.data?.length === 0 && <p className="muted">{t('scan.qc.empty')}</p>}
      {queue.data?.map((item) => <QcVolume key={item.volumeId} item={item} />)}
      {jobId && <ImageCheckPanel jobId={jobId} />}
    </section>
  );
}
