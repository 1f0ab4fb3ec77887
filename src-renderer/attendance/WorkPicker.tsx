// Job and step chosen from buttons (the person's own jobs first, their last work preselected), never typed.
import { useTranslation } from 'react-i18next';
import type { JobChoice } from '../../src-shared/attendance/contract';
import { stepLabel } from '../ui/stepLabel';

export interface WorkChoice {
  jobId: string;
  stepKey: string;
}

export function WorkPicker(props: { jobs: JobChoice[]; value: WorkChoice; onChange(value: WorkChoice): void; allowNoJob: boolean }) {
  const { t } = useTranslation();
  const job = props.jobs.find((j) => j.id === props.value.jobId);
  return (
    <div className="work-picker">
      <fieldset className="choice-group">
        <legend>{t('kiosk.chooseJob')}</legend>
        <div className="choices">
          {props.allowNoJob && (
            <button type="button" className="choice" aria-pressed={props.value.jobId === ''} onClick={() => props.onChange({ jobId: '', stepKey: '' })}>
              {t('attendance.noJob')}
            </button>
          )}
          {props.jobs.map((j) => (
            <button
              key={j.id}
              type="button"
              className="choice"
              aria-pressed={props.value.jobId === j.id}
              onClick={() => props.onChange({ jobId: j.id, stepKey: j.steps.length === 1 ? j.steps[0]! : '' })}
            >
              <span className="choice-name">{j.name}</span>
              <span className="choice-note">
                {j.code}
                {j.mine ? ` ・ ${t('kiosk.mine')}` : ''}
              </span>
            </button>
          ))}
        </div>
      </fieldset>
      {job && job.steps.length > 0 && (
        <fieldset className="choice-group">
          <legend>{t('kiosk.chooseStep')}</legend>
          <div className="choices">
            <button type="button" className="choice" aria-pressed={props.value.stepKey === ''} onClick={() => props.onChange({ ...props.value, stepKey: '' })}>
              {t('kiosk.noStep')}
            </button>
            {job.steps.map((s) => (
              <button key={s} type="button" className="choice" aria-pressed={props.value.stepKey === s} onClick={() => props.onChange({ ...props.value, stepKey: s })}>
                {stepLabel(t, s)}
              </button>
            ))}
          </div>
        </fieldset>
      )}
    </div>
  );
}
