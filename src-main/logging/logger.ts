// One logger per module, JSON lines on stderr and, once a data folder is known, in the rotating log file
// (log-file.ts); never `console` elsewhere (STYLE.md).
import { createJsonLogger, type Logger } from '../../src-shared/core/logger';

export type { Logger, LogLevel } from '../../src-shared/core/logger';

type Sink = (line: string) => void;
const extraSinks = new Set<Sink>();

/** Adds a destination for every logger's lines from `info` up (the log file); returns how to remove it. */
export function addLogSink(sink: Sink): () => void {
  extraSinks.add(sink);
  return () => extraSinks.delete(sink);
}

export function createLogger(module: string): Logger {
  // stderr follows TOMONI_LOG_LEVEL (tests quiet it); the file a clerk sends always keeps `info`, whatever stderr shows.
  const toStderr = createJsonLogger(module, (line) => process.stderr.write(line), process.env.TOMONI_LOG_LEVEL);
  const toSinks = createJsonLogger(
    module,
    (line) => {
      for (const sink of extraSinks) sink(line);
    },
    'info',
  );
  return {
    debug: (m, f) => toStderr.debug(m, f),
    info: (m, f) => (toStderr.info(m, f), toSinks.info(m, f)),
    warn: (m, f) => (toStderr.warn(m, f), toSinks.warn(m, f)),
    error: (m, f) => (toStderr.error(m, f), toSinks.error(m, f)),
  };
}
