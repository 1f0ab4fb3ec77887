// Make a batch from source files uploaded here or from a delivery folder on this machine.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { UploadProgress } from './UploadProgress';
import { uploadFiles } from './uploadFiles';

export function CreateBatchForm({ onDone }: { onDone(id: string | null): void }) {
  const { t } = useTranslation();
  const jobs = useQuery('people.listJobs', {});
  const templates = useQuery('entry.listTemplates', {});
  const [form, setForm] = useState({ jobId: '', templateId: '', code: '', name: '', doubleEntry: false, folder: '' });
  const [files, setFiles] = useState<File[]>([]);
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);
  const save = useAction(async () => {
    const uploads = await uploadFiles(files, (done, total) => setSent({ done, total }));
    const batch = await call('entry.createBatch', { ...form, folder: form.folder || undefined, uploads });
    onDone(batch.id);
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <ErrorText error={save.error} />
      <div className="row">
        <Field label={t('entry.batches.job')} path="jobId" error={save.error}>
          <select value={form.jobId} onChange={(e) => setForm({ ...form, jobId: e.target.value })}>
            <option value="" />
            {jobs.data?.filter((j) => j.kind === 'entry').map((j) => (
              <option key={j.id} value={j.id}>
                {j.code} {j.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('entry.batches.template')} path="templateId" error={save.error}>
          <select value={form.templateId} onChange={(e) => setForm({ ...form, templateId: e.target.value })}>
            <option value="" />
            {templates.data?.map((tp) => (
              <option key={tp.id} value={tp.id}>
                {tp.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="row">
        <Field label={t('entry.batches.code')} path="code" error={save.error}>
          <input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <Field label={t('entry.batches.name')} path="name" error={save.error}>
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.doubleEntry} onChange={(e) => setForm({ ...form, doubleEntry: e.target.checked })} />
        {t('entry.batches.doubleEntry')}
      </label>
      <Field label={t('entry.batches.files')}>
        <input type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,.svg,application/pdf,image/*" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
      </Field>
      {save.busy && sent && <UploadProgress done={sent.done} total={sent.total} />}
      <Field label={t('entry.batches.folder')} path="folder" error={save.error}>
        <input value={form.folder} onChange={(e) => setForm({ ...form, folder: e.target.value })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>
          {t('app.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
