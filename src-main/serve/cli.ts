// `npm run serve -- --port <n> --data <dir> [--demo]`: prints the URL once it is ready.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../app/services';
import { AppError } from '../../src-shared/core/errors';
import { keyFileSource } from '../store/database-key';
import { scheduleBackups } from '../store/backup';
import { loadDemo, DEMO_PASSWORD } from '../app/demo';
import { readDevice } from '../app/device';
import { addLogSink, createLogger } from '../logging/logger';
import { openLogFile } from '../logging/log-file';
import { installProcessGuards } from '../logging/process-guard';
import { createFatalHttpApp, createHttpApp, listen } from './http';

const log = createLogger('serve');
installProcessGuards(createLogger('process'));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5780' },
      data: { type: 'string', default: path.resolve('.data/serve') },
      demo: { type: 'boolean', default: false },
      'demo-kind': { type: 'string', default: 'center' },
      static: { type: 'string', default: path.resolve('dist-renderer') },
    },
  });
  const dataDir = path.resolve(values.data);
  // The same rotating log file as the desktop app, so 「ログを保存」 works in browser mode too.
  const logFile = openLogFile(dataDir);
  addLogSink((line) => logFile.write(line));
  // No OS keychain without Electron: the key sits beside the data in a 0600 file (or TOMONI_DB_KEY).
  let app: App;
  try {
    app = createApp({ dataDir, databaseKey: keyFileSource(dataDir, null) });
  } catch (err) {
    const reason = err instanceof AppError ? err.payload : { code: 'internal' as const, messageKey: 'fatal.unknown' };
    log.error('store cannot open; serving the reason', { error: err instanceof Error ? err.stack : String(err) });
    const { port } = await listen(createFatalHttpApp(reason, path.resolve(values.static)), Number(values.port));
    process.stdout.write(`Tomoni is ready at http://127.0.0.1:${port}/ (cannot open data: ${reason.messageKey})\n`);
    return;
  }
  if (values.demo && !readDevice(app.services.store)) {
    loadDemo(app.services, values['demo-kind'] === 'loaned' ? 'loaned' : 'center');
    log.info('demo data loaded', { admin: 'admin', password: DEMO_PASSWORD, pin: '1234' });
  }
  const stopBackups = scheduleBackups(app.services.store, path.join(dataDir, 'backups'), app.services.clock);
  const http = createHttpApp(app, path.resolve(values.static));
  const { server, port } = await listen(http, Number(values.port));
  process.stdout.write(`Tomoni is ready at http://127.0.0.1:${port}/\n`);
  const stop = () => {
    stopBackups();
    server.close();
    app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  log.error('serve failed to start', { error: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
