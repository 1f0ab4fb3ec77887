// Printable routing slips: one per volume, with a QR code of the volume code a USB scanner reads at the station.
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { useScanJob } from './JobPicker';
import './scan.css';

function Slips({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const slips = useQuery('scan.slips', { jobId }, { tables: ['scanVolumes'] });
  if (!slips.data) return <ErrorText error={slips.error} />;
  return (
    <div className="slips">
      {slips.data.map((s) => (
        <div key={s.volumeId} className="slip" data-code={s.code}>
          {/* The SVG comes from the qrcode library in main, built from our own volume code only. */}
          <div className="qr" dangerouslySetInnerHTML={{ __html: s.qrSvg }} />
          <div>
            <div className="code">{s.code}</div>
            <div>{s.title}</div>
            <div className="muted">
              {s.shelfNo}・{t('scan.slips.pages', { count: s.expectedPages })}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}

export function SlipsScreen() {
  const { t } = useTranslation();
  const jobId = useScanJob();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <section className="screen">
      <header className="screen-header no-print">
        <h1>{t('scan.slips.title')}</h1>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('scan.slips.print')}
        </button>
        <button type="button" onClick={() => navigate('scan-setup')}>
          {t('scan.slips.back')}
        </button>
      </header>
      {jobId && <Slips jobId={jobId} />}
    </section>
  );
}
