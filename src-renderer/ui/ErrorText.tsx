// Shows an error envelope as a translated sentence, with per-field issues when there are any.
import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../src-shared/core/errors';

export function ErrorText({ error }: { error: ErrorPayload | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <p>{t(error.messageKey, error.params)}</p>
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={issue.path + issue.messageKey}>
              {issue.path ? <code>{issue.path}</code> : null} {t(issue.messageKey, issue.params)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Message for one field, for inline display under an input. */
export function fieldError(error: ErrorPayload | null, path: string): ErrorPayload['issues'] {
  return error?.issues?.filter((i) => i.path === path);
}
