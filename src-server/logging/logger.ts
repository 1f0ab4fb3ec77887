// HQ's structured JSON log lines on stderr (src-server never imports src-main; STYLE.md: no console).
import { createJsonLogger, type Logger } from '../../src-shared/core/logger';

export type { Logger, LogLevel } from '../../src-shared/core/logger';

export function createLogger(module: string): Logger {
  return createJsonLogger(`hq.${module}`, (line) => process.stderr.write(line), process.env.TOMONI_LOG_LEVEL);
}
