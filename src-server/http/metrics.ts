// Prometheus metrics for one HQ instance (its own registry, so several HQs can run in one test process).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HqMetrics {
  registry: Registry;
  requests: Counter<'route' | 'status'>;
  commands: Counter<'status'>;
  duration: Histogram<'route'>;
  rowsServed: Counter;
  pushGroup: Histogram;
  /** Pull answers read ahead (decision 0061): served, not asked for that way, or outdated by the device's push. */
  pullAhead: Counter<'result'>;
  /** Source-file bytes received from and sent to devices (decision 0120). */
  fileBytes: Counter<'direction'>;
}

export function createMetrics(defaults = false): HqMetrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({ name: 'tomoni_hq_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [registry] }),
    commands: new Counter({ name: 'tomoni_hq_commands_total', help: 'Pushed commands by outcome', labelNames: ['status'], registers: [registry] }),
    duration: new Histogram({ name: 'tomoni_hq_request_seconds', help: 'Request duration', labelNames: ['route'], registers: [registry], buckets: [0.005, 0.02, 0.1, 0.5, 2, 10] }),
    rowsServed: new Counter({ name: 'tomoni_hq_rows_served_total', help: 'Rows sent to devices by pull', registers: [registry] }),
    pushGroup: new Histogram({ name: 'tomoni_hq_push_group_size', help: 'Pushes applied per transaction (group commit)', registers: [registry], buckets: [1, 2, 5, 20, 50, 200] }),
    pullAhead: new Counter({ name: 'tomoni_hq_pull_ahead_total', help: 'Pull answers read ahead, by use: hit, miss, stale', labelNames: ['result'], registers: [registry] }),
    fileBytes: new Counter({ name: 'tomoni_hq_file_bytes_total', help: 'Source-file bytes moved, by direction: in, out', labelNames: ['direction'], registers: [registry] }),
  };
}
