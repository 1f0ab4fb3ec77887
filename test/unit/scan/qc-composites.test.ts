import { describe, expect, it } from 'vitest';
import { gridComplete, missingTiles, tileInGrid } from '../../../src-shared/scan/composites';
import { pickSample, sampleSize, samplingRate } from '../../../src-shared/scan/qc-sampling';

describe('QC sampling', () => {
  it('samples newcomers more and rises after defects, up to a full check', () => {
    expect(samplingRate('A', 0)).toBeGreaterThan(samplingRate('B', 0));
    expect(samplingRate('B', 0)).toBeGreaterThan(samplingRate('C', 0));
    expect(samplingRate('C', 2)).toBeCloseTo(0.25);
    expect(samplingRate(null, 0)).toBe(samplingRate('A', 0));
    expect(samplingRate('A', 50)).toBe(1);
  });

  it('checks at least a few pages, never more than the volume has', () => {
    expect(sampleSize(44, 0.05)).toBe(3);
    expect(sampleSize(44, 0.2)).toBe(9);
    expect(sampleSize(2, 0.2)).toBe(2);
    expect(sampleSize(0, 1)).toBe(0);
  });

  it('picks a reproducible sample that includes the first and last page', () => {
    const a = pickSample(44, 0.2, 'vol-1');
    expect(a).toEqual(pickSample(44, 0.2, 'vol-1'));
    expect(a).toHaveLength(9);
    expect(a[0]).toBe(1);
    expect(a.at(-1)).toBe(44);
    expect(new Set(a).size).toBe(a.length);
    expect(pickSample(44, 0.2, 'vol-2')).not.toEqual(a);
    expect(pickSample(5, 1, 'x')).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('composites', () => {
  it('tracks missing tiles of a rows × cols grid', () => {
    expect(missingTiles(2, 3, [{ row: 1, col: 1 }, { row: 2, col: 3 }])).toEqual([
      { row: 1, col: 2 },
      { row: 1, col: 3 },
      { row: 2, col: 1 },
      { row: 2, col: 2 },
    ]);
    expect(gridComplete(2, 2, [{ row: 1, col: 1 }, { row: 1, col: 2 }, { row: 2, col: 1 }])).toBe(false);
    expect(gridComplete(2, 2, [{ row: 1, col: 1 }, { row: 1, col: 2 }, { row: 2, col: 1 }, { row: 2, col: 2 }])).toBe(true);
    expect(tileInGrid({ row: 3, col: 1 }, 2, 2)).toBe(false);
    expect(tileInGrid({ row: 0, col: 1 }, 2, 2)).toBe(false);
  });
});
