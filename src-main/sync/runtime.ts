// One sync agent per running app, found by the sync handlers through the app's services.
import type { AppServices } from '../api/context';
import { SyncAgent, type SyncAgentOptions } from './agent';

export type SyncRuntimeOptions = Partial<Omit<SyncAgentOptions, 'services'>> & {
  /** false: the agent runs only when asked (tests, the simulator). Default true. */
  autoStart?: boolean;
};

const agents = new WeakMap<AppServices, SyncAgent>();

export function createSyncRuntime(services: AppServices, options: SyncRuntimeOptions = {}): { agent: SyncAgent; stop(): void } {
  const agent = new SyncAgent({ ...options, services });
  agents.set(services, agent);
  // Off when the device is not enrolled: joining or attaching starts it.
  if (options.autoStart !== false && agent.enrolled()) agent.start();
  return { agent, stop: () => agent.stop() };
}

export function syncAgentOf(services: AppServices): SyncAgent {
  const agent = agents.get(services);
  if (!agent) throw new Error('No sync agent for this app');
  return agent;
}

export function autoStartAllowed(services: AppServices): boolean {
  return agents.has(services);
}
