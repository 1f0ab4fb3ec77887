// Signing in: staff by login id + password, workers by worker code + PIN (rate-limited, with lockout).
import { z } from 'zod';
import { procedure } from '../api/define';
import type { Role } from '../core/roles';
import { pinSchema, workerCodeSchema } from '../people/schemas';

export interface SessionInfo {
  token: string;
  role: Role;
  staffId: string | null;
  workerId: string | null;
  displayName: string;
}

export interface Me {
  role: Role;
  staffId: string | null;
  workerId: string | null;
  displayName: string;
}

export const authContract = {
  'auth.login': procedure<SessionInfo>()({
    input: z.object({ loginId: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) }),
    access: 'public',
  }),
  'auth.workerLogin': procedure<SessionInfo>()({
    input: z.object({ code: workerCodeSchema, pin: pinSchema }),
    access: 'public',
  }),
  'auth.logout': procedure<{ done: true }>()({ input: z.object({ reason: z.enum(['idle']).optional() }), access: 'public' }),
  'auth.me': procedure<Me | null>()({ input: z.object({}), access: 'public' }),
};
