// Delivery of one shipment: build the manifest from the delivery folder (names, SHA-256, counts against the
// city's list), download the ledger CSV, and record 納入 and 検収.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManifestResult } from '../../src-shared/scan/views';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { JobPicker, useScanJob } from './JobPicker';
import './scan.css';
import { formatDateTime } from '../../src-shared/core/time';

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Problems({ m }: { m: ManifestResult }) {
  const { t } = useTranslation();
  const clean = !m.badNames.length && !m.unknownVolumes.length && !m.mismatches.length;
  return (
    <div>
      <p>{t('scan.delivery.files', { files: m.fileCount, volumes: m.volumeCount })}</p>
      {clean && <p>{t('scan.delivery.ok')}</p>}
      {m.badNames.length > 0 && (
        <>
          <h3>{t('scan.delivery.badNames')}</h3>
          <ul>{m.badNames.map((n) => <li key={n}>{n}</li>)}</ul>
        </>
      )}
      {m.unknownVolumes.length > 0 && (
        <>
          <h3>{t('scan.delivery.unknownVolumes')}</h3>
          <p>{m.unknownVolumes.join('、')}</p>
        </>
      )}
      {m.mismatches.length > 0 && (
        <>
          <h3>{t('scan.delivery.mismatches')}</h3>
          <ul>
            {m.mismatches.map((x) => (
              <li key={x.volumeNo}>{t('scan.delivery.mismatch', { volume: x.volumeNo, expected: x.expected, found: x.found })}</li>
            ))}
          </ul>
        </>
      )}
      {m.missingVolumes.length > 0 && <p className="muted">{t('scan.delivery.missingVolumes', { count: m.missingVolumes.length })}</p>}
    </div>
  );
}

export function DeliveryScreen() {
  const { t } = useTranslation();
  const jobId = useScanJob();
  const [folder, setFolder] = useState('');
  const [shipmentNo, setShipmentNo] = useState('');
  const [manifest, setManifest] = useState<ManifestResult | null>(null);
  const deliveries = useQuery('scan.listDeliveries', { jobId: jobId ?? '' }, { tables: ['scanDeliveries'], enabled: !!jobId });
  const build = useAction(async () => {
    if (!jobId) return;
    setManifest(await call('scan.buildManifest', { jobId, folder, shipmentNo }));
  });
  const record = useAction(async (kind: 'delivered' | 'accepted') => {
    if (!jobId || !manifest) return;
    await call('scan.recordDelivery', { jobId, shipmentNo, kind, fileCount: manifest.fileCount, volumeCount: manifest.volumeCount, manifestSha256: manifest.manifestSha256 });
  });
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('scan.delivery.title')}</h1>
        <JobPicker />
      </header>
      <form
        className="card row"
        onSubmit={(e) => {
          e.preventDefault();
          void build.run();
        }}
      >
        <Field label={t('scan.delivery.folder')} path="folder" error={build.error}>
          <input value={folder} onChange={(e) => setFolder(e.target.value)} />
        </Field>
        <Field label={t('scan.delivery.shipmentNo')} path="shipmentNo" error={build.error}>
          <input value={shipmentNo} onChange={(e) => setShipmentNo(e.target.value)} />
        </Field>
        <button type="submit" className="primary" disabled={build.busy}>
          {t('scan.delivery.build')}
        </button>
      </form>
      <ErrorText error={build.error && !build.error.issues?.length ? build.error : null} />
      {manifest && (
        <section className="card">
          <Problems m={manifest} />
          <div className="actions">
            <button type="button" onClick={() => download(manifest.fileName, manifest.csv)}>
              {t('scan.delivery.download')}
            </button>
            <button type="button" onClick={() => void record.run('delivered')}>
              {t('scan.delivery.recordDelivered')}
            </button>
            <button type="button" onClick={() => void record.run('accepted')}>
              {t('scan.delivery.recordAccepted')}
            </button>
          </div>
          <ErrorText error={record.error} />
        </section>
      )}
      <h2>{t('scan.delivery.history')}</h2>
      <table className="table" aria-label={t('scan.delivery.history')}>
        <tbody>
          {deliveries.data?.map((d) => (
            <tr key={d.id}>
              <td>{d.shipmentNo}</td>
              <td>{t(`scan.delivery.kinds.${d.kind}`)}</td>
              <td className="num">{d.fileCount}</td>
              <td className="num">{d.volumeCount}</td>
              <td>{formatDateTime(d.at)}</td>
              <td>
                <code>{d.manifestSha256.slice(0, 12)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
