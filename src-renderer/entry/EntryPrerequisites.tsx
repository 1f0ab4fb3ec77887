// A batch needs an entry job and a template: on an operator without them, say which is missing and lead there.
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';
import { useCan } from '../app/useCan';
import { EmptyState } from '../ui/EmptyState';

export function EntryPrerequisites() {
  const { t } = useTranslation();
  const jobs = useQuery('people.listJobs', {}, { tables: ['jobs'] });
  const templates = useQuery('entry.listTemplates', {}, { tables: ['entryTemplates'] });
  const navigate = useAppStore((s) => s.navigate);
  const canJob = useCan('people.saveJob');
  const canTemplate = useCan('entry.saveTemplate');
  if (!jobs.data || !templates.data) return null;
  if (!jobs.data.some((j) => j.kind === 'entry')) {
    return (
      <EmptyState
        message={canJob ? t('entry.batches.needJob') : t('entry.batches.needJobAsk')}
        action={canJob ? { label: t('jobs.add'), run: () => navigate('jobs') } : undefined}
      />
    );
  }
  if (templates.data.length === 0) {
    return (
      <EmptyState
        message={canTemplate ? t('entry.batches.needTemplate') : t('entry.batches.needTemplateAsk')}
        action={canTemplate ? { label: t('entry.templates.new'), run: () => navigate('entry/templates') } : undefined}
      />
    );
  }
  return null;
}
