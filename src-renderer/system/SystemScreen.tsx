// For administrators: this device (encryption, queue, backups) and the append-only audit log.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery';
import { call, getToken } from '../api/client';
import { getBridge } from '../api/bridge';
import { saveFile } from '../entry/download';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { IdleLockSetting, LockoutsPanel } from './SessionSettings';
import { KeyProtectionNotice } from './KeyProtectionNotice';
import { auditSentence } from './auditSentence';
import { formatDateTime } from '../../src-shared/core/time';

const PAGE = 50;

export function SystemScreen() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const device = useQuery('system.device', {}, { tables: [] });
  const audit = useQuery('system.auditLog', { limit: PAGE, offset }, { tables: ['auditLog'] });
  const total = audit.data?.total ?? 0;
  const saveLogs = useAction(async () => saveFile(await call('system.saveLogs', {})));
  const [leftKiosk, setLeftKiosk] = useState(false);
  const bridge = getBridge();

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('system.title')}</h1>
        <div className="actions">
          <button type="button" disabled={saveLogs.busy} onClick={() => void saveLogs.run()}>
            {t('desktop.saveLogs')}
          </button>
          {bridge?.leaveKiosk && device.data?.kind === 'center' && !leftKiosk && (
            <button
              type="button"
              onClick={() => {
                const token = getToken();
                if (token) void bridge.leaveKiosk?.(token).then((r) => setLeftKiosk(r.ok));
              }}
            >
              {t('desktop.leaveKiosk')}
            </button>
          )}
        </div>
      </header>
      {leftKiosk && <p className="notice">{t('desktop.leftKiosk')}</p>}
      <ErrorText error={device.error ?? audit.error ?? saveLogs.error} />
      {device.data && (
        <dl className="card facts">
          <dt>{t('system.deviceId')}</dt>
          <dd>
            <code>{device.data.deviceId}</code>
          </dd>
          <dt>{t('system.deviceKind')}</dt>
          <dd>{t(`setup.deviceKinds.${device.data.kind}`)}</dd>
          <dt>{t('system.encryption')}</dt>
          <dd>
            <span className={`badge ${device.data.encryptedAtRest ? 'ok' : 'danger'}`}>
              {device.data.encryptedAtRest ? t('system.encrypted') : t('system.notEncrypted')}
            </span>
          </dd>
          <dt>{t('system.keyProtection')}</dt>
          <dd>
            <KeyProtectionNotice report={device.data.keyProtection} />
          </dd>
          <dt>{t('system.versions')}</dt>
          <dd>
            {device.data.appVersion} / {t('system.schema', { version: device.data.schemaVersion })}
          </dd>
          <dt>{t('system.queued')}</dt>
          <dd>{device.data.queuedCommands}</dd>
          <dt>{t('system.backups')}</dt>
          <dd>{device.data.backups.length ? device.data.backups.map((b) => b.file).join('、') : t('app.none')}</dd>
        </dl>
      )}
      <IdleLockSetting />
      <LockoutsPanel />
      <h2>{t('system.auditTitle')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('system.at')}</th>
            <th>{t('system.actor')}</th>
            <th>{t('system.audit.sentence')}</th>
            <th>{t('system.details')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.rows.map((row) => (
            <tr key={row.id}>
              {/* To the second: several actions can share a minute. */}
              <td>{formatDateTime(row.at, true)}</td>
              <td>{row.actorName ?? t(`system.actorTypes.${row.actorType}`)}</td>
              <td>{auditSentence(t, row)}</td>
              <td>
                {/* The record as stored stays one click away, for an auditor who needs the exact values. */}
                <details>
                  <summary>{t('system.audit.raw')}</summary>
                  <code className="muted">
                    {row.action} {Object.keys(row.details).length ? JSON.stringify(row.details) : ''}
                  </code>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('system.newer')}
        </button>
        <span className="muted">{t('system.range', { from: total ? offset + 1 : 0, to: Math.min(total, offset + PAGE), total })}</span>
        <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          {t('system.older')}
        </button>
      </div>
    </section>
  );
}
