// Scan-station procedures: job setup and import, the station (code scan → volume → next step), QC, board,
// routing slips and delivery.
import { z } from 'zod';
import { procedure } from '../api/define';
import { idSchema } from '../people/schemas';
import { defectTypes } from './qc-sampling';
import { headerMappingSchema, settingsInput, stepKeySchema, volumeDraftSchema } from './schemas';
import type { FileOut } from '../entry/contract';
import type { Role } from '../core/roles';
import type {
  BoardSummary,
  DeliveryView,
  ImageCheck,
  ImportPreview,
  ImportResult,
  ManifestResult,
  QcQueueItem,
  ScanJobView,
  ScanSettingsView,
  SlipView,
  VolumeDetail,
  VolumeEventView,
  VolumeListItem,
} from './views';

const leaders: readonly Role[] = ['admin', 'manager', 'director', 'leader'];
const floor: readonly Role[] = ['admin', 'manager', 'director', 'leader', 'worker'];
const viewers: readonly Role[] = ['admin', 'backoffice', 'manager', 'director', 'leader', 'worker'];

const importFile = z.object({
  jobId: idSchema,
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes, base64: the renderer never touches the file system. 10 MB is far above a city's list. */
  dataBase64: z.string().min(1).max(14_000_000),
  /** The leader's column assignment for this file (header key → column, '' = keep as a note), over the client's. */
  mapping: headerMappingSchema.optional(),
  /** 1-based header row when the leader chose it; otherwise it is found below any title rows. */
  headerRow: z.number().int().min(1).max(50).optional(),
});

export const volumeExportFormats = ['xlsx', 'csv', 'csv-cp932'] as const;

/** A volume-list export; CP932 with characters it cannot hold returns no file until the person accepts the loss. */
export interface VolumeExport {
  file: FileOut | null;
  unencodable: string[];
}

const fields = z.record(z.string(), z.string().trim().max(100)).default({});
const note = z.string().trim().max(500).optional();

export const scanContract = {
  'scan.listJobs': procedure<ScanJobView[]>()({ input: z.object({}), access: viewers }),
  'scan.getSettings': procedure<ScanSettingsView>()({ input: z.object({ jobId: idSchema }), access: viewers }),
  'scan.saveSettings': procedure<ScanSettingsView>()({ input: settingsInput, access: leaders }),
  'scan.previewImport': procedure<ImportPreview>()({ input: importFile, access: leaders }),
  'scan.commitImport': procedure<ImportResult>()({ input: importFile.extend({ goodOnly: z.boolean() }), access: leaders }),
  'scan.exportVolumes': procedure<VolumeExport>()({
    input: z.object({ jobId: idSchema, format: z.enum(volumeExportFormats), acceptLoss: z.boolean().default(false) }),
    access: leaders,
  }),
  'scan.addVolume': procedure<VolumeListItem>()({ input: volumeDraftSchema.extend({ jobId: idSchema }), access: leaders }),
  'scan.listVolumes': procedure<VolumeListItem[]>()({
    input: z.object({ jobId: idSchema, stepKey: z.string().max(20).optional() }),
    access: viewers,
  }),
  'scan.lookup': procedure<VolumeDetail>()({ input: z.object({ code: z.string().trim().min(1).max(60) }), access: floor }),
  'scan.volume': procedure<VolumeDetail>()({ input: z.object({ volumeId: idSchema }), access: floor }),
  'scan.registerPages': procedure<VolumeDetail>()({
    input: z.object({
      volumeId: idSchema,
      /**
       * `total`: the volume now has this many pages in all (what the station sends: pressing twice changes nothing);
       * `add`: this many more pages. A total below what is registered is refused: pages are facts, never removed.
       */
      mode: z.enum(['total', 'add']).default('add'),
      count: z.number().int().min(1).max(5000),
      /** Composite pages among them (old maps captured in tiles), as rows × cols each. */
      composite: z.object({ pages: z.number().int().min(0).max(5000), rows: z.number().int().min(1).max(12), cols: z.number().int().min(1).max(12) }).optional(),
    }),
    access: floor,
  }),
  'scan.startStep': procedure<VolumeDetail>()({ input: z.object({ volumeId: idSchema, stepKey: stepKeySchema, note }), access: floor }),
  'scan.completeStep': procedure<VolumeDetail>()({
    input: z.object({ volumeId: idSchema, stepKey: stepKeySchema, fields, note }),
    access: floor,
  }),
  'scan.captureTiles': procedure<VolumeDetail>()({
    input: z.object({ pageId: idSchema, tiles: z.array(z.object({ row: z.number().int(), col: z.number().int() })).min(1).max(144) }),
    access: floor,
  }),
  'scan.moveOriginals': procedure<VolumeDetail>()({
    input: z.object({ volumeId: idSchema, direction: z.enum(['in', 'out']), note }),
    access: leaders,
  }),
  'scan.qcQueue': procedure<QcQueueItem[]>()({ input: z.object({ jobId: idSchema }), access: floor }),
  'scan.recordQc': procedure<{ id: string }>()({
    input: z.object({
      volumeId: idSchema,
      pageId: idSchema.nullable(),
      result: z.enum(['pass', 'fail']),
      defectType: z.enum(defectTypes).nullable(),
      note,
    }),
    access: floor,
  }),
  'scan.sendBack': procedure<VolumeDetail>()({
    input: z.object({ volumeId: idSchema, pageId: idSchema.nullable(), toStep: stepKeySchema, note: z.string().trim().min(1).max(500) }),
    access: leaders,
  }),
  'scan.completeRework': procedure<VolumeDetail>()({ input: z.object({ pageId: idSchema, note }), access: floor }),
  'scan.pageHistory': procedure<VolumeEventView[]>()({ input: z.object({ pageId: idSchema }), access: viewers }),
  'scan.board': procedure<BoardSummary>()({ input: z.object({ jobId: idSchema.nullable() }), access: viewers }),
  'scan.slips': procedure<SlipView[]>()({ input: z.object({ jobId: idSchema }), access: leaders }),
  'scan.buildManifest': procedure<ManifestResult>()({
    input: z.object({ jobId: idSchema, folder: z.string().trim().min(1).max(500), shipmentNo: z.string().trim().min(1).max(40) }),
    access: leaders,
  }),
  'scan.recordDelivery': procedure<DeliveryView[]>()({
    input: z.object({
      jobId: idSchema,
      shipmentNo: z.string().trim().min(1).max(40),
      kind: z.enum(['delivered', 'accepted']),
      fileCount: z.number().int().min(0),
      volumeCount: z.number().int().min(0),
      manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
      note,
    }),
    access: leaders,
  }),
  'scan.listDeliveries': procedure<DeliveryView[]>()({ input: z.object({ jobId: idSchema }), access: viewers }),
  'scan.checkImage': procedure<ImageCheck>()({
    input: z.object({ jobId: idSchema, path: z.string().trim().min(1).max(500), sheetWidthMm: z.number().positive().max(5000).nullable() }),
    access: leaders,
  }),
};
