// A screen the shell can show: its path, nav label, who may open it.
import type { ComponentType } from 'react';
import type { ProcedureName } from '../../src-shared/api/contract';
import type { Role } from '../../src-shared/core/roles';

export interface RouteDef {
  path: string;
  labelKey: string;
  /** Roles that see it in the nav and may open it. `kiosk` routes open on a center PC with nobody signed in. */
  roles: readonly Role[];
  component: ComponentType;
  /**
   * Procedures the screen cannot work without: every role in `roles` must be allowed to call them (a unit test holds
   * every route to it), so the menu never offers a screen that then refuses.
   */
  needs?: readonly ProcedureName[];
  /** Hidden from the nav (reached from another screen). */
  hidden?: boolean;
}
