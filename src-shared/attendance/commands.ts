// Every attendance command, for the command registry.
import { correctionCommands } from './correction-commands';
import { monthCommands } from './month-commands';
import { punchCommands } from './punch-commands';

export const attendanceCommands = [...punchCommands, ...correctionCommands, ...monthCommands];
