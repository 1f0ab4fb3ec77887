// The per-job workflow template and the pure transition rules every step event is checked against (device and HQ).
import type { SkillStage } from '../people/rows';

export const stepKeys = ['receive', 'scan', 'stitch', 'metadata', 'pdf_ocr', 'naming', 'qc', 'return', 'deliver'] as const;
export type StepKey = (typeof stepKeys)[number];
/** A volume past its last step. */
export const DONE = 'done';
export type VolumeStepKey = StepKey | typeof DONE;

export const requiredFieldKeys = ['scanner', 'software', 'ocrEngine'] as const;
export type RequiredField = (typeof requiredFieldKeys)[number];

export interface StepDef {
  key: StepKey;
  /** Worker roles allowed besides staff. 'leader' only = leaders and staff. */
  roles: ('worker' | 'leader')[];
  /** Lowest IT skill stage a worker needs (leaders and staff pass). */
  minSkill: SkillStage;
  /** Completion fields that must be non-empty to close the step. */
  requiredFields: RequiredField[];
  /** Only volumes holding composite pages pass through this step. */
  compositeOnly?: boolean;
}

export const defaultWorkflow: StepDef[] = [
  { key: 'receive', roles: ['leader'], minSkill: 'A', requiredFields: [] },
  { key: 'scan', roles: ['worker', 'leader'], minSkill: 'A', requiredFields: ['scanner'] },
  { key: 'stitch', roles: ['worker', 'leader'], minSkill: 'B', requiredFields: ['software'], compositeOnly: true },
  { key: 'metadata', roles: ['worker', 'leader'], minSkill: 'A', requiredFields: [] },
  { key: 'pdf_ocr', roles: ['worker', 'leader'], minSkill: 'A', requiredFields: ['ocrEngine'] },
  { key: 'naming', roles: ['worker', 'leader'], minSkill: 'A', requiredFields: [] },
  { key: 'qc', roles: ['leader'], minSkill: 'C', requiredFields: [] },
  { key: 'return', roles: ['leader'], minSkill: 'A', requiredFields: [] },
  { key: 'deliver', roles: ['leader'], minSkill: 'A', requiredFields: [] },
];

const stageRank: Record<SkillStage, number> = { A: 1, B: 2, C: 3 };

export type VolumeStatus = 'waiting' | 'in_progress';
export type OriginalsState = 'pending' | 'in' | 'returned';

/** What the rules need to know about a volume. */
export interface VolumeFacts {
  stepKey: VolumeStepKey;
  status: VolumeStatus;
  workerId: string | null;
  compositePages: number;
  originals: OriginalsState;
  /** Composite pages of the volume whose tile grid is not complete yet. */
  incompleteComposites: number;
  /** Pages sent back and not yet reworked. */
  openRework: number;
  /** QC since the volume entered QC: results recorded, and whether one failed. */
  qcResults: number;
  qcFailed: boolean;
}

export interface StepActor {
  kind: 'staff' | 'leader' | 'worker';
  workerId: string | null;
  skill: SkillStage | null;
}

export type RuleResult = { ok: true } | { ok: false; reason: string; params?: Record<string, string | number> };

const ok: RuleResult = { ok: true };
const no = (reason: string, params?: Record<string, string | number>): RuleResult => ({ ok: false, reason: `scan.errors.${reason}`, params });

export function stepDef(workflow: StepDef[], key: string): StepDef | undefined {
  return workflow.find((s) => s.key === key);
}

/** The step after `key` for this volume: composite-only steps are skipped for volumes without composites. */
export function nextStep(workflow: StepDef[], key: VolumeStepKey, compositePages: number): VolumeStepKey {
  if (key === DONE) return DONE;
  const i = workflow.findIndex((s) => s.key === key);
  for (let j = i + 1; j < workflow.length; j++) {
    const s = workflow[j];
    if (s.compositeOnly && compositePages === 0) continue;
    return s.key;
  }
  return DONE;
}

export function firstStep(workflow: StepDef[]): StepKey {
  return workflow[0].key;
}

export function stepIndex(workflow: StepDef[], key: VolumeStepKey): number {
  if (key === DONE) return workflow.length;
  return workflow.findIndex((s) => s.key === key);
}

export function mayWorkOn(step: StepDef, actor: StepActor): RuleResult {
  if (actor.kind === 'staff') return ok;
  if (actor.kind === 'worker' && !step.roles.includes('worker')) return no('leaderOnly', { step: step.key });
  if (actor.kind === 'worker' && stageRank[actor.skill ?? 'A'] < stageRank[step.minSkill]) {
    return no('skillTooLow', { step: step.key, stage: step.minSkill });
  }
  return ok;
}

export function canStart(workflow: StepDef[], v: VolumeFacts, stepKey: string, actor: StepActor): RuleResult {
  if (v.stepKey === DONE) return no('volumeDone');
  if (v.stepKey !== stepKey) return no('wrongStep', { step: stepKey, current: v.stepKey });
  if (v.status !== 'waiting') return no('alreadyStarted', { step: stepKey });
  const step = stepDef(workflow, stepKey);
  if (!step) return no('unknownStep', { step: stepKey });
  return mayWorkOn(step, actor);
}

export function canComplete(
  workflow: StepDef[],
  v: VolumeFacts,
  stepKey: string,
  actor: StepActor,
  fields: Record<string, string>,
): RuleResult {
  if (v.stepKey === DONE) return no('volumeDone');
  if (v.stepKey !== stepKey) return no('wrongStep', { step: stepKey, current: v.stepKey });
  if (v.status !== 'in_progress') return no('notStarted', { step: stepKey });
  const step = stepDef(workflow, stepKey);
  if (!step) return no('unknownStep', { step: stepKey });
  const allowed = mayWorkOn(step, actor);
  if (!allowed.ok) return allowed;
  // Someone else's open step may be closed only by a leader or staff (e.g. a worker went home).
  if (actor.kind === 'worker' && v.workerId && v.workerId !== actor.workerId) return no('notYours', { step: stepKey });
  for (const f of step.requiredFields) if (!fields[f]?.trim()) return no('fieldRequired', { field: f });
  if (step.key === 'receive' && v.originals !== 'in') return no('originalsNotIn');
  if (step.key === 'stitch' && v.incompleteComposites > 0) return no('tilesMissing', { count: v.incompleteComposites });
  if (step.key === 'qc') {
    if (v.openRework > 0) return no('reworkOpen', { count: v.openRework });
    if (v.qcResults === 0) return no('qcMissing');
    if (v.qcFailed) return no('qcFailed');
  }
  if (step.key === 'return' && v.originals !== 'returned') return no('originalsNotReturned');
  return ok;
}

/** Send-back goes to an earlier step only; a page send-back needs the volume at or past that step. */
export function canSendBack(workflow: StepDef[], v: VolumeFacts, toStep: string, actor: StepActor): RuleResult {
  if (actor.kind === 'worker') return no('leaderOnly', { step: 'qc' });
  const target = stepIndex(workflow, toStep as StepKey);
  if (target < 0) return no('unknownStep', { step: toStep });
  if (target >= stepIndex(workflow, v.stepKey)) return no('sendBackNotEarlier', { step: toStep, current: v.stepKey });
  return ok;
}
