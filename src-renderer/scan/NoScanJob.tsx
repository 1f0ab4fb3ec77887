// What the scan screens say on an operator without a scan job yet: make one first, with the way there.
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { useCan } from '../app/useCan';
import { EmptyState } from '../ui/EmptyState';

export function NoScanJob() {
  const { t } = useTranslation();
  const jobs = useQuery('scan.listJobs', {}, { tables: ['jobs', 'scanVolumes'] });
  const navigate = useAppStore((s) => s.navigate);
  const canCreate = useCan('people.saveJob');
  if (!jobs.data || jobs.data.length > 0) return null;
  return (
    <EmptyState
      message={canCreate ? t('scan.noJob') : t('scan.noJobAsk')}
      action={canCreate ? { label: t('jobs.add'), run: () => navigate('jobs') } : undefined}
    />
  );
}
