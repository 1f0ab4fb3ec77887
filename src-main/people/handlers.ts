// Registry screens: list and save sites, workers, staff and jobs, each save one command.
import { asc, eq } from 'drizzle-orm';
import type { FeatureHandlers } from '../api/handlers';
import { actorOf } from '../api/context';
import { hashSecret } from '../auth/secrets';
import { AppError } from '../../src-shared/core/errors';
import { newStaffSecret } from '../auth/staff-keys';
import { newId } from '../../src-shared/core/ids';
import { officeRoles } from '../../src-shared/core/roles';
import { clients, jobs, sites, staff, workers } from './schema';

function strip<T extends { hlc: string; fieldHlc: unknown }>(row: T): Omit<T, 'hlc' | 'fieldHlc'> {
  const { hlc: _hlc, fieldHlc: _fieldHlc, ...rest } = row;
  return rest;
}

export const peopleHandlers: FeatureHandlers<'people.'> = {
  'people.listSites': (_input, { services }) =>
    services.store.db.select().from(sites).orderBy(asc(sites.code)).all().map(strip),
  'people.saveSite': (input, ctx) => {
    ctx.services.bus.execute('people.upsertSite', input, actorOf(ctx));
    return strip(ctx.services.store.db.select().from(sites).where(eq(sites.id, input.id)).get()!);
  },
  'people.listWorkers': (input, { services, role, session }) => {
    const rows = services.store.db.select().from(workers).orderBy(asc(workers.code)).all();
    // An invoice number is a worker's tax registration: the office and the worker see it, fellow workers do not.
    const office = role !== null && officeRoles.includes(role);
    return rows
      .filter((w) => input.includeInactive || w.active)
      .filter((w) => !input.siteId || w.homeSiteId === input.siteId)
      .map((w) => (office || w.id === session?.workerId ? w : { ...w, invoiceNumber: null }))
      .map(strip);
  },
  'people.saveWorker': (input, ctx) => {
    const { pin, ...worker } = input;
    const actor = actorOf(ctx);
    const items: { name: string; input: unknown; actor: typeof actor }[] = [
      { name: 'people.upsertWorker', input: { ...worker, code: worker.code.toUpperCase() }, actor },
    ];
    if (pin) {
      items.push({ name: 'people.setCredential', input: { id: worker.id, subjectType: 'worker', kind: 'pin', hash: hashSecret(pin) }, actor });
    }
    ctx.services.bus.executeAll(items);
    return strip(ctx.services.store.db.select().from(workers).where(eq(workers.id, input.id)).get()!);
  },
  'people.listStaff': (_input, { services }) =>
    services.store.db.select().from(staff).orderBy(asc(staff.loginId)).all().map(strip),
  'people.saveStaff': (input, ctx) => {
    const { password, ...person } = input;
    // A new account without a password is one nobody can sign in to: refused like any other missing field.
    const existing = ctx.services.store.db.select({ id: staff.id }).from(staff).where(eq(staff.id, person.id)).get();
    if (!existing && !password) {
      throw new AppError('invalid_input', 'errors.invalidInput', undefined, [{ path: 'password', messageKey: 'validation.passwordRequired' }]);
    }
    // The last active administrator may not demote or deactivate themselves (or be): nobody could set up anything after.
    if (existing && (person.role !== 'admin' || !person.active)) {
      const admins = ctx.services.store.db.select({ id: staff.id, active: staff.active }).from(staff).where(eq(staff.role, 'admin')).all();
      if (!admins.some((a) => a.active && a.id !== person.id) && admins.some((a) => a.id === person.id && a.active)) {
        throw new AppError('invalid_input', 'errors.people.lastAdmin', undefined, [{ path: 'role', messageKey: 'errors.people.lastAdmin' }]);
      }
    }
    const actor = actorOf(ctx);
    const items: { name: string; input: unknown; actor: typeof actor }[] = [{ name: 'people.upsertStaff', input: person, actor }];
    items.push({ name: 'audit.record', input: { id: newId(), action: 'people.saveStaff', targetId: person.id, details: { role: person.role } }, actor });
    // A new password makes a new key pair (rotation, decision 0072). Last in the batch: HQ checks every later
    // command of a person changing their own password against the new key.
    const secret = password ? newStaffSecret(password) : null;
    if (secret) {
      items.push({
        name: 'people.setCredential',
        input: { id: person.id, subjectType: 'staff', kind: 'password', hash: secret.hash, publicKey: secret.publicKey, wrappedKey: secret.wrappedKey },
        actor,
      });
    }
    ctx.services.bus.executeAll(items);
    if (secret && ctx.session && ctx.session.staffId === person.id) ctx.session.signingKey = secret.privateKey;
    return strip(ctx.services.store.db.select().from(staff).where(eq(staff.id, input.id)).get()!);
  },
  'people.listClients': (_input, { services }) =>
    services.store.db.select().from(clients).orderBy(asc(clients.name)).all().map(strip),
  'people.saveClient': (input, ctx) => {
    ctx.services.bus.execute('people.upsertClient', input, actorOf(ctx));
    return strip(ctx.services.store.db.select().from(clients).where(eq(clients.id, input.id)).get()!);
  },
  'people.listJobs': (input, { services }) =>
    services.store.db
      .select()
      .from(jobs)
      .orderBy(asc(jobs.code))
      .all()
      .filter((j) => input.includeClosed || j.status === 'active')
      .map(strip),
  'people.saveJob': (input, ctx) => {
    ctx.services.bus.execute('people.upsertJob', input, actorOf(ctx));
    return strip(ctx.services.store.db.select().from(jobs).where(eq(jobs.id, input.id)).get()!);
  },
};
