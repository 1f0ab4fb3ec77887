import { describe, expect, it } from 'vitest';
import { canComplete, canSendBack, canStart, defaultWorkflow, nextStep, type StepActor, type VolumeFacts } from '../../../src-shared/scan/workflow';

const facts = (over: Partial<VolumeFacts> = {}): VolumeFacts => ({
  stepKey: 'scan',
  status: 'waiting',
  workerId: null,
  compositePages: 0,
  originals: 'in',
  incompleteComposites: 0,
  openRework: 0,
  qcResults: 0,
  qcFailed: false,
  ...over,
});
const workerA: StepActor = { kind: 'worker', workerId: 'w1', skill: 'A' };
const workerB: StepActor = { kind: 'worker', workerId: 'w2', skill: 'B' };
const leader: StepActor = { kind: 'leader', workerId: 'l1', skill: 'A' };
const staff: StepActor = { kind: 'staff', workerId: null, skill: null };

describe('workflow rules', () => {
  it('skips the stitch step for volumes without composites and ends in done', () => {
    expect(nextStep(defaultWorkflow, 'scan', 0)).toBe('metadata');
    expect(nextStep(defaultWorkflow, 'scan', 3)).toBe('stitch');
    expect(nextStep(defaultWorkflow, 'deliver', 0)).toBe('done');
    expect(nextStep(defaultWorkflow, 'done', 0)).toBe('done');
  });

  it('starts only the current, waiting step', () => {
    expect(canStart(defaultWorkflow, facts(), 'scan', workerA)).toEqual({ ok: true });
    expect(canStart(defaultWorkflow, facts(), 'metadata', workerA)).toMatchObject({ ok: false, reason: 'scan.errors.wrongStep', params: { step: 'metadata', current: 'scan' } });
    expect(canStart(defaultWorkflow, facts({ status: 'in_progress' }), 'scan', workerA)).toMatchObject({ reason: 'scan.errors.alreadyStarted' });
    expect(canStart(defaultWorkflow, facts({ stepKey: 'done' }), 'scan', workerA)).toMatchObject({ reason: 'scan.errors.volumeDone' });
  });

  it('checks role and skill stage per step', () => {
    expect(canStart(defaultWorkflow, facts({ stepKey: 'receive' }), 'receive', workerB)).toMatchObject({ reason: 'scan.errors.leaderOnly' });
    expect(canStart(defaultWorkflow, facts({ stepKey: 'receive' }), 'receive', leader)).toEqual({ ok: true });
    expect(canStart(defaultWorkflow, facts({ stepKey: 'stitch' }), 'stitch', workerA)).toMatchObject({ reason: 'scan.errors.skillTooLow', params: { stage: 'B' } });
    expect(canStart(defaultWorkflow, facts({ stepKey: 'stitch' }), 'stitch', workerB)).toEqual({ ok: true });
    expect(canStart(defaultWorkflow, facts({ stepKey: 'qc' }), 'qc', staff)).toEqual({ ok: true });
  });

  it('needs the required fields, the tiles and the originals to close', () => {
    const started = facts({ status: 'in_progress', workerId: 'w1' });
    expect(canComplete(defaultWorkflow, started, 'scan', workerA, {})).toMatchObject({ reason: 'scan.errors.fieldRequired', params: { field: 'scanner' } });
    expect(canComplete(defaultWorkflow, started, 'scan', workerA, { scanner: '  ' })).toMatchObject({ reason: 'scan.errors.fieldRequired' });
    expect(canComplete(defaultWorkflow, started, 'scan', workerA, { scanner: 'A0-1' })).toEqual({ ok: true });
    expect(canComplete(defaultWorkflow, started, 'scan', workerB, { scanner: 'A0-1' })).toMatchObject({ reason: 'scan.errors.notYours' });
    expect(canComplete(defaultWorkflow, started, 'scan', leader, { scanner: 'A0-1' })).toEqual({ ok: true });
    const stitching = facts({ stepKey: 'stitch', status: 'in_progress', workerId: 'w2', compositePages: 2, incompleteComposites: 1 });
    expect(canComplete(defaultWorkflow, stitching, 'stitch', workerB, { software: 'x' })).toMatchObject({ reason: 'scan.errors.tilesMissing', params: { count: 1 } });
    expect(canComplete(defaultWorkflow, { ...stitching, incompleteComposites: 0 }, 'stitch', workerB, { software: 'x' })).toEqual({ ok: true });
    const receiving = facts({ stepKey: 'receive', status: 'in_progress', originals: 'pending' });
    expect(canComplete(defaultWorkflow, receiving, 'receive', leader, {})).toMatchObject({ reason: 'scan.errors.originalsNotIn' });
    expect(canComplete(defaultWorkflow, facts({ stepKey: 'scan', status: 'waiting' }), 'scan', workerA, { scanner: 'x' })).toMatchObject({ reason: 'scan.errors.notStarted' });
  });

  it('closes QC only with a result, no open defect and no open rework', () => {
    const qc = facts({ stepKey: 'qc', status: 'in_progress', workerId: 'l1' });
    expect(canComplete(defaultWorkflow, qc, 'qc', leader, {})).toMatchObject({ reason: 'scan.errors.qcMissing' });
    expect(canComplete(defaultWorkflow, { ...qc, qcResults: 2, qcFailed: true }, 'qc', leader, {})).toMatchObject({ reason: 'scan.errors.qcFailed' });
    expect(canComplete(defaultWorkflow, { ...qc, qcResults: 2, openRework: 1 }, 'qc', leader, {})).toMatchObject({ reason: 'scan.errors.reworkOpen' });
    expect(canComplete(defaultWorkflow, { ...qc, qcResults: 1 }, 'qc', leader, {})).toEqual({ ok: true });
  });

  it('sends back only to an earlier step, and only leaders or staff', () => {
    const qc = facts({ stepKey: 'qc' });
    expect(canSendBack(defaultWorkflow, qc, 'scan', leader)).toEqual({ ok: true });
    expect(canSendBack(defaultWorkflow, qc, 'qc', leader)).toMatchObject({ reason: 'scan.errors.sendBackNotEarlier' });
    expect(canSendBack(defaultWorkflow, qc, 'deliver', staff)).toMatchObject({ reason: 'scan.errors.sendBackNotEarlier' });
    expect(canSendBack(defaultWorkflow, qc, 'scan', workerB)).toMatchObject({ reason: 'scan.errors.leaderOnly' });
  });
});
