// The job's file-naming rule: a pattern such as `{job}_{volume}_{page:4}.{ext}`, used to name delivered files
// and to check names found in a delivery folder. Pure, so device, HQ and tests agree.

export const namingTokens = ['job', 'volume', 'shelf', 'page', 'ext'] as const;
export type NamingToken = (typeof namingTokens)[number];

export type NamingPart = { literal: string } | { token: NamingToken; width: number };

export interface NamingValues {
  job: string;
  volume: string;
  shelf: string;
  page: number;
  ext: string;
}

export type PatternResult = { ok: true; parts: NamingPart[] } | { ok: false; reason: string; params?: Record<string, string> };

// Characters Windows and the city's file servers refuse, plus path separators.
const unsafe = /[\\/:*?"<>|]/;

export function parsePattern(pattern: string): PatternResult {
  const parts: NamingPart[] = [];
  const re = /\{([a-z]+)(?::(\d{1,2}))?\}/g;
  let last = 0;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m.index > last) parts.push({ literal: pattern.slice(last, m.index) });
    const token = m[1] as NamingToken;
    if (!namingTokens.includes(token)) return { ok: false, reason: 'scan.errors.namingUnknownToken', params: { token: m[1] } };
    parts.push({ token, width: m[2] ? Number(m[2]) : 0 });
    last = m.index + m[0].length;
  }
  if (last < pattern.length) parts.push({ literal: pattern.slice(last) });
  const literals = parts.filter((p): p is { literal: string } => 'literal' in p).map((p) => p.literal).join('');
  if (/[{}]/.test(literals)) return { ok: false, reason: 'scan.errors.namingBraces' };
  if (unsafe.test(literals)) return { ok: false, reason: 'scan.errors.namingUnsafe' };
  const tokens = parts.filter((p): p is { token: NamingToken; width: number } => 'token' in p).map((p) => p.token);
  // Without volume and page two files could get the same name.
  for (const needed of ['volume', 'page'] as const) {
    if (!tokens.includes(needed)) return { ok: false, reason: 'scan.errors.namingMissingToken', params: { token: needed } };
  }
  if (new Set(tokens).size !== tokens.length) return { ok: false, reason: 'scan.errors.namingRepeatedToken' };
  // Two tokens side by side with no literal between cannot be told apart when reading a name back.
  for (let i = 1; i < parts.length; i++) {
    if ('token' in parts[i] && 'token' in parts[i - 1]) return { ok: false, reason: 'scan.errors.namingAdjacent' };
  }
  return { ok: true, parts };
}

function mustParse(pattern: string): NamingPart[] {
  const parsed = parsePattern(pattern);
  if (!parsed.ok) throw new Error(`invalid naming pattern: ${parsed.reason}`);
  return parsed.parts;
}

export function formatName(pattern: string, values: NamingValues): string {
  return mustParse(pattern)
    .map((p) => {
      if ('literal' in p) return p.literal;
      const raw = String(values[p.token]);
      return p.width > 0 ? raw.padStart(p.width, '0') : raw;
    })
    .join('');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function nameRegex(pattern: string): RegExp {
  const body = mustParse(pattern)
    .map((p) => {
      if ('literal' in p) return escapeRe(p.literal);
      if (p.token === 'page') return p.width > 0 ? `(?<page>\\d{${p.width},})` : '(?<page>\\d+)';
      if (p.token === 'ext') return '(?<ext>[A-Za-z0-9]+)';
      return `(?<${p.token}>[^_./\\\\]+?)`;
    })
    .join('');
  return new RegExp(`^${body}$`);
}

export interface ParsedName {
  job?: string;
  volume: string;
  shelf?: string;
  page: number;
  ext?: string;
}

/** Reads a file name back into its parts, or null when it does not follow the rule. */
export function parseName(pattern: string, fileName: string): ParsedName | null {
  const m = nameRegex(pattern).exec(fileName);
  if (!m?.groups) return null;
  const g = m.groups;
  const parsed: ParsedName = { volume: g.volume, page: Number(g.page) };
  if (g.job !== undefined) parsed.job = g.job;
  if (g.shelf !== undefined) parsed.shelf = g.shelf;
  if (g.ext !== undefined) parsed.ext = g.ext;
  return parsed;
}

export const DEFAULT_NAMING_PATTERN = '{job}_{volume}_{page:4}.{ext}';
