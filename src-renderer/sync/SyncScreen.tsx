// Sync screen for everyone: last sync, unsent changes, pull progress, clock offset, rejected changes, "sync now".
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { AttachForm } from './JoinForm';
import { DevicesPanel } from './DevicesPanel';
import { useSyncStatus } from './useSyncStatus';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { isPlainHttp } from '../../src-shared/sync/pin';
import { useTimeLeft } from './useTimeLeft';
import { formatDateTime } from '../../src-shared/core/time';

const leaders = ['admin', 'backoffice', 'manager', 'director', 'leader'];

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

/** Source files moving between this PC and HQ (decision 0120): the one on the wire, and how many wait. */
function FileTransfers({ files }: { files: SyncStatus['files'] }) {
  const { t } = useTranslation();
  const current = files.current;
  return (
    <>
      {current && (
        <div className="progress-block">
          <progress data-testid="sync-file-progress" max={Math.max(1, current.bytesTotal)} value={current.bytesDone} />
          <p>
            {t(`sync.files.${current.direction}`, {
              done: mb(current.bytesDone),
              total: mb(current.bytesTotal),
              percent: current.bytesTotal ? Math.floor((current.bytesDone / current.bytesTotal) * 100) : 100,
            })}
          </p>
        </div>
      )}
      {files.refused > 0 && (
        <p className="notice warn" role="alert">
          {t('sync.files.refused', { count: files.refused })}
        </p>
      )}
    </>
  );
}

/** A large pull (a new PC's snapshot, resumed or not) by rows held of rows HQ holds; otherwise by buckets done. */
function PullProgress({ progress }: { progress: NonNullable<SyncStatus['progress']> }) {
  const { t, i18n } = useTranslation();
  const timeLeft = useTimeLeft();
  const n = (v: number) => v.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-GB');
  if (progress.rowsExpected && progress.rowsHeld !== null) {
    const rows = Math.min(progress.rowsHeld, progress.rowsExpected);
    return (
      <>
        <progress data-testid="sync-pull-progress" max={progress.rowsExpected} value={rows} />
        <p>{t('sync.progressRows', { rows: n(rows), total: n(progress.rowsExpected), percent: Math.floor((rows / progress.rowsExpected) * 100) })}</p>
        {progress.etaSeconds != null && rows < progress.rowsExpected && <p data-testid="sync-time-left">{t('sync.progressTimeLeft', { time: timeLeft(progress.etaSeconds) })}</p>}
      </>
    );
  }
  return (
    <>
      <progress data-testid="sync-pull-progress" max={Math.max(1, progress.bucketsTotal)} value={progress.bucketsDone} />
      <p>{t('sync.progress', { rows: n(progress.pulledRows), done: progress.bucketsDone, total: progress.bucketsTotal })}</p>
    </>
  );
}

