// Contradictions across a vehicle's logbook (every page and batch), each with the numbers that disagree and where
// they are on paper. Shared by the review screen (with the actions to settle them) and the report.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { issueMessage, refParams, type LogbookIssue, type TripRef } from '../../src-shared/entry/logbook-checks';

export function useRefText(): (ref: TripRef | null) => string {
  const { t } = useTranslation();
  return (ref) => t('entry.logbook.ref', refParams(ref));
}

export function LogbookIssues({ issues, actions, caption }: { issues: LogbookIssue[]; actions?: (issue: LogbookIssue) => ReactNode; caption: string }) {
  const { t } = useTranslation();
  const refText = useRefText();
  if (issues.length === 0) return <p className="muted">{t('entry.logbook.none')}</p>;
  return (
    <table className="table" aria-label={caption}>
      <thead>
        <tr>
          <th>{t('entry.logbook.state')}</th>
          <th>{t('entry.logbook.vehicle')}</th>
          <th>{t('entry.logbook.where')}</th>
          <th>{t('entry.logbook.issue')}</th>
          <th>{t('entry.logbook.note')}</th>
          {actions && <th />}
        </tr>
      </thead>
      <tbody>
        {issues.map((issue) => {
          const { key, params } = issueMessage(issue, refText);
          const id = `${issue.kind}|${refText(issue.trip.ref)}|${refText(issue.other?.ref ?? null)}`;
          return (
            <tr key={id} className={issue.settled ? undefined : 'entry-issue-open'}>
              <td>{t(`entry.logbook.states.${issue.trip.mark ?? 'open'}`)}</td>
              <td>{issue.vehicle}</td>
              <td>{refText(issue.trip.ref)}</td>
              <td>{t(key, params)}</td>
              <td>{issue.trip.markNote}</td>
              {actions && <td>{actions(issue)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
