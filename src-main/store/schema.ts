// Every local table, for drizzle-kit and for the generic effect applier. Features add their schema here.
export * from './local-schema';
export * from '../people/schema';
export * from '../entry/schema';
export * from '../scan/schema';
export * from '../attendance/schema';
export * from '../sync/schema';
export * from '../files/schema';
