// HQ device administration through this device (admins): enrollment codes, device list, revocation, HQ's audit.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { Field } from '../ui/Field';
import { useAction } from '../ui/useAction';
import { HqAuditList } from './HqAuditList';
import { formatDateTime } from '../../src-shared/core/time';

export function DevicesPanel() {
  const { t } = useTranslation();
  const devices = useQuery('sync.admin.devices', {});
  const audit = useQuery('sync.admin.audit', {});
  const staff = useQuery('people.listStaff', {}, { tables: ['staff'] });
  const sites = useQuery('people.listSites', {}, { tables: ['sites'] });
  const workers = useQuery('people.listWorkers', {}, { tables: ['workers'] });
  const [form, setForm] = useState({ kind: 'center' as 'center' | 'loaned', target: '', ttlMinutes: 1440 });
  const [issued, setIssued] = useState<{ code: string; expiresAt: number } | null>(null);
  const create = useAction(async () => {
    setIssued(
      await call('sync.admin.createCode', {
        kind: form.kind,
        siteId: form.kind === 'center' ? form.target.trim() : null,
        workerId: form.kind === 'loaned' ? form.target.trim() : null,
        ttlMinutes: form.ttlMinutes,
      }),
    );
    devices.reload();
    audit.reload();
  });
  const revoke = useAction(async (deviceId: string) => {
    if (!window.confirm(t('sync.admin.confirmRevoke'))) return;
    await call('sync.admin.revoke', { deviceId });
    devices.reload();
    audit.reload();
  });
  const when = (ms: number | null) => (ms ? formatDateTime(ms) : '—');
  return (
    <section className="devices-panel">
      <h2>{t('sync.admin.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <fieldset>
          <legend>{t('sync.admin.kind')}</legend>
          {(['center', 'loaned'] as const).map((kind) => (
            <label key={kind} className="radio">
              <input type="radio" name="kind" checked={form.kind === kind} onChange={() => setForm({ ...form, kind, target: '' })} />
              {t(`sync.admin.kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <Field label={form.kind === 'center' ? t('sync.admin.site') : t('sync.admin.worker')} path="siteId" error={create.error}>
          <select name="target" value={form.target} onChange={(e) => setForm({ ...form, target: e.target.value })}>
            <option value="">—</option>
            {form.kind === 'center'
              ? (sites.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.code} {s.name}
                  </option>
                ))
              : (workers.data ?? []).map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.code} {w.familyName} {w.givenName}
                  </option>
                ))}
          </select>
        </Field>
        <Field label={t('sync.admin.ttl')} path="ttlMinutes" error={create.error}>
          <input name="ttl" type="number" min={5} value={form.ttlMinutes} onChange={(e) => setForm({ ...form, ttlMinutes: Number(e.target.value) })} />
        </Field>
        <ErrorText error={create.error && !create.error.issues?.length ? create.error : null} />
        <button type="submit" disabled={create.busy}>
          {t('sync.admin.createCode')}
        </button>
      </form>
      {issued && (
        <p className="notice" data-testid="enrollment-code">
          {t('sync.admin.codeIssued', { code: issued.code, expires: when(issued.expiresAt) })}
        </p>
      )}
      <h3>{t('sync.admin.devices')}</h3>
      <ErrorText error={devices.error ?? revoke.error} />
      <table aria-label={t('sync.admin.devices')}>
        <thead>
          <tr>
            <th>{t('sync.admin.device')}</th>
            <th>{t('sync.admin.kind')}</th>
            <th>{t('sync.admin.lastSeen')}</th>
            <th>{t('sync.admin.lag')}</th>
            <th>{t('sync.admin.version')}</th>
            <th>{t('sync.clockOffset')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(devices.data?.devices ?? []).map((d) => (
            <tr key={d.deviceId}>
              <td>
                <code>{d.deviceId.slice(-8)}</code>
              </td>
              <td>{t(`sync.admin.kinds.${d.kind}`)}</td>
              <td>{when(d.lastSeen)}</td>
              <td>{d.queued ?? '—'}</td>
              <td>
                {d.appVersion ?? '—'} / {d.schemaVersion ?? '—'}
              </td>
              <td>{d.clockOffsetMs === null ? '—' : t('sync.clockOffsetValue', { minutes: Math.round(d.clockOffsetMs / 60_000) })}</td>
              <td>
                {d.revokedAt ? (
                  t('sync.admin.revoked')
                ) : (
                  <button type="button" onClick={() => void revoke.run(d.deviceId)}>
                    {t('sync.admin.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText error={audit.error} />
      {audit.data && (
        <HqAuditList
          entries={audit.data.entries}
          staffNames={new Map((staff.data ?? []).map((m) => [m.id, `${m.familyName} ${m.givenName}`]))}
          when={(ms) => when(ms)}
        />
      )}
    </section>
  );
}
