// Process-level last resort: a promise rejection nobody handled or an exception thrown from a callback is logged with
// its stack and the process keeps serving. Without these Node ends the process, and a device would stop syncing (and
// `serve` stop answering) over one missed handler. Each such log line is a bug to fix where it happened.
import type { Logger } from './logger';

let installed = false;

export function installProcessGuards(log: Logger): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection (kept running)', { error: reason instanceof Error ? reason.stack : String(reason) });
  });
  process.on('uncaughtException', (err) => {
    log.error('uncaught exception (kept running)', { error: err instanceof Error ? err.stack : String(err) });
  });
}
