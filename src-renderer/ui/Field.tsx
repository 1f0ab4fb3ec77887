// A labelled form field. The label names the input; hints and errors describe it (aria-describedby), so a
// screen reader — and a test — finds the input by its label alone.
import { cloneElement, isValidElement, useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../src-shared/core/errors';

interface FieldProps {
  label: string;
  path?: string;
  error?: ErrorPayload | null;
  hint?: string;
  children: ReactElement<Record<string, unknown>>;
}

export function Field(props: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const issues = props.path ? (props.error?.issues ?? []).filter((i) => i.path === props.path) : [];
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = issues.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control = isValidElement(props.children)
    ? cloneElement(props.children, { id, 'aria-invalid': issues.length > 0 || undefined, 'aria-describedby': describedBy })
    : props.children;
  return (
    <div className={`field${issues.length ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      {control}
      {props.hint && (
        <span id={hintId} className="field-hint">
          {props.hint}
        </span>
      )}
      {errorId && (
        <span id={errorId} className="field-error" role="alert">
          {issues.map((i) => t(i.messageKey, i.params)).join(' ')}
        </span>
      )}
    </div>
  );
}
