// Small widgets features put in the top bar (e.g. the sync status). Add one entry per feature.
import type { ComponentType } from 'react';
import { IdleLock } from '../attendance/IdleLock';
import { SyncWidget } from '../sync/SyncWidget';

export const statusSlots: ComponentType[] = [IdleLock, SyncWidget];
