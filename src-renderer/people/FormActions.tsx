// The foot of a registry form: the error that belongs to no field shown above, then save and cancel.
import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../src-shared/core/errors';
import { ErrorText } from '../ui/ErrorText';

export function FormActions(props: { error: ErrorPayload | null; busy: boolean; onCancel(): void; fieldPaths?: readonly string[] }) {
  const { t } = useTranslation();
  const { error } = props;
  // Issues of fields shown above sit under those fields; any other issue is listed here, so none goes unseen.
  const rest = error?.issues?.filter((i) => !props.fieldPaths?.includes(i.path));
  return (
    <>
      <ErrorText error={error ? { ...error, issues: rest } : null} />
      <div className="actions">
        <button type="submit" className="primary" disabled={props.busy}>
          {t('app.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </>
  );
}
