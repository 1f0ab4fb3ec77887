// HQ's audit trail of this operator, as HQ recorded it: who issued codes, which devices joined, who revoked which.
import { useTranslation } from 'react-i18next';
import type { HqAuditEntry } from '../../src-shared/sync/protocol';

export function HqAuditList({ entries, staffNames, when }: { entries: HqAuditEntry[]; staffNames: Map<string, string>; when: (ms: number) => string }) {
  const { t } = useTranslation();
  const who = (actor: string): string => {
    if (actor === 'hq-staff') return t('sync.admin.audit.actors.hqStaff');
    const [kind, id = ''] = actor.split(':');
    if (kind === 'staff') return t('sync.admin.audit.actors.staff', { name: staffNames.get(id) ?? id.slice(-8) });
    return t('sync.admin.audit.actors.device', { id: id.slice(-8) });
  };
  return (
    <>
      <h3>{t('sync.admin.audit.title')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('sync.admin.audit.empty')}</p>
      ) : (
        <table aria-label={t('sync.admin.audit.title')}>
          <thead>
            <tr>
              <th>{t('sync.admin.audit.when')}</th>
              <th>{t('sync.admin.audit.action')}</th>
              <th>{t('sync.admin.audit.actor')}</th>
              <th>{t('sync.admin.audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{when(e.at)}</td>
                {/* Catalog keys cannot hold dots (they are paths): operator.attached → operator_attached. */}
                <td>{t(`sync.admin.audit.actions.${e.action.replace('.', '_')}`)}</td>
                <td>{who(e.actor)}</td>
                <td>{e.target ? <code>{e.target.slice(-8)}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
