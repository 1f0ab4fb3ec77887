// App-wide procedures: status of this install and first-run setup.
import { z } from 'zod';
import { procedure } from '../api/define';
import { loginIdSchema, nameSchema, passwordDiffersFromLoginId, passwordIsLoginId, passwordSchema } from '../people/schemas';

export type DeviceKind = 'center' | 'loaned';

export interface AppStatus {
  setupDone: boolean;
  /** Joined HQ with a code and still taking its first sync: set-up is not done until it has (decision 0098). */
  joining?: boolean;
  appVersion: string;
  schemaVersion: number;
  device: {
    deviceId: string;
    kind: DeviceKind;
    operatorId: string;
    operatorName: string;
    siteId: string | null;
    siteName: string | null;
    /** Loaned PC: the worker it is lent to. */
    workerId: string | null;
  } | null;
  /** Set when the device clock disagrees with what the data says is possible (DESIGN.md rule 7). */
  clockWarning: { kind: 'behind' | 'implausible'; skewMinutes: number } | null;
  now: number;
  /** Signed-in sessions on this PC lock after this many idle minutes (system screen). */
  idleLockMinutes: number;
  /** A store loaded with the demo operator: its public sign-ins, shown on the sign-in screen. */
  demo?: { staffLoginIds: string[]; password: string; firstWorkerCode: string | null; lastWorkerCode: string | null; pin: string } | null;
}

export const setupInput = z.object({
  operatorName: z.string().trim().min(1).max(100),
  siteName: nameSchema,
  siteCode: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9-]+$/, 'validation.code'),
  deviceKind: z.enum(['center', 'loaned']),
  admin: z
    .object({
      loginId: loginIdSchema,
      familyName: nameSchema,
      givenName: nameSchema,
      password: passwordSchema,
    })
    .refine(passwordDiffersFromLoginId, passwordIsLoginId),
});
export type SetupInput = z.input<typeof setupInput>;

export const appContract = {
  'app.status': procedure<AppStatus>()({ input: z.object({}), access: 'public' }),
  'setup.initialize': procedure<AppStatus>()({ input: setupInput, access: 'public' }),
  'setup.loadDemo': procedure<AppStatus>()({ input: z.object({}), access: 'public' }),
};
