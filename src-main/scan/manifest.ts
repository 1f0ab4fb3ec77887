// Delivery manifest for one shipment: the files in a delivery folder checked against the job's naming rule,
// a ledger CSV (UTF-8 with BOM, for Japanese Excel) with Dublin Core fields and SHA-256 per file, and the counts
// reconciled against the city's list.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { csvText } from '../../src-shared/core/csv';
import { AppError } from '../../src-shared/core/errors';
import { parseName, DEFAULT_NAMING_PATTERN } from '../../src-shared/scan/naming';
import type { ManifestResult } from '../../src-shared/scan/views';
import { jobs } from '../people/schema';
import type { Store } from '../store/open';
import { scanSettings, scanVolumes } from './schema';

export const MANIFEST_COLUMNS = ['file', 'dc:identifier', 'dc:title', 'dc:creator', 'dc:source', 'dc:rights', 'dc:date', 'format', 'bytes', 'sha256'] as const;

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function listFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    // One level of sub-folders (one per volume is common); deeper trees are not a delivery layout.
    if (entry.isDirectory()) for (const inner of fs.readdirSync(full, { withFileTypes: true })) if (inner.isFile()) out.push(path.join(full, inner.name));
    if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const extensionsFor: Record<string, string[]> = { tiff: ['tif', 'tiff'], pdf: ['pdf'], jpeg: ['jpg', 'jpeg'] };

export async function buildManifest(store: Store, jobId: string, folder: string, shipmentNo: string): Promise<ManifestResult> {
  const job = store.db.select().from(jobs).where(eq(jobs.id, jobId)).get();
  if (!job) throw new AppError('not_found', 'scan.errors.jobNotFound');
  if (!path.isAbsolute(folder) || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new AppError('invalid_input', 'scan.errors.folderNotFound', { folder });
  }
  const settings = store.db.select().from(scanSettings).where(eq(scanSettings.id, jobId)).get();
  const pattern = settings?.namingPattern ?? DEFAULT_NAMING_PATTERN;
  const allowedExt = extensionsFor[settings?.fileFormat ?? 'tiff'] ?? [];
  const volumes = store.db.select().from(scanVolumes).where(eq(scanVolumes.jobId, jobId)).all();
  const byNo = new Map(volumes.map((v) => [v.volumeNo, v]));
  const found = new Map<string, number>();
  const badNames: string[] = [];
  const unknownVolumes = new Set<string>();
  const lines: (string | number)[][] = [[...MANIFEST_COLUMNS]];
  let fileCount = 0;
  for (const file of listFiles(folder)) {
    const base = path.basename(file);
    const parsed = parseName(pattern, base);
    if (!parsed || (parsed.job !== undefined && parsed.job !== job.code) || (parsed.ext !== undefined && !allowedExt.includes(parsed.ext.toLowerCase()))) {
      badNames.push(base);
      continue;
    }
    const volume = byNo.get(parsed.volume);
    if (!volume) {
      unknownVolumes.add(parsed.volume);
      continue;
    }
    found.set(volume.volumeNo, (found.get(volume.volumeNo) ?? 0) + 1);
    const bytes = fs.statSync(file).size;
    const sha = await sha256File(file);
    fileCount++;
    lines.push(
      [
        path.relative(folder, file).split(path.sep).join('/'),
        `${job.code}-${volume.volumeNo}-${String(parsed.page).padStart(4, '0')}`,
        `${volume.title} ${parsed.page}`,
        job.clientName,
        volume.shelfNo ? `${volume.title}（${volume.shelfNo}）` : volume.title,
        job.clientName,
        volume.dcDate,
        settings?.fileFormat ?? 'tiff',
        bytes,
        sha,
      ],
    );
  }
  const csv = `\uFEFF${csvText(lines)}`;
  const mismatches = volumes
    .filter((v) => found.has(v.volumeNo) && found.get(v.volumeNo) !== v.expectedPages)
    .map((v) => ({ volumeNo: v.volumeNo, expected: v.expectedPages, found: found.get(v.volumeNo)! }));
  const missingVolumes = volumes.filter((v) => !found.has(v.volumeNo)).map((v) => v.volumeNo).sort();
  return {
    csv,
    fileName: `${job.code}_${shipmentNo}_manifest.csv`,
    manifestSha256: createHash('sha256').update(csv, 'utf8').digest('hex'),
    fileCount,
    volumeCount: found.size,
    badNames,
    unknownVolumes: [...unknownVolumes].sort(),
    mismatches,
    missingVolumes,
  };
}
