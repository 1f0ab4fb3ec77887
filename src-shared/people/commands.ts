// Registry commands: the organization, its sites, people, credentials and jobs.
import { z } from 'zod';
import { reject } from '../core/errors';
import { defineCommand, type Effect } from '../commands/define';
import { clientInput, idSchema, jobInput, siteInput, staffInput, workerInput } from './schemas';
import type { ClientRow, StaffRow, WorkerRow } from './rows';

const officeAdmins = ['admin', 'backoffice', 'manager'] as const;

function patch(table: string, id: string, fields: Record<string, unknown>, hlc: string): Effect {
  return { op: 'patch', table, id, fields, hlc };
}

export const createOperator = defineCommand({
  name: 'people.createOperator',
  input: z.object({ id: idSchema, name: z.string().trim().min(1).max(100) }),
  roles: ['admin'],
  decide({ reader, meta }, input) {
    if (reader.get('operators', input.id)) reject('errors.people.operatorExists');
    return [patch('operators', input.id, { name: input.name }, meta.hlc)];
  },
});

export const upsertSite = defineCommand({
  name: 'people.upsertSite',
  input: siteInput,
  roles: ['admin'],
  decide({ meta }, input) {
    return [patch('sites', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
  },
});

export const upsertWorker = defineCommand({
  name: 'people.upsertWorker',
  input: workerInput,
  roles: officeAdmins,
  decide({ reader, meta }, input) {
    const sameCode = reader.find<WorkerRow>('workers', { code: input.code });
    if (sameCode.some((w) => w.id !== input.id)) reject('errors.people.workerCodeTaken', { code: input.code });
    return [patch('workers', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
  },
});

export const upsertStaff = defineCommand({
  name: 'people.upsertStaff',
  input: staffInput,
  roles: ['admin'],
  decide({ reader, meta }, input) {
    const same = reader.find<StaffRow>('staff', { loginId: input.loginId });
    if (same.some((s) => s.id !== input.id)) reject('errors.people.loginIdTaken', { loginId: input.loginId });
    return [patch('staff', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
  },
});

export const setCredential = defineCommand({
  name: 'people.setCredential',
  input: z.object({
    id: idSchema,
    subjectType: z.enum(['worker', 'staff']),
    kind: z.enum(['pin', 'password']),
    /** scrypt hash made on the device; the secret itself never leaves it. */
    hash: z.string().min(20).max(400),
  }),
  roles: ['admin', 'backoffice', 'manager', 'director', 'leader', 'worker'],
  decide({ reader, actor, meta }, input) {
    const table = input.subjectType === 'worker' ? 'workers' : 'staff';
    if (!reader.get(table, input.id)) reject('errors.notFound');
    // People may change their own secret; only office roles set someone else's.
    const self = actor.workerId === input.id || actor.staffId === input.id;
    if (!self && !['admin', 'backoffice', 'manager'].includes(actor.role)) reject('errors.forbidden');
    return [patch('credentials', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
  },
});

export const upsertClient = defineCommand({
  name: 'people.upsertClient',
  input: clientInput,
  roles: ['admin', 'manager'],
  decide({ meta }, input) {
    return [patch('clients', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
  },
});

export const upsertJob = defineCommand({
  name: 'people.upsertJob',
  input: jobInput,
  roles: ['admin', 'manager'],
  decide({ reader, meta }, input) {
    const same = reader.find('jobs', { code: input.code });
    if (same.some((j) => j.id !== input.id)) reject('errors.people.jobCodeTaken', { code: input.code });
    // A target without its unit (or a unit without a number) says nothing; both or neither.
    if ((input.target ?? null) === null !== ((input.targetUnit ?? null) === null)) reject('errors.people.targetUnitMissing');
    const fields: Record<string, unknown> = { ...input, operatorId: meta.operatorId };
    if (input.clientId) {
      const client = reader.get<ClientRow>('clients', input.clientId);
      if (!client) reject('errors.people.clientNotFound');
      // The name travels with the job, so lists and exports read it without the client row.
      fields.clientName = client.name;
    }
    return [patch('jobs', input.id, fields, meta.hlc)];
  },
});

export const recordAudit = defineCommand({
  name: 'audit.record',
  input: z.object({
    id: idSchema,
    action: z.string().min(1).max(60),
    targetId: z.string().max(60).nullable(),
    details: z.record(z.string(), z.unknown()),
  }),
  roles: ['admin', 'backoffice', 'manager', 'director', 'leader', 'worker', 'kiosk'],
  decide({ actor, meta }, input) {
    const actorType = actor.staffId ? 'staff' : actor.workerId ? 'worker' : 'device';
    return [
      {
        op: 'insert',
        table: 'auditLog',
        row: {
          id: input.id,
          operatorId: meta.operatorId,
          at: meta.deviceTime,
          actorType,
          actorId: actor.staffId ?? actor.workerId,
          action: input.action,
          targetId: input.targetId,
          details: input.details,
          deviceId: meta.deviceId,
          hlc: meta.hlc,
        },
      },
    ];
  },
});

export const peopleCommands = [createOperator, upsertSite, upsertWorker, upsertStaff, setCredential, upsertClient, upsertJob, recordAudit];
