// Asks before an action that records something hard to take back, saying what it will do. Inline (not a native
// dialog) so that it is read by screen readers, styled like the app and testable; the safe choice has the focus.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmPanel(props: { title: string; children?: ReactNode; confirmLabel: string; busy?: boolean; danger?: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  return (
    <div className="card confirm-panel" role="alertdialog" aria-labelledby={titleId} aria-describedby={bodyId}>
      <p id={titleId}>
        <strong>{props.title}</strong>
      </p>
      <div id={bodyId}>{props.children}</div>
      <div className="actions">
        <button type="button" autoFocus onClick={props.onCancel}>
          {t('app.cancel')}
        </button>
        <button type="button" className={props.danger ? 'danger' : 'primary'} disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </div>
  );
}
