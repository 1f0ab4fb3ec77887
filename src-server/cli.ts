// `npm run hq -- --port <n> --data <dir> [--database-url postgres://…] [--host 127.0.0.1]`
// `npm run hq -- --data <dir> [--database-url …] --new-operator-code [--ttl-hours 72]`: prints a one-time code that
// attaches one more operator (a cooperative), then exits. Whoever can run this on the HQ machine is HQ staff.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createOperatorCode } from './admin/operators';
import { createHq } from './hq';
import { createLogger } from './logging/logger';

const log = createLogger('cli');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5790' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: path.resolve('.data/hq') },
      'database-url': { type: 'string' },
      'new-operator-code': { type: 'boolean', default: false },
      'ttl-hours': { type: 'string', default: '72' },
    },
  });
  const hours = Number(values['ttl-hours']);
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 14) {
    process.stderr.write('--ttl-hours must be a whole number of hours from 1 to 336\n');
    process.exit(2);
  }
  const hq = await createHq({ dataDir: path.resolve(values.data), databaseUrl: values['database-url'], defaultMetrics: true });
  if (values['new-operator-code']) {
    const { code, expiresAt } = await createOperatorCode(hq.db, hours * 60, Date.now());
    process.stdout.write(`Operator attach code (one use, until ${new Date(expiresAt).toISOString()}): ${code}\n`);
    await hq.close();
    return;
  }
  const server = serve({ fetch: hq.app.fetch, port: Number(values.port), hostname: values.host }, (info) => {
    process.stdout.write(`Tomoni HQ is ready at http://${values.host}:${info.port}/\n`);
    if (hq.secrets.bootstrapCode) process.stdout.write(`Bootstrap code (attach the first device's operator): ${hq.secrets.bootstrapCode}\n`);
    if (hq.secrets.adminToken) process.stdout.write(`Admin token (shown once): ${hq.secrets.adminToken}\n`);
  });
  const stop = () => {
    server.close();
    void hq.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  log.error('hq failed to start', { error: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
