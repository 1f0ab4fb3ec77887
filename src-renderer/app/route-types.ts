// A screen the shell can show: its path, nav label, who may open it.
import type { ComponentType } from 'react';
import type { Role } from '../../src-shared/core/roles';

export interface RouteDef {
  path: string;
  labelKey: string;
  /** Roles that see it in the nav and may open it. `kiosk` routes open on a center PC with nobody signed in. */
  roles: readonly Role[];
  component: ComponentType;
  /** Hidden from the nav (reached from another screen). */
  hidden?: boolean;
}
