// One logger per module, JSON lines on stderr; never `console` elsewhere (STYLE.md).
import { createJsonLogger, type Logger } from '../../src-shared/core/logger';

export type { Logger, LogLevel } from '../../src-shared/core/logger';

export function createLogger(module: string): Logger {
  return createJsonLogger(module, (line) => process.stderr.write(line), process.env.TOMONI_LOG_LEVEL);
}
