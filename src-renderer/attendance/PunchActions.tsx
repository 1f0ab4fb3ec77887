// The punch buttons a person sees for their current state, with the job (and step) choice for clock-in and switch.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobChoice, PresenceView } from '../../src-shared/attendance/contract';
import type { PunchKind } from '../../src-shared/attendance/rows';
import { Field } from '../ui/Field';

export interface PunchChoice {
  action: PunchKind;
  jobId: string | null;
  stepKey: string | null;
}

/** Legal next actions. A forgotten clock-out from an earlier day only offers a fresh clock-in. */
export function legalActions(presence: PresenceView): PunchKind[] {
  if (presence.forgotten) return ['in'];
  switch (presence.state) {
    case 'out':
      return ['in'];
    case 'working':
      return ['break_start', 'switch', 'out'];
    case 'break':
      return ['break_end', 'out'];
  }
}

export function PunchActions(props: { presence: PresenceView; jobs: JobChoice[]; busy: boolean; onPunch(choice: PunchChoice): void; large?: boolean }) {
  const { t } = useTranslation();
  const usable = props.jobs.filter((j) => j.usable);
  const [jobId, setJobId] = useState<string>(props.presence.jobId ?? usable[0]?.id ?? '');
  const [stepKey, setStepKey] = useState<string>('');
  const actions = legalActions(props.presence);
  const needsJob = actions.includes('in') || actions.includes('switch');
  return (
    <div className={props.large ? 'punch-actions large' : 'punch-actions'}>
      {needsJob && (
        <div className="row">
          <Field label={t('attendance.job')}>
            <select value={jobId} onChange={(e) => setJobId(e.target.value)}>
              <option value="">{t('attendance.noJob')}</option>
              {usable.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.code} {j.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('attendance.step')} hint={t('attendance.stepHint')}>
            <input value={stepKey} onChange={(e) => setStepKey(e.target.value)} maxLength={30} />
          </Field>
        </div>
      )}
      <div className="punch-buttons">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={`punch punch-${action}`}
            disabled={props.busy || (action === 'switch' && !jobId)}
            onClick={() => props.onPunch({ action, jobId: jobId || null, stepKey: stepKey.trim() || null })}
          >
            {t(`attendance.kinds.${action}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
