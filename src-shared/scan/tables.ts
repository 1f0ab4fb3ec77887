// Synced tables of the scan station. Everything about a job travels in its job bucket (a shared job is pulled by
// every site working on it) and in the operator bucket (HQ and office views).
import type { Row } from '../commands/define';
import type { SyncedTableSpec } from '../sync/tables';

const jobBuckets = (row: Row): string[] => [`op:${String(row.operatorId)}`, `job:${String(row.jobId)}`];

export const scanTables: Record<string, SyncedTableSpec> = {
  scanSettings: { kind: 'registry', buckets: jobBuckets },
  scanVolumes: { kind: 'registry', buckets: jobBuckets, lookups: [['jobId', 'volumeNo']] },
  scanVolumeStates: { kind: 'state', buckets: jobBuckets },
  scanPages: { kind: 'state', buckets: jobBuckets, lookups: [['volumeId']] },
  scanTiles: { kind: 'event', buckets: jobBuckets, lookups: [['pageId'], ['volumeId']] },
  scanEvents: { kind: 'event', buckets: jobBuckets, lookups: [['volumeId', 'kind'], ['pageId', 'kind']] },
  scanQcResults: { kind: 'event', buckets: jobBuckets, lookups: [['volumeId']] },
  scanDeliveries: { kind: 'event', buckets: jobBuckets, lookups: [['jobId', 'shipmentNo']] },
  // Operator-wide: the next list from the same client may come for another job, at another site.
  scanImportMappings: { kind: 'registry', buckets: (row) => [`op:${String(row.operatorId)}`], lookups: [['clientKey']] },
};
