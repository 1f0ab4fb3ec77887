// Where the app keeps its data. On Windows the local, not the roaming, app-data folder: a roaming profile would copy
// the database and the scan sources to the domain server at every sign-out (docs/decisions/0086).
import path from 'node:path';

export function localDataDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, electronDefault: string): string {
  if (platform === 'win32' && env.LOCALAPPDATA) return path.win32.join(env.LOCALAPPDATA, 'Tomoni');
  return electronDefault;
}
