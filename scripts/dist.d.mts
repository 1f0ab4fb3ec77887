// Types for scripts/dist.mjs (imported by the packaging test).
export declare function builderArgs(options: { stageDir: string; electronVersion: string; output?: string; extra?: string[]; env?: Record<string, string | undefined> }): string[];
