// Synced rows of the scan station (archive digitization jobs, DOMAIN.md pilot job 1).
import type { StepDef, OriginalsState, VolumeStatus, VolumeStepKey } from './workflow';
import type { DefectType } from './qc-sampling';
import type { VolumeFormat } from './import-rows';

export type ColorMode = 'color24' | 'gray8' | 'bitonal';
export type FileFormat = 'tiff' | 'pdf' | 'jpeg';
export type QualityLevel = 'fadgi1' | 'fadgi2' | 'fadgi3' | 'fadgi4' | 'custom';

/** Registry, one per scan job (id = the job's id). */
export interface ScanSettingsRow {
  id: string;
  operatorId: string;
  jobId: string;
  qualityLevel: QualityLevel;
  targetPpi: number;
  colorMode: ColorMode;
  fileFormat: FileFormat;
  namingPattern: string;
  workflow: StepDef[];
  hlc: string;
  fieldHlc: Record<string, string>;
}

/** Registry: one bound volume (冊) as the city lists it. */
export interface ScanVolumeRow {
  id: string;
  operatorId: string;
  jobId: string;
  volumeNo: string;
  /** What the routing slip's QR code and the USB scanner type: `<job code>-<volumeNo>`. */
  code: string;
  title: string;
  shelfNo: string;
  expectedPages: number;
  format: VolumeFormat;
  restriction: 'center_only' | 'none';
  dcDate: string;
  /** Columns of the list that are none of ours, as written (null on volumes added before they were kept). */
  extra: Record<string, string> | null;
  hlc: string;
  fieldHlc: Record<string, string>;
}

/** State (validated transitions): where a volume is in the workflow. id = the volume's id. */
export interface ScanVolumeStateRow {
  id: string;
  operatorId: string;
  jobId: string;
  stepKey: VolumeStepKey;
  status: VolumeStatus;
  workerId: string | null;
  /** When the volume entered its current step (drives QC "since" checks). */
  enteredAt: number;
  updatedAt: number;
  pageCount: number;
  compositePages: number;
  originals: OriginalsState;
  hlc: string;
}

/** State: one page (頁 / 画像). Composite pages have tileRows × tileCols > 1. */
export interface ScanPageRow {
  id: string;
  operatorId: string;
  jobId: string;
  volumeId: string;
  pageNo: number;
  tileRows: number;
  tileCols: number;
  /** Set when the page was sent back: the step it must go through again. */
  reworkStep: string | null;
  reworkNote: string | null;
  hlc: string;
}

export interface ScanTileRow {
  id: string;
  operatorId: string;
  jobId: string;
  volumeId: string;
  pageId: string;
  row: number;
  col: number;
  workerId: string | null;
  at: number;
  hlc: string;
}

export type ScanEventKind = 'start' | 'complete' | 'send_back' | 'rework_done' | 'originals_in' | 'originals_out' | 'pages_registered';

/** Event: everything that happened to a volume (or one of its pages), append-only. */
export interface ScanEventRow {
  id: string;
  operatorId: string;
  jobId: string;
  volumeId: string;
  pageId: string | null;
  kind: ScanEventKind;
  stepKey: string | null;
  workerId: string | null;
  staffId: string | null;
  /** When it happened (a paper slip transcribed later keeps its real time); `recordedAt` is when it was entered. */
  at: number;
  recordedAt: number;
  /** JST date of `at`, so the board groups by day on an index. */
  day: string;
  /** Pages the event covers (the volume's page count for step completions). */
  pages: number;
  fields: Record<string, string>;
  note: string | null;
  deviceId: string;
  hlc: string;
}

export interface ScanQcResultRow {
  id: string;
  operatorId: string;
  jobId: string;
  volumeId: string;
  pageId: string | null;
  /** The worker whose scan was checked. */
  checkedWorkerId: string | null;
  inspectorWorkerId: string | null;
  inspectorStaffId: string | null;
  result: 'pass' | 'fail';
  defectType: DefectType | null;
  note: string | null;
  at: number;
  hlc: string;
}

export interface ScanDeliveryRow {
  id: string;
  operatorId: string;
  jobId: string;
  shipmentNo: string;
  /** 納入 (delivered to the city) or 検収 (the city accepted it). */
  kind: 'delivered' | 'accepted';
  fileCount: number;
  volumeCount: number;
  manifestSha256: string;
  note: string | null;
  at: number;
  hlc: string;
}

/** Registry, one per client: how that client's volume lists map to our columns, as the leader last assigned them. */
export interface ScanImportMappingRow {
  id: string;
  operatorId: string;
  /** The client's name as compared (`clientKey`). */
  clientKey: string;
  mapping: Record<string, string>;
  hlc: string;
  fieldHlc: Record<string, string>;
}
