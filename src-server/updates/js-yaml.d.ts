// js-yaml ships no types and @types/js-yaml is not installed: the two calls HQ makes, typed at the boundary.
declare module 'js-yaml' {
  export function load(text: string, options?: { schema?: unknown; json?: boolean }): unknown;
  export function dump(value: unknown, options?: { lineWidth?: number; noRefs?: boolean }): string;
  export const JSON_SCHEMA: unknown;
}
