// The steps a person picks at clock-in, per kind of job: the scan job's own workflow, or the entry steps. Picked
// from buttons, so a step key is never typed (issue 13: 「入力」 typed into a code field failed).
import type { StepDef } from '../scan/workflow';

export const entryStepKeys = ['keying', 'review'] as const;

export function pickableSteps(kind: 'scan' | 'entry' | 'other', workflow: StepDef[] | null, isLeader: boolean): string[] {
  if (kind === 'scan') return (workflow ?? []).filter((s) => isLeader || s.roles.includes('worker')).map((s) => s.key);
  if (kind === 'entry') return isLeader ? [...entryStepKeys] : ['keying'];
  return [];
}
