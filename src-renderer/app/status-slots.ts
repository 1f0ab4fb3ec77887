// Small widgets features put in the top bar (e.g. the sync status). Add one entry per feature.
import type { ComponentType } from 'react';

export const statusSlots: ComponentType[] = [];
