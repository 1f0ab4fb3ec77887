// QC by sample: how many pages of a volume the inspector checks, following the worker's skill stage and rising
// after recent defects. Pure and deterministic, so the same volume always yields the same sample.
import type { SkillStage } from '../people/rows';

/** Base share of pages checked per skill stage (a newcomer's work is checked most). */
export const baseRates: Record<SkillStage, number> = { A: 0.2, B: 0.1, C: 0.05 };
/** Each defect found in the worker's recent volumes adds this much, up to a full check. */
export const ratePerDefect = 0.1;
export const minimumSample = 3;

export function samplingRate(stage: SkillStage | null, recentDefects: number): number {
  const base = baseRates[stage ?? 'A'];
  return Math.min(1, base + Math.max(0, recentDefects) * ratePerDefect);
}

export function sampleSize(pageCount: number, rate: number): number {
  if (pageCount <= 0) return 0;
  return Math.min(pageCount, Math.max(minimumSample, Math.ceil(pageCount * rate)));
}

// FNV-1a then xorshift: a tiny seeded generator, enough to spread the sample and stay reproducible.
function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let x = h || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Page numbers (1-based, ascending) to inspect. The first and last pages are always in: that is where gaps show. */
export function pickSample(pageCount: number, rate: number, seed: string): number[] {
  const size = sampleSize(pageCount, rate);
  if (size >= pageCount) return Array.from({ length: pageCount }, (_, i) => i + 1);
  const chosen = new Set<number>([1, pageCount]);
  const rand = seededRandom(seed);
  while (chosen.size < size) chosen.add(1 + Math.floor(rand() * pageCount));
  return [...chosen].sort((a, b) => a - b);
}

export const defectTypes = ['blur', 'skew', 'cropped', 'missing_page', 'duplicate_page', 'resolution', 'color', 'naming', 'other'] as const;
export type DefectType = (typeof defectTypes)[number];
