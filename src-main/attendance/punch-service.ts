// Turns a person's punch request (kiosk or home) into the matching command, with ids made here on the device.
import type { z } from 'zod';
import type { PunchResult } from '../../src-shared/attendance/contract';
import { punchCommandNames } from '../../src-shared/attendance/punch-commands';
import type { punchRequestSchema } from '../../src-shared/attendance/schemas';
import type { PresenceRow, PunchRow } from '../../src-shared/attendance/rows';
import type { CommandActor } from '../../src-shared/commands/define';
import { AppError } from '../../src-shared/core/errors';
import { newId } from '../../src-shared/core/ids';
import type { AppServices } from '../api/context';
import { createLocalReader } from '../store/effects';
import { presenceView } from './punch-store';

export type PunchRequest = z.output<typeof punchRequestSchema>;

function commandInput(workerId: string, request: PunchRequest): Record<string, unknown> {
  const punchId = newId();
  switch (request.action) {
    case 'in':
      return { punchId, workerId, roomEntryId: newId(), jobId: request.jobId ?? null, stepKey: request.stepKey ?? null };
    case 'switch':
      if (!request.jobId) {
        throw new AppError('invalid_input', 'errors.invalidInput', undefined, [{ path: 'jobId', messageKey: 'validation.required' }]);
      }
      return { punchId, workerId, jobId: request.jobId, stepKey: request.stepKey ?? null };
    default:
      return { punchId, workerId };
  }
}

export function runPunch(services: AppServices, actor: CommandActor, workerId: string, request: PunchRequest): PunchResult {
  const input = commandInput(workerId, request);
  const { effects } = services.bus.execute(punchCommandNames[request.action], input, actor);
  // The command's own effects already hold the saved punch and presence: no need to read them back.
  const punch = effects.find((e) => e.op === 'insert' && e.table === 'punches') as { row: PunchRow } | undefined;
  const state = effects.find((e) => e.op === 'put' && e.table === 'presence') as { row: PresenceRow } | undefined;
  if (!punch || !state) throw new Error('punch command produced no punch');
  // The prepared rule reader: a query built per punch cost as much as the punch's own statements.
  const worker = createLocalReader(services.store.db).get<{ id: string; familyName: string; givenName: string }>('workers', workerId)!;
  return {
    punchId: punch.row.id,
    kind: punch.row.kind,
    at: punch.row.at,
    displayName: `${worker.familyName} ${worker.givenName}`,
    presence: presenceView(state.row, services.clock.now()),
  };
}
