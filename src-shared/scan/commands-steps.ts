// Workflow commands at the station: start and complete a step, capture tiles, move the originals, QC, send back,
// rework, delivery. Each is an append-only event plus a state row the rule has just validated.
import { defineCommand, type CommandActor, type CommandMeta, type Effect } from '../commands/define';
import { reject } from '../core/errors';
import { missingTiles, tileInGrid } from './composites';
import { eventTime, loadVolume, must, scanJob, stepActor, volumeFacts, workflowOf } from './facts';
import type { ScanDeliveryRow, ScanEventKind, ScanEventRow, ScanPageRow, ScanTileRow, ScanVolumeStateRow } from './rows';
import { captureTilesInput, deliveryInput, originalsInput, qcInput, reworkInput, sendBackInput, stepInput } from './schemas';
import { canComplete, canSendBack, canStart, mayWorkOn, nextStep, stepDef, stepIndex } from './workflow';
import { floorRoles, setupRoles } from './commands-setup';
import { withFields } from '../core/objects';

interface EventArgs {
  id: string;
  state: ScanVolumeStateRow;
  kind: ScanEventKind;
  stepKey: string | null;
  pageId?: string | null;
  fields?: Record<string, string>;
  note?: string | null | undefined;
  pages?: number;
  time: { at: number; day: string };
}

function event(meta: CommandMeta, actor: CommandActor, workerId: string | null, a: EventArgs): Effect {
  const row: ScanEventRow = {
    id: a.id,
    operatorId: meta.operatorId,
    jobId: a.state.jobId,
    volumeId: a.state.id,
    pageId: a.pageId ?? null,
    kind: a.kind,
    stepKey: a.stepKey,
    workerId,
    staffId: actor.staffId,
    at: a.time.at,
    recordedAt: meta.deviceTime,
    day: a.time.day,
    pages: a.pages ?? 0,
    fields: a.fields ?? {},
    note: a.note ?? null,
    deviceId: meta.deviceId,
    hlc: meta.hlc,
  };
  return { op: 'insert', table: 'scanEvents', row: { ...row } };
}

function putState(state: ScanVolumeStateRow, changes: Partial<ScanVolumeStateRow>, at: number, hlc: string): Effect {
  // Object.assign, not spread: see withFields.
  const row: ScanVolumeStateRow = Object.assign({}, state, changes, { updatedAt: at, hlc });
  return { op: 'put', table: 'scanVolumeStates', row: { ...row } };
}

export const startStep = defineCommand({
  name: 'scan.startStep',
  input: stepInput,
  roles: floorRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const { state } = loadVolume(reader, input.volumeId);
    const workflow = workflowOf(reader, state.jobId);
    must(canStart(workflow, volumeFacts(reader, state), input.stepKey, who));
    const time = eventTime(meta, input.occurredAt);
    return [
      putState(state, { status: 'in_progress', workerId: who.workerId }, time.at, meta.hlc),
      event(meta, actor, who.workerId, { id: input.eventId, state, kind: 'start', stepKey: input.stepKey, note: input.note, time }),
    ];
  },
});

export const completeStep = defineCommand({
  name: 'scan.completeStep',
  input: stepInput,
  roles: floorRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const { state } = loadVolume(reader, input.volumeId);
    const workflow = workflowOf(reader, state.jobId);
    must(canComplete(workflow, volumeFacts(reader, state), input.stepKey, who, input.fields));
    const time = eventTime(meta, input.occurredAt);
    const next = nextStep(workflow, state.stepKey, state.compositePages);
    return [
      putState(state, { stepKey: next, status: 'waiting', workerId: null, enteredAt: time.at }, time.at, meta.hlc),
      event(meta, actor, who.workerId ?? state.workerId, {
        id: input.eventId,
        state,
        kind: 'complete',
        stepKey: input.stepKey,
        fields: input.fields,
        note: input.note,
        pages: state.pageCount,
        time,
      }),
    ];
  },
});

export const captureTiles = defineCommand({
  name: 'scan.captureTiles',
  input: captureTilesInput,
  roles: floorRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const page = reader.get<ScanPageRow>('scanPages', input.pageId);
    if (!page) reject('scan.errors.pageNotFound');
    const have = reader.find<ScanTileRow>('scanTiles', { pageId: page.id });
    const missing = new Set(missingTiles(page.tileRows, page.tileCols, have).map((t) => `${t.row}:${t.col}`));
    const time = eventTime(meta, input.occurredAt);
    return input.tiles.map((t): Effect => {
      if (!tileInGrid(t, page.tileRows, page.tileCols)) reject('scan.errors.tileOutside', { row: t.row, col: t.col });
      if (!missing.delete(`${t.row}:${t.col}`)) reject('scan.errors.tileCaptured', { row: t.row, col: t.col });
      const row: ScanTileRow = withFields(t, { operatorId: meta.operatorId, jobId: page.jobId, volumeId: page.volumeId, pageId: page.id, workerId: who.workerId, at: time.at, hlc: meta.hlc });
      return { op: 'insert', table: 'scanTiles', row: { ...row } };
    });
  },
});

