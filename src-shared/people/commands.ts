// Registry commands: the organization, its sites, people, credentials and jobs.
import { z } from 'zod';
import { reject } from '../core/errors';
import { defineCommand, type Effect } from '../commands/define';
import { clientInput, idSchema, jobInput, siteInput, staffInput, workerInput } from './schemas';
import type { ClientRow, CredentialRow, StaffRow, WorkerRow } from './rows';

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
    const effects = [patch('workers', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
    // The PIN follows the worker to a new home site (it travels only there, docs/decisions/0073).
    const pin = reader.get<CredentialRow>('credentials', input.id);
    if (pin && (pin.siteId ?? null) !== input.homeSiteId) effects.push(patch('credentials', input.id, { siteId: input.homeSiteId }, meta.hlc));
    return effects;
  },
});

export const upsertStaff = defineCommand({
  name: 'people.upsertStaff',
  input: staffInput,
  roles: ['admin'],
  decide({ reader, meta }, input) {
    const same = reader.find<StaffRow>('staff', { loginId: input.loginId });
    if (same.some((s) => s.id !== input.id)) reject('errors.people.loginIdTaken', { loginId: input.loginId });
    const effects = [patch('staff', input.id, { ...input, operatorId: meta.operatorId }, meta.hlc)];
    // The password follows the staff member to the site they now sign in at (docs/decisions/0119).
    const password = reader.get<CredentialRow>('credentials', input.id);
    if (password && (password.siteId ?? null) !== input.siteId) effects.push(patch('credentials', input.id, { siteId: input.siteId }, meta.hlc));
    return effects;
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
    /** Staff only: the signing key pair made with this password (docs/decisions/0072), public half … */
    publicKey: z.string().min(20).max(100).optional(),
    /** … and private half wrapped by a key derived from the password. Both or neither. */
    wrappedKey: z.string().min(20).max(1000).optional(),
  }),
  roles: ['admin', 'backoffice', 'manager', 'director', 'leader', 'worker'],
  decide({ reader, actor, meta }, input) {
    const table = input.subjectType === 'worker' ? 'workers' : 'staff';
    const subject = reader.get(table, input.id);
    if (!subject) reject('errors.notFound');
    if (!input.publicKey !== !input.wrappedKey || (input.publicKey && input.subjectType !== 'staff')) reject('errors.invalidInput');
    // People may change their own secret. A worker's PIN is set by office roles; a staff password (and with it the
    // key that proves who acts) only by an admin — a manager must not be able to take over the admin's key.
    const self = input.subjectType === 'worker' ? actor.workerId === input.id : actor.staffId === input.id;
    const setters = input.subjectType === 'worker' ? ['admin', 'backoffice', 'manager'] : ['admin'];
    if (!self && !(actor.staffId && setters.includes(actor.role))) reject('errors.forbidden');
    // A PIN travels to its worker's home site only (docs/decisions/0073), a password to its staff member's site
    // (null: the whole operator, docs/decisions/0119): the row names that site.
    const siteId = input.subjectType === 'worker' ? ((subject as unknown as WorkerRow).homeSiteId ?? null) : ((subject as unknown as StaffRow).siteId ?? null);
    const fields = { publicKey: null, wrappedKey: null, ...input, siteId, operatorId: meta.operatorId };
    return [patch('credentials', input.id, fields, meta.hlc)];
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