export function SyncScreen() {
  const { t } = useTranslation();
  const me = useAppStore((s) => s.me);
  const [status, setStatus] = useSyncStatus();
  const now = useAction(async () => setStatus(await call('sync.now', {})));
  const dismiss = useAction(async (seq: number) => setStatus(await call('sync.dismissRejection', { seq })));
  const dismissRecovery = useAction(async () => setStatus(await call('sync.dismissRecovery', {})));
  const when = (ms: number | null) => (ms ? formatDateTime(ms) : t('sync.never'));
  if (!status) return null;
  const minutes = Math.round((status.clockOffsetMs ?? 0) / 60_000);
  return (
    <main className="sync-screen">
      <h1>{t('sync.title')}</h1>
      {!status.enrolled ? (
        <>
          <p>{t('sync.notEnrolled')}</p>
          {me?.role === 'admin' && <AttachForm onDone={setStatus} />}
        </>
      ) : (
        <>
          {status.state === 'revoked' && (
            <p className="notice error" role="alert">
              {t('sync.revokedNotice', { count: status.queued })}
            </p>
          )}
          {status.hqUrl && isPlainHttp(status.hqUrl) && (
            <p className="notice warn" role="alert" data-testid="sync-insecure">
              {t('sync.insecureWarning')}
            </p>
          )}
          {status.reconnectNeeded && (
            <section className="notice error" role="alert" data-testid="sync-reconnect">
              <h2>{t('sync.recovery.reconnectTitle')}</h2>
              <p>{t('sync.recovery.reconnectBody', { count: status.queued })}</p>
            </section>
          )}
          {status.recovery && (
            <section className={`notice ${status.recovery.pending ? 'error' : 'warn'}`} role="status" data-testid="sync-recovery">
              <h2>{t(status.recovery.pending ? 'sync.recovery.pendingTitle' : 'sync.recovery.doneTitle')}</h2>
              <p>{t(`sync.recovery.reasons.${status.recovery.reason}`)}</p>
              <p>{t(status.recovery.pending ? 'sync.recovery.pendingBody' : 'sync.recovery.doneBody', { when: when(status.recovery.at), count: status.queued })}</p>
              {!status.recovery.pending && me?.role !== 'worker' && me?.role !== 'kiosk' && (
                <button type="button" onClick={() => void dismissRecovery.run()} disabled={dismissRecovery.busy}>
                  {t('sync.dismiss')}
                </button>
              )}
            </section>
          )}
          {status.clockWarning && (
            <p className="notice warn" role="alert">
              {t('sync.clockWarning', { minutes: Math.abs(minutes) })}
            </p>
          )}
          <dl className="facts">
            <dt>{t('sync.lastSync')}</dt>
            <dd data-testid="sync-last">{when(status.lastSyncAt)}</dd>
            <dt>{t('sync.queued')}</dt>
            <dd data-testid="sync-queued">{status.queued}</dd>
            <dt>{t('sync.files.label')}</dt>
            <dd data-testid="sync-files">
              {status.files.uploads || status.files.downloads ? t('sync.files.pending', { up: status.files.uploads, down: status.files.downloads }) : t('sync.files.settled')}
            </dd>
            <dt>{t('sync.clockOffset')}</dt>
            <dd>{status.clockOffsetMs === null ? '—' : t('sync.clockOffsetValue', { minutes })}</dd>
            {status.lastErrorCode && (
              <>
                <dt>{t('sync.lastError')}</dt>
                <dd>{t(`sync.errors.codes.${status.lastErrorCode}`, { defaultValue: status.lastErrorCode })}</dd>
              </>
            )}
          </dl>
          {status.progress && (
            <div className="progress-block">
              {status.progress.phase === 'push' ? (
                <p>{t('sync.pushing', { count: status.progress.pushed })}</p>
              ) : (
                <PullProgress progress={status.progress} />
              )}
            </div>
          )}
          <FileTransfers files={status.files} />
          <div className="actions">
            <button type="button" className="primary" disabled={now.busy || status.state === 'revoked'} onClick={() => void now.run()}>
              {t('sync.syncNow')}
            </button>
          </div>
          <ErrorText error={now.error} />
          {status.rejections.length > 0 && (
            <section className="notice warn" aria-live="polite" aria-labelledby="sync-rejected-title">
              <h2 id="sync-rejected-title">{t('sync.rejectedTitle')}</h2>
              <p>{t('sync.rejectedHint')}</p>
              <ul>
                {status.rejections.map((r) => (
                  <li key={r.seq}>
                    <strong>{t(`sync.commands.${r.name}`, { defaultValue: r.name })}</strong> — {t(r.reason.messageKey, r.reason.params)} <span className="muted">{when(r.at)}</span>{' '}
                    {me && leaders.includes(me.role) && (
                      <button type="button" onClick={() => void dismiss.run(r.seq)}>
                        {t('sync.dismiss')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {me?.role === 'admin' && status.state !== 'revoked' && <DevicesPanel />}
        </>
      )}
    </main>
  );
}
