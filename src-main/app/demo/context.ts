// What a feature's demo seeder gets: a way to run commands and what earlier seeders made.
import type { CommandActor } from '../../../src-shared/commands/define';
import type { AppServices } from '../../api/context';

export interface DemoContext {
  services: AppServices;
  run(name: string, input: unknown, actor: CommandActor): void;
  admin: CommandActor;
  firstSiteId: string;
  /**
   * The demo PC is a center PC. A loaned PC holds only its own worker's records, made at home: the demo's history
   * (punches, keying of the center-only job) belongs on center PCs.
   */
  atCenter: boolean;
  now: number;
}