export const moveOriginals = defineCommand({
  name: 'scan.moveOriginals',
  input: originalsInput,
  roles: setupRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const { state } = loadVolume(reader, input.volumeId);
    const workflow = workflowOf(reader, state.jobId);
    if (input.direction === 'in' && state.originals === 'in') reject('scan.errors.originalsAlreadyIn');
    if (input.direction === 'out') {
      if (state.originals !== 'in') reject('scan.errors.originalsNotIn');
      // The city's book stays until every step that needs the paper is done.
      const returnAt = stepIndex(workflow, 'return');
      if (returnAt >= 0 && stepIndex(workflow, state.stepKey) < returnAt) reject('scan.errors.originalsStillNeeded');
    }
    const time = eventTime(meta, input.occurredAt);
    return [
      putState(state, { originals: input.direction === 'in' ? 'in' : 'returned' }, time.at, meta.hlc),
      event(meta, actor, who.workerId, { id: input.eventId, state, kind: input.direction === 'in' ? 'originals_in' : 'originals_out', stepKey: state.stepKey, note: input.note, time }),
    ];
  },
});

export const recordQc = defineCommand({
  name: 'scan.recordQc',
  input: qcInput,
  roles: floorRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const { state } = loadVolume(reader, input.volumeId);
    const workflow = workflowOf(reader, state.jobId);
    if (state.stepKey !== 'qc') reject('scan.errors.notInQc');
    const qcStep = stepDef(workflow, 'qc');
    if (qcStep) must(mayWorkOn(qcStep, who));
    if (input.result === 'fail' && !input.defectType) reject('scan.errors.defectTypeRequired');
    if (input.pageId) {
      const page = reader.get<ScanPageRow>('scanPages', input.pageId);
      if (!page || page.volumeId !== state.id) reject('scan.errors.pageNotFound');
    }
    // The checked worker is whoever completed the scan step last.
    const scans = reader.find<ScanEventRow>('scanEvents', { volumeId: state.id, kind: 'complete', stepKey: 'scan' });
    const scanner = scans.sort((a, b) => b.at - a.at)[0]?.workerId ?? null;
    const time = eventTime(meta, input.occurredAt);
    return [
      {
        op: 'insert',
        table: 'scanQcResults',
        row: {
          id: input.id,
          operatorId: meta.operatorId,
          jobId: state.jobId,
          volumeId: state.id,
          pageId: input.pageId,
          checkedWorkerId: scanner,
          inspectorWorkerId: who.workerId,
          inspectorStaffId: actor.staffId,
          result: input.result,
          defectType: input.result === 'fail' ? input.defectType : null,
          note: input.note ?? null,
          at: time.at,
          hlc: meta.hlc,
        },
      },
    ];
  },
});

export const sendBack = defineCommand({
  name: 'scan.sendBack',
  input: sendBackInput,
  roles: setupRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const { state } = loadVolume(reader, input.volumeId);
    const workflow = workflowOf(reader, state.jobId);
    must(canSendBack(workflow, volumeFacts(reader, state), input.toStep, who));
    const time = eventTime(meta, input.occurredAt);
    const ev = event(meta, actor, who.workerId, { id: input.eventId, state, kind: 'send_back', stepKey: input.toStep, pageId: input.pageId, note: input.note, time, pages: input.pageId ? 1 : state.pageCount });
    if (input.pageId) {
      const page = reader.get<ScanPageRow>('scanPages', input.pageId);
      if (!page || page.volumeId !== state.id) reject('scan.errors.pageNotFound');
      if (page.reworkStep) reject('scan.errors.reworkOpen', { count: 1 });
      return [{ op: 'put', table: 'scanPages', row: { ...page, reworkStep: input.toStep, reworkNote: input.note, hlc: meta.hlc } }, ev];
    }
    return [putState(state, { stepKey: input.toStep, status: 'waiting', workerId: null, enteredAt: time.at }, time.at, meta.hlc), ev];
  },
});

export const completeRework = defineCommand({
  name: 'scan.completeRework',
  input: reworkInput,
  roles: floorRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const page = reader.get<ScanPageRow>('scanPages', input.pageId);
    if (!page) reject('scan.errors.pageNotFound');
    if (!page.reworkStep) reject('scan.errors.noRework');
    const { state } = loadVolume(reader, page.volumeId);
    const step = stepDef(workflowOf(reader, state.jobId), page.reworkStep);
    if (step) must(mayWorkOn(step, who));
    const time = eventTime(meta, input.occurredAt);
    return [
      { op: 'put', table: 'scanPages', row: { ...page, reworkStep: null, reworkNote: null, hlc: meta.hlc } },
      event(meta, actor, who.workerId, { id: input.eventId, state, kind: 'rework_done', stepKey: page.reworkStep, pageId: page.id, note: input.note, time, pages: 1 }),
    ];
  },
});

export const recordDelivery = defineCommand({
  name: 'scan.recordDelivery',
  input: deliveryInput,
  roles: setupRoles,
  decide({ reader, meta }, input) {
    scanJob(reader, input.jobId);
    const prior = reader.find<ScanDeliveryRow>('scanDeliveries', { jobId: input.jobId, shipmentNo: input.shipmentNo });
    if (prior.some((d) => d.kind === input.kind)) reject('scan.errors.deliveryRecorded', { shipment: input.shipmentNo });
    // 検収 answers a 納入: the city cannot accept a shipment that was never delivered.
    if (input.kind === 'accepted' && !prior.some((d) => d.kind === 'delivered')) reject('scan.errors.notDelivered', { shipment: input.shipmentNo });
    const row: ScanDeliveryRow = { ...input, note: input.note ?? null, operatorId: meta.operatorId, at: meta.deviceTime, hlc: meta.hlc };
    return [{ op: 'insert', table: 'scanDeliveries', row: { ...row } }];
  },
});
