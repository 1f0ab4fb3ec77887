// The next set-up step for a new operator, on every screen of those who can take it, until the basics exist:
// a site, a second staff account, a worker, a job. Gone once all are there (a demo operator never sees it).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcedureName } from '../../src-shared/api/contract';
import { mayCall } from '../../src-shared/api/access';
import { useQuery } from '../api/useQuery';
import { useAppStore } from '../app/store';

interface Item {
  key: 'sites' | 'staff' | 'workers' | 'jobs';
  route: string;
  done: boolean;
  saves: ProcedureName;
}

export function SetupGuide() {
  const { t } = useTranslation();
  const role = useAppStore((s) => s.me?.role);
  const navigate = useAppStore((s) => s.navigate);
  const titleId = useId();
  // Only people who can set something up are guided; the lists below are office reads.
  const guided = role === 'admin' || role === 'manager';
  const sites = useQuery('people.listSites', {}, { tables: ['sites'], enabled: guided });
  const staff = useQuery('people.listStaff', {}, { tables: ['staff'], enabled: guided });
  const workers = useQuery('people.listWorkers', { includeInactive: true }, { tables: ['workers'], enabled: guided });
  const jobs = useQuery('people.listJobs', { includeClosed: true }, { tables: ['jobs'], enabled: guided });
  if (!guided || !sites.data || !staff.data || !workers.data || !jobs.data) return null;
  const items: Item[] = [
    { key: 'sites', route: 'sites', done: sites.data.length > 0, saves: 'people.saveSite' },
    { key: 'staff', route: 'staff', done: staff.data.length > 1, saves: 'people.saveStaff' },
    { key: 'workers', route: 'people', done: workers.data.length > 0, saves: 'people.saveWorker' },
    { key: 'jobs', route: 'jobs', done: jobs.data.length > 0, saves: 'people.saveJob' },
  ];
  if (items.every((i) => i.done)) return null;
  return (
    <section className="card setup-guide" aria-labelledby={titleId}>
      <strong id={titleId}>{t('guide.title')}</strong>
      <ol>
        {items.map((i) => (
          <li key={i.key} className={i.done ? 'done' : ''}>
            {i.done ? `✓ ${t(`guide.${i.key}`)}` : t(`guide.${i.key}`)}
            {!i.done && mayCall(i.saves, role) && (
              <button type="button" onClick={() => navigate(i.route)}>
                {t('guide.go')}
              </button>
            )}
            {!i.done && !mayCall(i.saves, role) && <span className="muted"> {t('guide.askAdmin')}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
