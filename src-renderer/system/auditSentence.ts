// The audit log in words (issue 13): each recorded action as a sentence a director reads without knowing the code's
// action names or JSON. An action this version does not know (a newer PC's) still shows, in a generic sentence.
import type { TFunction } from 'i18next';
import type { AuditView } from '../../src-shared/system/contract';
import { formatDateTime } from '../../src-shared/core/time';


const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The sentence for one audit row; `who` names the person the action was about (target), when known. */
export function auditSentence(t: TFunction, row: AuditView): string {
  const d = row.details;
  const target = row.targetName ?? '';
  const params: Record<string, string> = { target };
  for (const [k, v] of Object.entries(d)) params[k] = text(v);
  let key = row.action;
  if (row.action === 'auth.failed' || row.action === 'auth.lockedOut') {
    key = `${row.action}.${d.kind === 'pin' ? 'pin' : 'password'}`;
    params.who = text(d.kind === 'pin' ? d.code : d.loginId);
    if (typeof d.until === 'number') params.until = formatDateTime(d.until, true);
  } else if (row.action === 'system.settings') {
    const change = d.idleLockMinutes as { from?: unknown; to?: unknown } | undefined;
    params.from = text(change?.from);
    params.to = text(change?.to);
  } else if (row.action === 'people.saveStaff') {
    params.role = t(`people.roles.${text(d.role)}`);
  } else if (row.action === 'system.keyProtection') {
    params.mode = t(`system.audit.keyModes.${text(d.mode)}`, { defaultValue: text(d.mode) });
  } else if (row.action === 'auth.unlocked') {
    params.subject = t(`system.subjectTypes.${text(d.subjectType)}`, { defaultValue: '' });
  }
  // Action names hold dots (`auth.login`), which i18next reads as nesting: the catalog spells them with `_`.
  return t(`system.audit.actions.${key.replace(/\./g, '_')}`, { ...params, defaultValue: t('system.audit.unknown', { action: row.action }) });
}
