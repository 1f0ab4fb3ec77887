import type { system as ja } from '../ja/system';

export const system: typeof ja = {
  system: {
    title: 'Device and audit log',
    deviceId: 'Device ID',
    deviceKind: 'Device role',
    encryption: 'Encryption at rest',
    encrypted: 'Encrypted',
    notEncrypted: 'Not encrypted',
    versions: 'Versions',
    schema: 'data version {{version}}',
    queued: 'Changes not yet sent',
    backups: 'Backups',
    auditTitle: 'Audit log',
    at: 'When',
    actor: 'Who',
    action: 'Action',
    details: 'Details',
    actorTypes: { staff: 'Staff', worker: 'Worker', device: 'Device' },
    newer: 'Newer',
    older: 'Older',
    range: '{{from}}–{{to}} of {{total}}',
  },
};
