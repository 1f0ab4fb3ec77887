// Local tables of the people feature (synced registry data).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ClientKind, SkillStage, TargetUnit } from '../../src-shared/people/rows';
import type { StaffRole, WorkerRole } from '../../src-shared/core/roles';
import { bool, registryColumns } from '../store/columns';

export const operators = sqliteTable('operators', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ...registryColumns,
});

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  operatorId: text('operator_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind').$type<'center' | 'office'>().notNull(),
  active: bool('active').notNull(),
  ...registryColumns,
});

export const workers = sqliteTable(
  'workers',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    code: text('code').notNull(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    familyNameKana: text('family_name_kana').notNull(),
    givenNameKana: text('given_name_kana').notNull(),
    role: text('role').$type<WorkerRole>().notNull(),
    homeSiteId: text('home_site_id'),
    skillIt: text('skill_it').$type<SkillStage>(),
    skillBusiness: text('skill_business').$type<SkillStage>(),
    invoiceNumber: text('invoice_number'),
    active: bool('active').notNull(),
    ...registryColumns,
  },
  // Not unique: two devices may both register a code offline; the rule refuses the second at HQ.
  (t) => [index('workers_code').on(t.code), index('workers_home_site').on(t.homeSiteId)],
);

export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    loginId: text('login_id').notNull(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    siteId: text('site_id'),
    active: bool('active').notNull(),
    ...registryColumns,
  },
  (t) => [index('staff_login').on(t.loginId)],
);

export const credentials = sqliteTable('credentials', {
  id: text('id').primaryKey(),
  operatorId: text('operator_id').notNull(),
  subjectType: text('subject_type').$type<'worker' | 'staff'>().notNull(),
  kind: text('kind').$type<'pin' | 'password'>().notNull(),
  hash: text('hash').notNull(),
  publicKey: text('public_key'),
  wrappedKey: text('wrapped_key'),
  siteId: text('site_id'),
  ...registryColumns,
});

export const clients = sqliteTable('clients', {
  id: text('id').primaryKey(),
  operatorId: text('operator_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').$type<ClientKind>().notNull(),
  active: bool('active').notNull(),
  ...registryColumns,
});

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    clientName: text('client_name').notNull(),
    clientId: text('client_id'),
    kind: text('kind').$type<'scan' | 'entry' | 'other'>().notNull(),
    restriction: text('restriction').$type<'center_only' | 'home_allowed'>().notNull(),
    status: text('status').$type<'active' | 'closed'>().notNull(),
    startDate: text('start_date'),
    dueDate: text('due_date'),
    target: integer('target'),
    targetUnit: text('target_unit').$type<TargetUnit>(),
    ...registryColumns,
  },
  (t) => [index('jobs_code').on(t.code)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id').notNull(),
    at: integer('at').notNull(),
    actorType: text('actor_type').$type<'staff' | 'worker' | 'device'>().notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetId: text('target_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    deviceId: text('device_id').notNull(),
    hlc: text('hlc').notNull(),
  },
  (t) => [index('audit_at').on(t.at)],
);
