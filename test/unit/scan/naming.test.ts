import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatName, parseName, parsePattern, DEFAULT_NAMING_PATTERN } from '../../../src-shared/scan/naming';

describe('file-naming rule', () => {
  it('formats with zero padding and reads the name back', () => {
    const name = formatName(DEFAULT_NAMING_PATTERN, { job: 'ARCHIVE-01', volume: '012', shelf: 'K-1', page: 7, ext: 'tif' });
    expect(name).toBe('ARCHIVE-01_012_0007.tif');
    expect(parseName(DEFAULT_NAMING_PATTERN, name)).toEqual({ job: 'ARCHIVE-01', volume: '012', page: 7, ext: 'tif' });
  });

  it('rejects names that do not follow the rule', () => {
    expect(parseName(DEFAULT_NAMING_PATTERN, 'ARCHIVE-01_012_7.tif')).toBeNull();
    expect(parseName(DEFAULT_NAMING_PATTERN, 'ARCHIVE-01_012_0007')).toBeNull();
    expect(parseName(DEFAULT_NAMING_PATTERN, 'scan 0007.tif')).toBeNull();
    expect(parseName('{volume}-p{page:3}.{ext}', '12-p012.pdf')).toEqual({ volume: '12', page: 12, ext: 'pdf' });
  });

  it('refuses patterns that could give two files one name, or unsafe names', () => {
    expect(parsePattern('{job}_{page}.{ext}')).toMatchObject({ ok: false, reason: 'scan.errors.namingMissingToken', params: { token: 'volume' } });
    expect(parsePattern('{volume}_{pages}')).toMatchObject({ ok: false, reason: 'scan.errors.namingUnknownToken' });
    expect(parsePattern('{volume}/{page}')).toMatchObject({ ok: false, reason: 'scan.errors.namingUnsafe' });
    expect(parsePattern('{volume}{page}')).toMatchObject({ ok: false, reason: 'scan.errors.namingAdjacent' });
    expect(parsePattern('{volume_{page}')).toMatchObject({ ok: false });
    expect(parsePattern('{volume}_{page}_{page}')).toMatchObject({ ok: false, reason: 'scan.errors.namingRepeatedToken' });
  });

  it('round-trips any volume number and page', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), fc.integer({ min: 1, max: 99999 }), (volume, page) => {
        const name = formatName(DEFAULT_NAMING_PATTERN, { job: 'J-1', volume, shelf: '', page, ext: 'tif' });
        const back = parseName(DEFAULT_NAMING_PATTERN, name);
        expect(back).toEqual({ job: 'J-1', volume, page, ext: 'tif' });
      }),
    );
  });
});
