// "About 3 min 20 s": seconds left as a person reads them, in the UI's language.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

export function useTimeLeft(): (seconds: number) => string {
  const { t } = useTranslation();
  return useCallback(
    (seconds: number) => {
      const s = Math.max(1, Math.round(seconds));
      return s < 60 ? t('sync.joinProgress.seconds', { seconds: s }) : t('sync.joinProgress.minutes', { minutes: Math.floor(s / 60), seconds: s % 60 });
    },
    [t],
  );
}
