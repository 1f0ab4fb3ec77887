// Who may do what. Staff roles follow DOMAIN.md; `kiosk` is the shared center PC itself.
export const staffRoles = ['admin', 'backoffice', 'manager', 'director'] as const;
export const workerRoles = ['leader', 'worker'] as const;
export const roles = [...staffRoles, ...workerRoles, 'kiosk'] as const;

export type StaffRole = (typeof staffRoles)[number];
export type WorkerRole = (typeof workerRoles)[number];
export type Role = (typeof roles)[number];

/** Roles that can lead and approve work on the floor. */
export const supervisorRoles: readonly Role[] = ['admin', 'manager', 'director', 'leader'];
export const officeRoles: readonly Role[] = ['admin', 'backoffice', 'manager', 'director'];
export const signedInRoles: readonly Role[] = [...staffRoles, ...workerRoles];

export function isStaffRole(role: Role): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}
