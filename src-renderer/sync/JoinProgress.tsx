// A new PC's first sync on the setup screen (decision 0098): rows held of rows at HQ, the time left at the measured
// rate, and — when the link drops — that what arrived stays and when it continues. Set-up ends when the sync does.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JoinProgress as Progress } from '../../src-shared/sync/contract';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { useTimeLeft } from './useTimeLeft';

const POLL_MS = 1000;

export function JoinProgress() {
  const { t, i18n } = useTranslation();
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const timeLeft = useTimeLeft();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    const poll = () => {
      call('sync.joinProgress', {})
        .then((p) => {
          if (!live) return;
          setProgress(p);
          setNow(Date.now());
          // Done: the app status now says set-up is done, and the sign-in screen follows.
          if (!p.joining) void refreshStatus();
        })
        .catch(() => undefined);
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [refreshStatus]);

  const n = (v: number) => v.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-GB');
  const total = progress?.rowsExpected ?? null;
  const held = progress ? Math.min(progress.rowsHeld, total ?? progress.rowsHeld) : 0;
  const interrupted = progress && progress.state === 'error' && progress.lastErrorCode;
  const waitSeconds = progress?.nextAttemptAt ? Math.max(0, Math.round((progress.nextAttemptAt - now) / 1000)) : null;
  const reason = interrupted ? t(`sync.errors.codes.${progress.lastErrorCode}`, { defaultValue: progress.lastErrorCode }) : '';

  return (
    <main className="setup join-progress" aria-labelledby="join-progress-title">
      <h1 id="join-progress-title">{t('sync.joinProgress.title')}</h1>
      <p className="lead">{t('sync.joinProgress.intro')}</p>
      {!progress || (total === null && held === 0) ? (
        <p role="status">{t('sync.joinProgress.waiting')}</p>
      ) : (
        <div className="progress-block" role="status" aria-live="polite">
          <progress data-testid="join-progress" max={total ?? 1} value={total ? held : 0} aria-label={t('sync.joinProgress.title')} />
          <p data-testid="join-rows">
            {total ? t('sync.joinProgress.rows', { rows: n(held), total: n(total), percent: Math.floor((held / total) * 100) }) : t('sync.joinProgress.rowsUnknown', { rows: n(held) })}
          </p>
          <p data-testid="join-time-left">
            {progress.etaSeconds !== null ? t('sync.joinProgress.timeLeft', { time: timeLeft(progress.etaSeconds) }) : t('sync.joinProgress.timeMeasuring')}
          </p>
        </div>
      )}
      {interrupted && (
        <p className="notice warn" role="alert" data-testid="join-interrupted">
          {waitSeconds !== null && waitSeconds > 0
            ? t('sync.joinProgress.retrying', { reason, rows: n(held), seconds: waitSeconds })
            : t('sync.joinProgress.retryingSoon', { reason, rows: n(held) })}
        </p>
      )}
    </main>
  );
}
