// `npm run hq -- --data <dir> --tls-self-signed [--port <n>] [--host 127.0.0.1] [--database-url postgres://…]`
//   HTTPS with a certificate made for this HQ in <dir>/tls (first start), or `--tls-cert FILE --tls-key FILE`;
//   plain HTTP only with `--insecure-http` (decision 0079).
// `npm run hq -- --port <n> --data <dir> [--database-url postgres://…] [--host 127.0.0.1]`
// `… [--backup-dir DIR] [--backup-keep 14] [--backup-every-hours 24]`: scheduled online backups of the SQLite HQ.
// `npm run hq -- --data <dir> --restore <backup file>`: restores a backup (HQ stopped), then exits.
// `npm run hq -- --data <dir> [--database-url …] --new-operator-code [--ttl-hours 72]`: prints a one-time code that
// attaches one more operator (a cooperative), then exits. Whoever can run this on the HQ machine is HQ staff.
// `npm run hq -- --data <dir> [--database-url …] --rotate-admin-token | --rotate-metrics-token`: prints a new token
// (the old one stops working), then exits.
// `npm run hq -- --data <dir> [--database-url …] --publish-release <electron-builder output folder> [--rollout 25]`:
// verifies latest.yml's sha512 against the installer, stores the release in <dir>/updates and makes it the one devices
// get (for the given share of devices), then exits. `… --rollout N` alone changes the share (decision 0103).
import https from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import fs from 'node:fs';
import { rotateToken } from './admin/enrollment';
import { createOperatorCode } from './admin/operators';
import { createHq } from './hq';
import { restoreSqliteHq, scheduleHqBackups } from './store/backup';
import { HqSchemaTooNew } from './store/schema';
import { createLogger } from './logging/logger';
import { loadTls, selfSignedPaths, selfSignedTls, type HqTls } from './tls';
import { installProcessGuards } from './logging/process-guard';
import { publishRelease, PublishError, setRollout } from './updates/release-store';

