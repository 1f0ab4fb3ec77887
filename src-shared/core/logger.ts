// Structured JSON log lines, one shape for the desktop app and HQ. The sink (stderr) and the level are passed in,
// because src-shared touches no Node API.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createJsonLogger(module: string, sink: (line: string) => void, level: string | undefined): Logger {
  const threshold = order[level as LogLevel] ?? order.info;
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < threshold) return;
    sink(JSON.stringify({ t: new Date().toISOString(), level: lvl, module, msg, ...fields }) + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
