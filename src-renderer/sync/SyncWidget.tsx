// Top-bar sync status: state, unsent count and a way to the sync screen. Hidden when the device is not enrolled.
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app/store';
import { useSyncStatus } from './useSyncStatus';

export function SyncWidget() {
  const { t } = useTranslation();
  const [status] = useSyncStatus();
  const navigate = useAppStore((s) => s.navigate);
  const me = useAppStore((s) => s.me);
  if (!status || !status.enrolled) return null;
  const label = t(`sync.widget.${status.state}`);
  const warn = status.state === 'error' || status.state === 'revoked' || status.clockWarning || status.rejections.length > 0;
  return (
    <button
      type="button"
      className={`sync-widget${warn ? ' warn' : ''}`}
      data-testid="sync-widget"
      title={status.lastErrorCode ? t(`sync.errors.codes.${status.lastErrorCode}`, { defaultValue: status.lastErrorCode }) : undefined}
      onClick={() => me && navigate('sync')}
    >
      {label}
      {status.queued > 0 ? ` ・${t('sync.widget.queued', { count: status.queued })}` : ''}
    </button>
  );
}
