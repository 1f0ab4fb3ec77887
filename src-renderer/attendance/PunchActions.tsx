// The punch buttons a person sees for their current state, the most likely one first, big and focused; the job and
// step for a start or a switch are picked from buttons with the person's last work preselected.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobChoice, PresenceView, RecentWork } from '../../src-shared/attendance/contract';
import type { PunchKind } from '../../src-shared/attendance/rows';
import { WorkPicker, type WorkChoice } from './WorkPicker';

export interface PunchChoice {
  action: PunchKind;
  jobId: string | null;
  stepKey: string | null;
}

/** Legal next actions, the most likely first. A forgotten finish from an earlier day only offers a fresh start. */
export function legalActions(presence: PresenceView): PunchKind[] {
  if (presence.forgotten) return ['in'];
  switch (presence.state) {
    case 'out':
      return ['in'];
    case 'working':
      return ['out', 'break_start', 'switch'];
    case 'break':
      return ['break_end', 'out'];
  }
}

/** What to preselect: the work of the person's latest punch, else their current job, else their only own job. */
export function initialWork(jobs: JobChoice[], presence: PresenceView, recent: RecentWork | null): WorkChoice {
  const pick = (jobId: string | null | undefined, stepKey: string | null | undefined): WorkChoice | null => {
    const job = jobs.find((j) => j.id === jobId);
    if (!job) return null;
    return { jobId: job.id, stepKey: stepKey && job.steps.includes(stepKey) ? stepKey : job.steps.length === 1 ? job.steps[0]! : '' };
  };
  const mine = jobs.filter((j) => j.mine);
  return (
    pick(presence.jobId, presence.stepKey) ??
    pick(recent?.jobId, recent?.stepKey) ??
    (mine.length === 1 ? pick(mine[0]!.id, null) : null) ?? { jobId: '', stepKey: '' }
  );
}

export function PunchActions(props: {
  presence: PresenceView;
  jobs: JobChoice[];
  recent?: RecentWork | null;
  busy: boolean;
  onPunch(choice: PunchChoice): void;
  large?: boolean;
  /** Shown beside the punch buttons (the kiosk's 戻る), so both stay in view together. */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const usable = props.jobs.filter((j) => j.usable);
  const [work, setWork] = useState<WorkChoice>(() => initialWork(usable, props.presence, props.recent ?? null));
  const actions = legalActions(props.presence);
  const needsJob = actions.includes('in') || actions.includes('switch');
  const [likely, ...others] = actions;
  const button = (action: PunchKind, main: boolean) => (
    <button
      key={action}
      type="button"
      className={`punch punch-${action}${main ? ' punch-main' : ''}`}
      disabled={props.busy || (action === 'switch' && !work.jobId)}
      // The kiosk puts the likely action under the person's finger (and Enter): one press records it.
      autoFocus={main && props.large}
      onClick={() => props.onPunch({ action, jobId: work.jobId || null, stepKey: work.stepKey || null })}
    >
      {t(`attendance.kinds.${action}`)}
    </button>
  );
  return (
    <div className={props.large ? 'punch-actions large' : 'punch-actions'}>
      {needsJob && <WorkPicker jobs={usable} value={work} onChange={setWork} allowNoJob={actions.includes('in')} />}
      <div className="punch-bar">
        <div className="punch-buttons">
          {likely && button(likely, true)}
          {others.map((a) => button(a, false))}
        </div>
        {props.extra}
      </div>
    </div>
  );
}
