// IPC accepts only calls from the app's own top frame, with a validated envelope (DESIGN.md security rules).
import { z } from 'zod';

export const callEnvelope = z.object({
  name: z.string().min(1).max(100),
  input: z.unknown(),
  token: z.string().max(200).nullable(),
});

/** The renderer is loaded from this origin only; anything else is not our code. */
export const APP_ORIGIN = 'app://tomoni';

export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    return new URL(frameUrl).origin === APP_ORIGIN || frameUrl.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}
