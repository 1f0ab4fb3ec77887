// Picks the scan job the screen works on; the first job is chosen when none is yet.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { Field } from '../ui/Field';
import { useScanStore } from './store';

export function useScanJob(): string | null {
  const jobs = useQuery('scan.listJobs', {}, { tables: ['jobs', 'scanVolumes'] });
  const jobId = useScanStore((s) => s.jobId);
  const setJobId = useScanStore((s) => s.setJobId);
  useEffect(() => {
    // No job yet, or a remembered one that is gone (other data folder, job removed): take the first.
    if (jobs.data?.[0] && (!jobId || !jobs.data.some((j) => j.id === jobId))) setJobId(jobs.data[0].id);
  }, [jobId, jobs.data, setJobId]);
  return jobId;
}

export function JobPicker() {
  const { t } = useTranslation();
  const jobs = useQuery('scan.listJobs', {}, { tables: ['jobs', 'scanVolumes'] });
  const jobId = useScanStore((s) => s.jobId);
  const setJobId = useScanStore((s) => s.setJobId);
  return (
    <Field label={t('scan.job')}>
      <select value={jobId ?? ''} onChange={(e) => setJobId(e.target.value || null)}>
        {!jobId && <option value="">{t('scan.chooseJob')}</option>}
        {jobs.data?.map((j) => (
          <option key={j.id} value={j.id}>
            {j.code} {j.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
