// Types for scripts/stage-app.mjs (imported by the packaging test).
export declare const abiBoundAddons: string[];
export declare const HEADERS_URL: string;
export declare function electronVersion(projectRoot?: string): string;
export declare function sha256File(file: string): string;
export declare function dependencyClosure(names: string[], nodeModules: string): string[];
export declare function electronHeadersAvailable(version: string, options?: { headersUrl?: string; timeoutMs?: number }): Promise<{ ok: boolean; why: string }>;
export type Rebuild = (stageDir: string, options: { version: string; arch: string; log: (message: string) => void }) => Promise<void>;
export declare const electronRebuild: Rebuild;
export declare function addonFile(nodeModules: string, name?: string): string;
export interface Staged {
  stageDir: string;
  electronVersion: string;
  electron: string;
  arch: string;
  /** sha256 of the working node_modules' addon and of the staged one. */
  source: string;
  staged: string;
  result: 'rebuilt' | 'reused' | 'skipped';
}
export declare function stageApp(options?: { projectRoot?: string; stageDir?: string; log?: (message: string) => void; rebuild?: Rebuild; arch?: string }): Promise<Staged>;
