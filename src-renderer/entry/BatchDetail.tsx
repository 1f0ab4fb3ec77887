// One batch for its leader: split into units, who keys what, progress per site and worker, export, agreement.
import { AddFilesForm } from './AddFilesForm';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressLine } from '../../src-shared/entry/contract';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { Cp932Choice } from '../ui/Cp932Choice';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { saveFile } from './download';
import { StatusBar } from './Progress';
import { SplitForm } from './SplitForm';
import { UnitActions } from './UnitActions';
import { AssignUnit } from './AssignUnit';

function ProgressTable({ title, lines }: { title: string; lines: ProgressLine[] }) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h2>{title}</h2>
      <table className="table">
        <tbody>
          {lines.map((l) => (
            <tr key={l.key}>
              <td>{l.name}</td>
              <td className="num">
                {l.units} {t('entry.batches.units')} / {l.pages} {t('entry.batches.pages')}
              </td>
              <td>
                <StatusBar counts={l.byStatus} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BatchDetailView({ batchId }: { batchId: string }) {
  const { t } = useTranslation();
  const detail = useQuery('entry.batchDetail', { batchId }, { tables: ['entryUnits', 'entryPages', 'entryBatches'] });
  const sites = useQuery('people.listSites', {});
  const workers = useQuery('people.listWorkers', {});
  const quality = useQuery('entry.quality', { batchId }, { tables: ['entryUnits', 'entryResolutions'] });
  const [acceptedOnly, setAcceptedOnly] = useState(true);
  const [warning, setWarning] = useState<string[]>([]);
  const [withheld, setWithheld] = useState(false);
  const exporter = useAction(async (format: 'csv' | 'csv-cp932' | 'xlsx' | 'json', acceptLoss?: boolean) => {
    const file = await call('entry.export', { batchId, format, acceptedOnly, acceptLoss: acceptLoss === true });
    setWarning(file.unencodable);
    // Shift_JIS that would lose characters: nothing is saved until the person has seen them and chosen.
    if (!file.withheld) saveFile(file);
    setWithheld(file.withheld === true);
  });
  if (detail.error) return <ErrorText error={detail.error} />;
  if (!detail.data) return <p className="muted">{t('app.loading')}</p>;
  const { batch, units, bySite, byWorker } = detail.data;
  return (
    <div className="entry-detail">
      <h2>
        {batch.code} {batch.name}
      </h2>
      <div className="card">
        <h2>{t('entry.batches.export')}</h2>
        <label className="checkbox">
          <input type="checkbox" checked={acceptedOnly} onChange={(e) => setAcceptedOnly(e.target.checked)} />
          {t('entry.batches.acceptedOnly')}
        </label>
        <div className="actions">
          <button type="button" onClick={() => void exporter.run('csv')}>{t('entry.batches.exportCsv')}</button>
          <button type="button" onClick={() => void exporter.run('csv-cp932')}>{t('entry.batches.exportCp932')}</button>
          <button type="button" onClick={() => void exporter.run('xlsx')}>{t('entry.batches.exportXlsx')}</button>
          <button type="button" onClick={() => void exporter.run('json')}>{t('entry.batches.exportJson')}</button>
        </div>
        {withheld && <Cp932Choice chars={warning} busy={exporter.busy} onSaveAnyway={() => void exporter.run('csv-cp932', true)} onSaveUtf8={() => void exporter.run('csv')} />}
        {!withheld && warning.length > 0 && (
          <div className="banner warning" role="alert">
            {t('entry.batches.cp932Warning', { chars: warning.join(' ') })}
          </div>
        )}
        <ErrorText error={exporter.error} />
      </div>
      <AddFilesForm batchId={batch.id} />
      {batch.unassignedPages > 0 && <SplitForm batchId={batch.id} doubleEntry={batch.doubleEntry} unassigned={batch.unassignedPages} />}
      <div className="row">
        <ProgressTable title={t('entry.batches.bySite')} lines={bySite} />
        <ProgressTable title={t('entry.batches.byWorker')} lines={byWorker} />
      </div>
      {quality.data && quality.data.byField.length > 0 && (
        <div className="card">
          <h2>{t('entry.batches.quality')}</h2>
          <div className="row">
            {(['byField', 'byWorker'] as const).map((k) => (
              <table key={k} className="table" style={{ flex: 1 }}>
                <thead>
                  <tr>
                    <th>{k === 'byField' ? t('entry.batches.field') : t('entry.batches.worker')}</th>
                    <th className="num">{t('entry.batches.compared')}</th>
                    <th className="num">{t('entry.batches.rate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {quality.data![k].map((l) => (
                    <tr key={l.key}>
                      <td>{l.name}</td>
                      <td className="num">{l.compared}</td>
                      <td className="num">{(l.rate * 100).toFixed(1)}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
        </div>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>{t('entry.batches.label')}</th>
            <th className="num">{t('entry.batches.pages')}</th>
            <th>{t('entry.batches.site')}</th>
            <th>{t('entry.batches.keyer1')}</th>
            <th>{t('entry.batches.keyer2')}</th>
            <th>{t('entry.batches.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.id}>
              <td>{u.label}</td>
              <td className="num">{u.pages}</td>
              <td>{u.siteName}</td>
              <td>{u.keyer1Name}</td>
              <td>{u.keyer2Name}</td>
              <td>
                {t(`entry.status.${u.status}`)}
                {u.note && <div className="muted">{u.note}</div>}
              </td>
              <td>
                <UnitActions unit={u} />
                <AssignUnit unit={u} sites={sites.data ?? []} workers={workers.data ?? []} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
