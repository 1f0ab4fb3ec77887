// More source files for a batch that exists (a city sends the rest of the logbooks later).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { UploadProgress } from './UploadProgress';
import { uploadFiles } from './uploadFiles';

export function AddFilesForm({ batchId }: { batchId: string }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<File[]>([]);
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);
  const [added, setAdded] = useState<number | null>(null);
  const add = useAction(async () => {
    setAdded(null);
    const uploads = await uploadFiles(files, (done, total) => setSent({ done, total }));
    await call('entry.addFiles', { batchId, uploads });
    setAdded(files.length);
    setFiles([]);
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void add.run();
      }}
    >
      <h2>{t('entry.batches.addFiles')}</h2>
      <ErrorText error={add.error} />
      <Field label={t('entry.batches.files')}>
        <input
          type="file"
          multiple
          data-testid="add-files-input"
          accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.svg,application/pdf,image/*"
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
      </Field>
      {add.busy && sent && <UploadProgress done={sent.done} total={sent.total} />}
      {added !== null && (
        <p className="notice" role="status">
          {t('entry.batches.filesAdded', { count: added })}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={add.busy || files.length === 0}>
          {t('entry.batches.addFilesButton')}
        </button>
      </div>
    </form>
  );
}
