// Looks up display names for ids shown on attendance screens and exports.
import { jobs, sites, staff, workers } from '../people/schema';
import type { Store } from '../store/open';

export interface Names {
  worker(id: string | null): string | null;
  person(id: string | null): string | null;
  job(id: string | null): { code: string; name: string } | null;
  site(id: string | null): string | null;
  workers: (typeof workers.$inferSelect)[];
  jobs: (typeof jobs.$inferSelect)[];
  sites: (typeof sites.$inferSelect)[];
}

export function loadNames(store: Store): Names {
  const { db } = store;
  const workerRows = db.select().from(workers).all();
  const staffRows = db.select().from(staff).all();
  const jobRows = db.select().from(jobs).all();
  const siteRows = db.select().from(sites).all();
  const w = new Map(workerRows.map((r) => [r.id, `${r.familyName} ${r.givenName}`]));
  const s = new Map(staffRows.map((r) => [r.id, `${r.familyName} ${r.givenName}`]));
  const j = new Map(jobRows.map((r) => [r.id, { code: r.code, name: r.name }]));
  const si = new Map(siteRows.map((r) => [r.id, r.name]));
  return {
    worker: (id) => (id ? (w.get(id) ?? null) : null),
    person: (id) => (id ? (w.get(id) ?? s.get(id) ?? null) : null),
    job: (id) => (id ? (j.get(id) ?? null) : null),
    site: (id) => (id ? (si.get(id) ?? null) : null),
    workers: workerRows,
    jobs: jobRows,
    sites: siteRows,
  };
}
