// How far the files being imported have come, in MB and per cent.
import { useTranslation } from 'react-i18next';

export function UploadProgress({ done, total }: { done: number; total: number }) {
  const { t } = useTranslation();
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return (
    <div className="progress-block" aria-live="polite">
      <progress data-testid="upload-progress" max={Math.max(1, total)} value={done} />
      <p>{t('entry.batches.uploading', { done: mb(done), total: mb(total), percent: total ? Math.floor((done / total) * 100) : 100 })}</p>
    </div>
  );
}
