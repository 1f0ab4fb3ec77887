// A workflow may change while volumes are under way, but not lose a step a volume stands at: that volume would have
// nowhere to go next (nextStep() would send it back to the first step).
import { AppError } from '../../src-shared/core/errors';
import type { StepDef } from '../../src-shared/scan/workflow';
import type { Store } from '../store/open';

export function checkStepsInUse(store: Store, jobId: string, workflow: readonly Pick<StepDef, 'key'>[]): void {
  const kept = new Set<string>(workflow.map((s) => s.key));
  const used = store.sqlite
    .prepare("SELECT step_key AS stepKey, count(*) AS volumes FROM scan_volume_states WHERE job_id = ? AND step_key <> 'done' GROUP BY step_key")
    .all(jobId) as { stepKey: string; volumes: number }[];
  const lost = used.filter((u) => !kept.has(u.stepKey));
  if (lost.length > 0) {
    throw new AppError('invalid_input', 'scan.errors.stepInUse', { step: lost[0].stepKey, volumes: lost[0].volumes }, [
      { path: 'workflow', messageKey: 'scan.errors.stepInUse', params: { step: lost[0].stepKey, volumes: lost[0].volumes } },
    ]);
  }
}
