// HQ's own audit trail: who issued codes, enrolled, attached and revoked devices, and when. Written in the same
// transaction as the change it records, so an entry exists exactly when the change does. Codes themselves are
// never written here (only what they were for).
import { randomUUID } from 'node:crypto';
import type { HqAuditEntry } from '../../src-shared/sync/protocol';
import type { Queryable } from '../store/sql';

/** HQ-level actions (an operator code before any operator exists) are kept under this operator id. */
export const HQ_LEVEL = '';

export interface HqAuditInput {
  operatorId: string;
  at: number;
  action: HqAuditEntry['action'];
  /** `hq-staff` (admin token), `staff:<id>` (an operator admin on a device) or `device:<id>` (a code's user). */
  actor: string;
  target: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

export async function recordHqAudit(q: Queryable, e: HqAuditInput): Promise<void> {
  await q.run('INSERT INTO hq_audit (operator_id, id, at, action, actor, target, details, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    e.operatorId,
    randomUUID(),
    e.at,
    e.action,
    e.actor,
    e.target,
    e.details ? JSON.stringify(e.details) : null,
    e.requestId ?? null,
  ]);
}

export async function listHqAudit(q: Queryable, operatorId: string, limit = 200): Promise<HqAuditEntry[]> {
  const rows = await q.all<{ at: number; action: HqAuditEntry['action']; actor: string; target: string | null; details: string | null; request_id: string | null }>(
    'SELECT at, action, actor, target, details, request_id FROM hq_audit WHERE operator_id = ? ORDER BY at DESC, id LIMIT ?',
    [operatorId, limit],
  );
  return rows.map((r) => ({
    at: Number(r.at),
    action: r.action,
    actor: r.actor,
    target: r.target,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    requestId: r.request_id,
  }));
}
