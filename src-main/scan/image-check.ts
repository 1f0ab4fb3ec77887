// Real image checks, where they are cheap: sharp reads a master's true pixel size, density, bit depth, channels
// and alpha, and they are compared with the job's target (FADGI: the real resolution counts, not only the header).
import sharp from 'sharp';
import type { ColorMode, FileFormat } from '../../src-shared/scan/rows';
import type { ImageCheck } from '../../src-shared/scan/views';

export interface ImageTarget {
  targetPpi: number;
  colorMode: ColorMode;
  fileFormat: FileFormat;
}

const bitsOf: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, double: 64 };

export async function checkImage(file: string, target: ImageTarget, sheetWidthMm: number | null): Promise<ImageCheck> {
  const meta = await sharp(file).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // sharp reports density in pixels per inch whatever unit the file used.
  const densityPpi = meta.density ?? null;
  const realPpi = sheetWidthMm ? Math.round((width / (sheetWidthMm / 25.4)) * 10) / 10 : null;
  const bitsPerSample = bitsOf[meta.depth ?? 'uchar'] ?? 8;
  const channels = meta.channels ?? 0;
  const hasAlpha = meta.hasAlpha ?? false;
  const problems: ImageCheck['problems'] = [];
  const wantFormat = target.fileFormat === 'jpeg' ? 'jpeg' : target.fileFormat === 'pdf' ? 'pdf' : 'tiff';
  if (meta.format !== wantFormat) problems.push({ messageKey: 'scan.image.format', params: { found: meta.format ?? '?', want: wantFormat } });
  if (densityPpi === null) problems.push({ messageKey: 'scan.image.noDensity' });
  else if (densityPpi + 0.5 < target.targetPpi) problems.push({ messageKey: 'scan.image.lowDensity', params: { found: Math.round(densityPpi), want: target.targetPpi } });
  if (realPpi !== null && realPpi + 0.5 < target.targetPpi) problems.push({ messageKey: 'scan.image.lowRealPpi', params: { found: realPpi, want: target.targetPpi } });
  if (hasAlpha) problems.push({ messageKey: 'scan.image.alpha' });
  const colourChannels = channels - (hasAlpha ? 1 : 0);
  if (target.colorMode === 'color24' && (colourChannels < 3 || bitsPerSample < 8)) problems.push({ messageKey: 'scan.image.notColor', params: { channels, bits: bitsPerSample } });
  if (target.colorMode === 'gray8' && (colourChannels !== 1 || bitsPerSample < 8)) problems.push({ messageKey: 'scan.image.notGray', params: { channels, bits: bitsPerSample } });
  return { file, width, height, densityPpi, realPpi, bitsPerSample, channels, hasAlpha, format: meta.format ?? '', problems };
}