const log = createLogger('cli');
installProcessGuards(createLogger('process'));

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function tlsFor(values: { 'tls-cert'?: string; 'tls-key'?: string; 'tls-self-signed': boolean; 'insecure-http': boolean; host: string }, dataDir: string, serving: boolean): Promise<HqTls | null> {
  const given = values['tls-cert'] || values['tls-key'];
  if ([!!given, values['tls-self-signed'], values['insecure-http']].filter(Boolean).length > 1) fail('Choose one of --tls-cert/--tls-key, --tls-self-signed and --insecure-http.');
  if (given) {
    if (!values['tls-cert'] || !values['tls-key']) fail('--tls-cert and --tls-key go together.');
    return loadTls(path.resolve(values['tls-cert']), path.resolve(values['tls-key']));
  }
  if (values['tls-self-signed']) return selfSignedTls(dataDir, [values.host]);
  if (values['insecure-http']) return null;
  // Codes made at the command line carry the pin of the certificate this HQ already serves with, when it made one.
  const own = selfSignedPaths(dataDir);
  if (!serving) return fs.existsSync(own.cert) ? loadTls(own.cert, own.key) : null;
  fail(
    'HQ speaks HTTPS: start it with --tls-self-signed (a certificate made in the data folder), or --tls-cert FILE --tls-key FILE.\n' +
      'Plain HTTP sends device secrets and the admin token in clear: only with --insecure-http, on a network you trust.',
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5790' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: path.resolve('.data/hq') },
      'database-url': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean', default: false },
      'insecure-http': { type: 'boolean', default: false },
      'new-operator-code': { type: 'boolean', default: false },
      'rotate-admin-token': { type: 'boolean', default: false },
      'rotate-metrics-token': { type: 'boolean', default: false },
      'ttl-hours': { type: 'string', default: '72' },
      'backup-dir': { type: 'string' },
      'backup-keep': { type: 'string', default: '14' },
      'backup-every-hours': { type: 'string', default: '24' },
      restore: { type: 'string' },
      'publish-release': { type: 'string' },
      rollout: { type: 'string' },
    },
  });
  const dataDir = path.resolve(values.data);
  if (values.restore) {
    if (values['database-url']) fail('--restore is for the SQLite HQ; restore PostgreSQL with pg_restore (README).');
    const done = restoreSqliteHq(dataDir, path.resolve(values.restore), Date.now());
    process.stdout.write(`Restored ${values.restore} (schema ${done.schemaVersion}) into ${done.restored}${done.keptAs ? `; the previous database is kept as ${done.keptAs}` : ''}.\n`);
    process.stdout.write('Start HQ as usual: devices re-send what this backup lacks from their safety copies.\n');
    return;
  }
  const keep = Number(values['backup-keep']);
  const everyHours = Number(values['backup-every-hours']);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000) fail('--backup-keep must be a whole number from 1 to 1000');
  if (!Number.isFinite(everyHours) || everyHours < 0.01 || everyHours > 24 * 7) fail('--backup-every-hours must be a number of hours from 0.01 to 168');
  if (values['backup-dir'] && values['database-url']) fail('--backup-dir backs up the SQLite HQ; back up PostgreSQL with pg_dump or base backups + WAL (README).');
  const hours = Number(values['ttl-hours']);
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 14) fail('--ttl-hours must be a whole number of hours from 1 to 336');
  const rollout = values.rollout === undefined ? undefined : Number(values.rollout);
  if (rollout !== undefined && !(Number.isInteger(rollout) && rollout >= 0 && rollout <= 100)) fail('--rollout is a whole number from 0 to 100 (the share of devices that take the release)');
  const releases = values['publish-release'] !== undefined || rollout !== undefined;
  const oneShot = values['new-operator-code'] || values['rotate-admin-token'] || values['rotate-metrics-token'] || releases;
  const tls = await tlsFor(values, dataDir, !oneShot);
  const withPin = (code: string) => (tls ? `${code}@${tls.pin}` : code);
  const hq = await createHq({ dataDir, databaseUrl: values['database-url'], defaultMetrics: true, pin: tls?.pin ?? null });
  if (oneShot) {
    if (values['new-operator-code']) {
      const { code, expiresAt } = await createOperatorCode(hq.db, hours * 60, Date.now());
      process.stdout.write(`Operator attach code (one use, until ${new Date(expiresAt).toISOString()}): ${withPin(code)}\n`);
    }
    if (values['rotate-admin-token']) process.stdout.write(`New admin token (shown once; the old one no longer works): ${await rotateToken(hq.db, 'admin_token_hash')}\n`);
    if (values['rotate-metrics-token']) process.stdout.write(`New metrics token (shown once; the old one no longer works): ${await rotateToken(hq.db, 'metrics_token_hash')}\n`);
    if (releases) await releaseCommand(hq.db, path.join(dataDir, 'updates'), values['publish-release'], rollout, () => hq.close());
    await hq.close();
    return;
  }
  const stopBackups = values['backup-dir']
    ? scheduleHqBackups(path.join(dataDir, 'hq.sqlite'), path.resolve(values['backup-dir']), { everyHours, keep, log })
    : () => undefined;
  const options = { fetch: hq.app.fetch, port: Number(values.port), hostname: values.host };
  const ready = (info: { port: number }) => {
    process.stdout.write(`Tomoni HQ is ready at ${tls ? 'https' : 'http'}://${values.host}:${info.port}/\n`);
    if (tls) {
      process.stdout.write(`TLS certificate SHA-256: ${tls.fingerprint256} (valid until ${tls.validTo})\n`);
      process.stdout.write(`Certificate pin (the part after @ in every code): ${tls.pin}\n`);
    } else process.stdout.write('WARNING: plain HTTP (--insecure-http): device secrets and the admin token cross the network in clear.\n');
    if (hq.secrets.bootstrapCode) {
      process.stdout.write(`Bootstrap code (attach the first device's operator; until ${new Date(hq.secrets.bootstrapExpiresAt!).toISOString()}): ${withPin(hq.secrets.bootstrapCode)}\n`);
    }
    if (hq.secrets.adminToken) process.stdout.write(`Admin token (shown once): ${hq.secrets.adminToken}\n`);
  };
  // A differential update asks for up to 1,000 byte ranges in one header (~20 KB), past Node's 16 KB default.
  const maxHeaderSize = 64 * 1024;
  const server = tls
    ? serve({ ...options, createServer: https.createServer, serverOptions: { key: tls.key, cert: tls.cert, maxHeaderSize } }, ready)
    : serve({ ...options, serverOptions: { maxHeaderSize } }, ready);
  const stop = () => {
    stopBackups();
    server.close();
    void hq.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function releaseCommand(db: Parameters<typeof setRollout>[0], updatesDir: string, releaseDir: string | undefined, rollout: number | undefined, close: () => Promise<void>): Promise<void> {
  try {
    if (releaseDir !== undefined) {
      const done = await publishRelease(db, updatesDir, path.resolve(releaseDir), { percentage: rollout, now: Date.now() });
      for (const f of done.files) process.stdout.write(`  ${f.name} (${(f.size / 1024 / 1024).toFixed(1)} MB)\n`);
      if (done.removed.length) process.stdout.write(`Removed installers of old releases: ${done.removed.join(', ')}\n`);
      process.stdout.write(`Published ${done.version} for ${done.percentage}% of devices: they fetch it from <HQ URL>/updates/.\n`);
    } else if (rollout !== undefined) {
      const release = await setRollout(db, rollout);
      process.stdout.write(`Release ${release.version} now goes to ${release.percentage}% of devices.\n`);
    }
  } catch (err) {
    if (!(err instanceof PublishError)) throw err;
    await close();
    fail(`Not published: ${err.message}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof HqSchemaTooNew) {
    process.stderr.write(`${err.message}\n`);
    process.exit(3);
  }
  log.error('hq failed to start', { error: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
