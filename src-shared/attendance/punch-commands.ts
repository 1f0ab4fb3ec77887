// Punch commands: clock in, breaks, job switch, clock out. Each validates the transition against `presence`,
// appends one punch and puts the new presence — all in the command's one transaction.
import type { z } from 'zod';
import { defineCommand, type DecideContext, type Effect } from '../commands/define';
import { reject } from '../core/errors';
import { jstDate, jstMonth } from '../core/time';
import type { PresenceRow, PunchKind, PunchRow, RoomEntryRow } from './rows';
import { activeWorker, assertActsFor, assertJobUsable, assertMonthOpen, punchingRoles, readPresence } from './rules';
import { clockInInput, plainPunchInput, switchJobInput } from './schemas';
import { withFields } from '../core/objects';

interface PunchArgs {
  punchId: string;
  workerId: string;
  jobId: string | null;
  stepKey: string | null;
}

function validateTransition(kind: PunchKind, presence: PresenceRow | undefined, at: number, args: PunchArgs): void {
  const state = presence?.state ?? 'out';
  switch (kind) {
    case 'in':
      // Still "in" since an earlier JST day means a forgotten clock-out: the old session is flagged, not credited.
      if (state !== 'out' && presence && jstDate(presence.since) >= jstDate(at)) reject('attendance.errors.alreadyIn');
      return;
    case 'break_start':
      if (state !== 'working') reject(state === 'break' ? 'attendance.errors.alreadyOnBreak' : 'attendance.errors.notIn');
      return;
    case 'break_end':
      if (state !== 'break') reject('attendance.errors.notOnBreak');
      return;
    case 'switch':
      if (state !== 'working') reject(state === 'break' ? 'attendance.errors.onBreak' : 'attendance.errors.notIn');
      if (presence?.jobId === args.jobId && presence?.stepKey === args.stepKey) reject('attendance.errors.sameJob');
      return;
    case 'out':
      if (state === 'out') reject('attendance.errors.notIn');
      return;
  }
}

function nextPresence(kind: PunchKind, before: PresenceRow | undefined, punch: PunchRow): PresenceRow {
  const base: PresenceRow = before ?? {
    id: punch.workerId,
    operatorId: punch.operatorId,
    state: 'out',
    siteId: null,
    jobId: null,
    stepKey: null,
    since: 0,
    sessionStart: null,
    lastPunchId: null,
    hlc: punch.hlc,
  };
  const common = withFields(base, { since: punch.at, lastPunchId: punch.id, hlc: punch.hlc });
  switch (kind) {
    case 'in':
      return withFields(common, { state: 'working' as const, siteId: punch.siteId, jobId: punch.jobId, stepKey: punch.stepKey, sessionStart: punch.at });
    case 'break_start':
      return withFields(common, { state: 'break' as const });
    case 'break_end':
      return withFields(common, { state: 'working' as const });
    case 'switch':
      return withFields(common, { jobId: punch.jobId, stepKey: punch.stepKey });
    case 'out':
      return withFields(common, { state: 'out' as const, jobId: null, stepKey: null, sessionStart: null });
  }
}

function decidePunch(ctx: DecideContext, kind: PunchKind, args: PunchArgs, roomEntryId?: string): Effect[] {
  const { reader, actor, meta } = ctx;
  assertActsFor(actor, args.workerId);
  activeWorker(reader, args.workerId);
  const presence = readPresence(reader, args.workerId);
  // A punch never lands before the state it leaves, so a clock stepping back cannot make a negative interval;
  // the device's own time is kept unchanged in deviceTime.
  const at = Math.max(meta.deviceTime, presence?.since ?? 0);
  validateTransition(kind, presence, at, args);
  if (args.jobId && (kind === 'in' || kind === 'switch')) assertJobUsable(reader, meta, args.jobId);
  assertMonthOpen(reader, jstMonth(at));

  const keepsJob = kind === 'break_start' || kind === 'break_end' || kind === 'out';
  const punch: PunchRow = {
    id: args.punchId,
    operatorId: meta.operatorId,
    workerId: args.workerId,
    siteId: meta.siteId,
    deviceId: meta.deviceId,
    kind,
    jobId: keepsJob ? (presence?.jobId ?? null) : args.jobId,
    stepKey: keepsJob ? (presence?.stepKey ?? null) : args.stepKey,
    at,
    deviceTime: meta.deviceTime,
    hlc: meta.hlc,
    hqReceivedAt: meta.hqReceivedAt,
    clockOffsetMs: meta.clockOffsetMs,
    source: meta.siteId ? 'kiosk' : 'home',
    correctionId: null,
  };
  const effects: Effect[] = [
    { op: 'insert', table: 'punches', row: { ...punch } },
    { op: 'put', table: 'presence', row: { ...nextPresence(kind, presence, punch) } },
  ];
  if (kind === 'in' && meta.siteId && roomEntryId) {
    const entry: RoomEntryRow = {
      id: roomEntryId,
      operatorId: meta.operatorId,
      siteId: meta.siteId,
      workerId: args.workerId,
      at,
      punchId: punch.id,
      hlc: meta.hlc,
    };
    effects.push({ op: 'insert', table: 'roomEntries', row: { ...entry } });
  }
  return effects;
}

const plain = (input: z.output<typeof plainPunchInput>): PunchArgs => withFields(input, { jobId: null, stepKey: null });

export const clockIn = defineCommand({
  name: 'attendance.clockIn',
  input: clockInInput,
  roles: punchingRoles,
  decide: (ctx, input) => decidePunch(ctx, 'in', input, input.roomEntryId),
});

export const startBreak = defineCommand({
  name: 'attendance.startBreak',
  input: plainPunchInput,
  roles: punchingRoles,
  decide: (ctx, input) => decidePunch(ctx, 'break_start', plain(input)),
});

export const endBreak = defineCommand({
  name: 'attendance.endBreak',
  input: plainPunchInput,
  roles: punchingRoles,
  decide: (ctx, input) => decidePunch(ctx, 'break_end', plain(input)),
});

export const switchJob = defineCommand({
  name: 'attendance.switchJob',
  input: switchJobInput,
  roles: punchingRoles,
  decide: (ctx, input) => decidePunch(ctx, 'switch', input),
});

export const clockOut = defineCommand({
  name: 'attendance.clockOut',
  input: plainPunchInput,
  roles: punchingRoles,
  decide: (ctx, input) => decidePunch(ctx, 'out', plain(input)),
});

export const punchCommands = [clockIn, startBreak, endBreak, switchJob, clockOut];

/** Command name for each punch kind, for callers that pick the action at run time. */
export const punchCommandNames: Record<PunchKind, string> = {
  in: clockIn.name,
  break_start: startBreak.name,
  break_end: endBreak.name,
  switch: switchJob.name,
  out: clockOut.name,
};
