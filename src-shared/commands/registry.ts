// The one list of named commands, merged from each feature. HQ and devices look commands up here.
import type { CommandDef } from './define';
import { peopleCommands } from '../people/commands';
import { entryCommands } from '../entry/commands';
import { scanCommands } from '../scan/commands';
import { attendanceCommands } from '../attendance/commands';

const all: CommandDef[] = [...(peopleCommands as CommandDef[]), ...(entryCommands as CommandDef[]), ...(scanCommands as CommandDef[]), ...(attendanceCommands as CommandDef[])];

export const commandRegistry: ReadonlyMap<string, CommandDef> = new Map(all.map((c) => [c.name, c]));

export function getCommand(name: string): CommandDef | undefined {
  return commandRegistry.get(name);
}
