// @vitest-environment jsdom
// The menu offers a screen only to roles the router lets use it: every role a route lists may call every procedure
// the route says it needs. A screen offered and then refused with 「権限がありません」 fails here.
import { describe, expect, it, vi } from 'vitest';
import { mayCall } from '../../../src-shared/api/access';
import { roles } from '../../../src-shared/core/roles';
import { routes } from '../../../src-renderer/app/routes';

// The PDF viewer's worker is a file URL only the renderer's bundler makes; the routes do not need it here.
vi.mock('../../../src-renderer/entry/pdf', () => ({}));

describe('menus by role', () => {
  it('every role a route is offered to may call what the route needs', () => {
    const refused = routes.flatMap((r) =>
      (r.needs ?? []).flatMap((name) => r.roles.filter((role) => !mayCall(name, role)).map((role) => `${r.path}: ${role} may not call ${name}`)),
    );
    expect(refused).toEqual([]);
  });

  it('every screen in a menu says what it needs (so the check above covers it)', () => {
    expect(routes.filter((r) => !r.hidden && !r.needs?.length).map((r) => r.path)).toEqual([]);
  });

  it('reads access from the contract: staff accounts are the admin’s, jobs the admin’s and managers’', () => {
    expect(roles.filter((r) => mayCall('people.saveStaff', r))).toEqual(['admin']);
    expect(roles.filter((r) => mayCall('people.saveJob', r))).toEqual(['admin', 'manager']);
    expect(mayCall('people.saveJob', null)).toBe(false);
    expect(mayCall('app.status', null)).toBe(true);
  });
});
