// Registry screens: sites, workers, staff and jobs.
import { z } from 'zod';
import { procedure } from '../api/define';
import { officeRoles, signedInRoles } from '../core/roles';
import { clientInput, jobInput, passwordDiffersFromLoginId, passwordIsLoginId, passwordSchema, pinSchema, siteInput, staffInput, workerInput, idSchema } from './schemas';
import type { ClientRow, JobRow, SiteRow, StaffRow, WorkerRow } from './rows';

export type WorkerView = Omit<WorkerRow, 'fieldHlc' | 'hlc'>;
export type SiteView = Omit<SiteRow, 'fieldHlc' | 'hlc'>;
export type StaffView = Omit<StaffRow, 'fieldHlc' | 'hlc'>;
export type JobView = Omit<JobRow, 'fieldHlc' | 'hlc'>;
export type ClientView = Omit<ClientRow, 'fieldHlc' | 'hlc'>;

export const peopleContract = {
  // Not for the anonymous kiosk: it sees name tiles only (kiosk.workers), never the registry.
  'people.listSites': procedure<SiteView[]>()({ input: z.object({}), access: signedInRoles }),
  'people.saveSite': procedure<SiteView>()({ input: siteInput, access: ['admin'] }),
  'people.listWorkers': procedure<WorkerView[]>()({
    input: z.object({ siteId: idSchema.nullable().optional(), includeInactive: z.boolean().optional() }),
    access: signedInRoles,
  }),
  'people.saveWorker': procedure<WorkerView>()({
    input: workerInput.extend({ pin: pinSchema.optional() }),
    access: ['admin', 'backoffice', 'manager'],
  }),
  'people.listStaff': procedure<StaffView[]>()({ input: z.object({}), access: officeRoles }),
  'people.saveStaff': procedure<StaffView>()({
    input: staffInput.extend({ password: passwordSchema.optional() }).refine(passwordDiffersFromLoginId, passwordIsLoginId),
    access: ['admin'],
  }),
  'people.listClients': procedure<ClientView[]>()({ input: z.object({}), access: officeRoles }),
  'people.saveClient': procedure<ClientView>()({ input: clientInput, access: ['admin', 'manager'] }),
  'people.listJobs': procedure<JobView[]>()({
    input: z.object({ includeClosed: z.boolean().optional() }),
    access: signedInRoles,
  }),
  'people.saveJob': procedure<JobView>()({ input: jobInput, access: ['admin', 'manager'] }),
};
