// A scan job's workflow as the leader edits it: which steps in which order, who may do each (workers or leaders
// only, and from which skill stage), what must be filled in to close it — with a preview of who can do what.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayWorkOn, requiredFieldKeys, stepKeys, type StepDef, type StepKey } from '../../src-shared/scan/workflow';
import type { SkillStage } from '../../src-shared/people/rows';

const stages: SkillStage[] = ['A', 'B', 'C'];

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

function StepRow(props: { step: StepDef; index: number; count: number; onChange(s: StepDef): void; onMove(to: number): void; onRemove(): void }) {
  const { t } = useTranslation();
  const { step, index } = props;
  const name = t(`scan.steps.${step.key}`);
  const workers = step.roles.includes('worker');
  return (
    <tr>
      <th scope="row">
        {index + 1}. {name}
      </th>
      <td>
        <select
          aria-label={t('scan.workflow.whoFor', { step: name })}
          value={workers ? 'workers' : 'leaders'}
          onChange={(e) => props.onChange({ ...step, roles: e.target.value === 'workers' ? ['worker', 'leader'] : ['leader'] })}
        >
          <option value="workers">{t('scan.setup.workers')}</option>
          <option value="leaders">{t('scan.setup.leaderOnly')}</option>
        </select>
      </td>
      <td>
        <select
          aria-label={t('scan.workflow.stageFor', { step: name })}
          value={step.minSkill}
          disabled={!workers}
          onChange={(e) => props.onChange({ ...step, minSkill: e.target.value as SkillStage })}
        >
          {stages.map((st) => (
            <option key={st} value={st}>
              {t('people.stageOrAbove', { stage: st })}
            </option>
          ))}
        </select>
      </td>
      <td>
        <fieldset className="inline-checks">
          <legend className="sr-only">{t('scan.workflow.fieldsFor', { step: name })}</legend>
          {requiredFieldKeys.map((f) => (
            <label key={f} className="checkbox">
              <input
                type="checkbox"
                checked={step.requiredFields.includes(f)}
                onChange={(e) =>
                  props.onChange({ ...step, requiredFields: e.target.checked ? [...step.requiredFields, f] : step.requiredFields.filter((x) => x !== f) })
                }
              />
              {t(`scan.fields.${f}`)}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        <label className="checkbox">
          <input type="checkbox" checked={step.compositeOnly ?? false} onChange={(e) => props.onChange({ ...step, compositeOnly: e.target.checked || undefined })} />
          {t('scan.workflow.compositeOnly')}
        </label>
      </td>
      <td className="actions">
        <button type="button" aria-label={t('scan.workflow.up', { step: name })} disabled={index === 0} onClick={() => props.onMove(index - 1)}>
          ↑
        </button>
        <button type="button" aria-label={t('scan.workflow.down', { step: name })} disabled={index === props.count - 1} onClick={() => props.onMove(index + 1)}>
          ↓
        </button>
        <button type="button" aria-label={t('scan.workflow.remove', { step: name })} disabled={props.count === 1} onClick={props.onRemove}>
          {t('scan.workflow.removeShort')}
        </button>
      </td>
    </tr>
  );
}

/** Who may do each step, for a worker of each stage and for a leader: what the rules will say at the station. */
export function WorkflowPreview({ steps }: { steps: StepDef[] }) {
  const { t } = useTranslation();
  const captionId = useId();
  const cell = (ok: boolean) => (ok ? t('scan.workflow.can') : t('scan.workflow.cannot'));
  return (
    <table className="table workflow-preview" aria-labelledby={captionId}>
      <caption id={captionId}>{t('scan.workflow.preview')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('scan.setup.workflow')}</th>
          {stages.map((st) => (
            <th key={st} scope="col">
              {t('scan.workflow.workerAt', { stage: st })}
            </th>
          ))}
          <th scope="col">{t('people.roles.leader')}</th>
          <th scope="col">{t('scan.setup.requiredFields')}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={s.key}>
            <th scope="row">
              {i + 1}. {t(`scan.steps.${s.key}`)}
              {s.compositeOnly ? ` ${t('scan.workflow.compositeOnlyNote')}` : ''}
            </th>
            {stages.map((st) => (
              <td key={st}>{cell(mayWorkOn(s, { kind: 'worker', workerId: null, skill: st }).ok)}</td>
            ))}
            <td>{cell(mayWorkOn(s, { kind: 'leader', workerId: null, skill: null }).ok)}</td>
            <td>{s.requiredFields.map((f) => t(`scan.fields.${f}`)).join('、') || t('app.none')}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t('scan.steps.done')}</th>
          <td colSpan={stages.length + 2} />
        </tr>
      </tbody>
    </table>
  );
}

export function WorkflowEditor({ steps, onChange }: { steps: StepDef[]; onChange(steps: StepDef[]): void }) {
  const { t } = useTranslation();
  const unused = stepKeys.filter((k) => !steps.some((s) => s.key === k));
  const [adding, setAdding] = useState<StepKey | ''>('');
  const toAdd = adding && unused.includes(adding) ? adding : (unused[0] ?? '');
  return (
    <div className="workflow-editor">
      <table className="table">
        <caption className="sr-only">{t('scan.setup.workflow')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('scan.setup.workflow')}</th>
            <th scope="col">{t('scan.setup.stepRoles')}</th>
            <th scope="col">{t('scan.setup.minSkill')}</th>
            <th scope="col">{t('scan.setup.requiredFields')}</th>
            <th scope="col">{t('scan.workflow.compositeOnlyHead')}</th>
            <th scope="col">{t('app.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s, i) => (
            <StepRow
              key={s.key}
              step={s}
              index={i}
              count={steps.length}
              onChange={(next) => onChange(steps.map((x, k) => (k === i ? next : x)))}
              onMove={(to) => onChange(move(steps, i, to))}
              onRemove={() => onChange(steps.filter((_, k) => k !== i))}
            />
          ))}
        </tbody>
      </table>
      {toAdd && (
        <div className="row">
          <label>
            {t('scan.workflow.addLabel')}{' '}
            <select value={toAdd} onChange={(e) => setAdding(e.target.value as StepKey)}>
              {unused.map((k) => (
                <option key={k} value={k}>
                  {t(`scan.steps.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => onChange([...steps, { key: toAdd, roles: ['worker', 'leader'], minSkill: 'A', requiredFields: [] }])}
          >
            {t('scan.workflow.add')}
          </button>
        </div>
      )}
      <WorkflowPreview steps={steps} />
    </div>
  );
}
