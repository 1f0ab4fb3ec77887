// Shapes the scan screens receive. Summaries, not rows: the board never ships page rows to the renderer.
import type { ImportColumn, RowIssue } from './import-rows';
import type { ScanSettingsRow, ScanVolumeRow } from './rows';
import type { RequiredField, StepDef, VolumeStepKey } from './workflow';

export interface ScanJobView {
  id: string;
  code: string;
  name: string;
  clientName: string;
  volumes: number;
  pages: number;
  hasSettings: boolean;
}

export type ScanSettingsView = Omit<ScanSettingsRow, 'hlc' | 'fieldHlc' | 'operatorId' | 'id'> & { saved: boolean };

export interface ImportHeaderView {
  /** 0-based column index and its letter as Excel shows it. */
  index: number;
  letter: string;
  /** The header cell as written. */
  text: string;
  column: ImportColumn | null;
  /** Found by a synonym, or by the leader's assignment (this file's or the one remembered for the client). */
  source: 'synonym' | 'mapping' | null;
}

export interface ImportPreview {
  encoding: 'utf-8' | 'cp932' | 'utf-16' | 'xlsx';
  /** The sheet read, when the workbook has more than one (the one that looks most like a volume list). */
  sheet: string | null;
  /** 1-based row of the file that holds the headers (a title often comes first). */
  headerRow: number;
  headers: ImportHeaderView[];
  missingColumns: ImportColumn[];
  columns: ImportColumn[];
  /** Columns that are none of ours: kept verbatim on each volume and shown here. */
  extraColumns: string[];
  /** The client's remembered assignment was applied. */
  remembered: boolean;
  totalRows: number;
  goodRows: number;
  issues: RowIssue[];
  /** The first good rows, to show the leader what will be imported. */
  sample: { line: number; volumeNo: string; title: string; expectedPages: number; format: string; extra: Record<string, string> }[];
}

export interface ImportResult extends ImportPreview {
  imported: number;
}

export interface VolumeListItem {
  id: string;
  code: string;
  volumeNo: string;
  title: string;
  expectedPages: number;
  pageCount: number;
  stepKey: VolumeStepKey;
  status: 'waiting' | 'in_progress';
  workerName: string | null;
}

export interface CompositeView {
  pageId: string;
  pageNo: number;
  rows: number;
  cols: number;
  captured: { row: number; col: number }[];
}

export interface VolumeEventView {
  id: string;
  at: number;
  kind: string;
  stepKey: string | null;
  pageNo: number | null;
  who: string | null;
  note: string | null;
  fields: Record<string, string>;
}

export interface VolumeDetail {
  volume: Omit<ScanVolumeRow, 'hlc' | 'fieldHlc' | 'operatorId'>;
  jobCode: string;
  stepKey: VolumeStepKey;
  status: 'waiting' | 'in_progress';
  workerName: string | null;
  originals: 'pending' | 'in' | 'returned';
  pageCount: number;
  compositePages: number;
  /** The step the station offers next and whether the signed-in person may do it. */
  next: {
    stepKey: VolumeStepKey;
    action: 'start' | 'complete' | 'none';
    requiredFields: RequiredField[];
    blockedReason: { key: string; params?: Record<string, string | number> } | null;
  };
  composites: CompositeView[];
  rework: { pageId: string; pageNo: number; stepKey: string; note: string | null }[];
  events: VolumeEventView[];
  workflow: StepDef[];
}

export interface BoardStep {
  stepKey: VolumeStepKey;
  waitingVolumes: number;
  activeVolumes: number;
  pages: number;
  /** Null where it cannot be known (operator-wide, composite-only steps). */
  completedPages: number | null;
  workedMinutes: number | null;
  pagesPerHour: number | null;
}

export interface BoardSummary {
  scope: 'job' | 'all';
  jobs: number;
  volumes: number;
  pagesExpected: number;
  pagesRegistered: number;
  /** Pages of volumes past the scan step (scanned at least once). */
  pagesScanned: number;
  pagesDelivered: number;
  steps: BoardStep[];
  active: { volumeCode: string; stepKey: string; workerName: string; since: number }[];
  /** Burn-down: pages not yet scanned at the end of each day with work. */
  burndown: { day: string; remaining: number; scanned: number }[];
  pagesPerDay: number | null;
  forecastDate: string | null;
  dueDate: string | null;
  workedTimeAvailable: boolean;
}

export interface QcQueueItem {
  volumeId: string;
  code: string;
  title: string;
  pageCount: number;
  checkedWorkerName: string | null;
  stage: 'A' | 'B' | 'C' | null;
  recentDefects: number;
  rate: number;
  sample: { pageId: string; pageNo: number; result: 'pass' | 'fail' | null }[];
  volumeResults: number;
}

export interface ManifestResult {
  csv: string;
  fileName: string;
  manifestSha256: string;
  fileCount: number;
  volumeCount: number;
  badNames: string[];
  unknownVolumes: string[];
  /** Volumes whose file count differs from the city's list (expected pages). */
  mismatches: { volumeNo: string; expected: number; found: number }[];
  missingVolumes: string[];
}

export interface DeliveryView {
  id: string;
  shipmentNo: string;
  kind: 'delivered' | 'accepted';
  fileCount: number;
  volumeCount: number;
  manifestSha256: string;
  at: number;
}

export interface ImageCheck {
  file: string;
  width: number;
  height: number;
  densityPpi: number | null;
  realPpi: number | null;
  bitsPerSample: number;
  channels: number;
  hasAlpha: boolean;
  format: string;
  problems: { messageKey: string; params?: Record<string, string | number> }[];
}

export interface SlipView {
  volumeId: string;
  code: string;
  volumeNo: string;
  title: string;
  shelfNo: string;
  expectedPages: number;
  qrSvg: string;
}
