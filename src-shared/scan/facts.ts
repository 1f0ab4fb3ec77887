// Reads what the scan rules need from the store the command runs against (device or HQ), through indexed finds.
import type { CommandActor, CommandMeta, EntityReader } from '../commands/define';
import { reject } from '../core/errors';
import { jstDate } from '../core/time';
import type { JobRow, WorkerRow } from '../people/rows';
import { gridComplete, isComposite } from './composites';
import type { ScanEventRow, ScanPageRow, ScanQcResultRow, ScanSettingsRow, ScanTileRow, ScanVolumeRow, ScanVolumeStateRow } from './rows';
import { defaultWorkflow, type StepActor, type StepDef, type VolumeFacts, type RuleResult } from './workflow';

export function stepActor(reader: EntityReader, actor: CommandActor): StepActor {
  if (actor.staffId) return { kind: 'staff', workerId: null, skill: null };
  if (!actor.workerId) reject('errors.forbidden');
  const worker = reader.get<WorkerRow>('workers', actor.workerId);
  if (!worker?.active) reject('errors.forbidden');
  return { kind: worker.role === 'leader' ? 'leader' : 'worker', workerId: worker.id, skill: worker.skillIt };
}

export function scanJob(reader: EntityReader, jobId: string): JobRow {
  const job = reader.get<JobRow>('jobs', jobId);
  if (!job) reject('scan.errors.jobNotFound');
  if (job.kind !== 'scan') reject('scan.errors.notScanJob');
  return job;
}

export function workflowOf(reader: EntityReader, jobId: string): StepDef[] {
  return reader.get<ScanSettingsRow>('scanSettings', jobId)?.workflow ?? defaultWorkflow;
}

export function loadVolume(reader: EntityReader, volumeId: string): { volume: ScanVolumeRow; state: ScanVolumeStateRow } {
  const volume = reader.get<ScanVolumeRow>('scanVolumes', volumeId);
  const state = reader.get<ScanVolumeStateRow>('scanVolumeStates', volumeId);
  if (!volume || !state) reject('scan.errors.volumeNotFound');
  return { volume, state };
}

export function volumeFacts(reader: EntityReader, state: ScanVolumeStateRow): VolumeFacts {
  const pages = reader.find<ScanPageRow>('scanPages', { volumeId: state.id });
  let incompleteComposites = 0;
  if (state.compositePages > 0) {
    const tiles = reader.find<ScanTileRow>('scanTiles', { volumeId: state.id });
    const byPage = new Map<string, ScanTileRow[]>();
    for (const t of tiles) byPage.set(t.pageId, [...(byPage.get(t.pageId) ?? []), t]);
    for (const p of pages) {
      if (isComposite(p.tileRows, p.tileCols) && !gridComplete(p.tileRows, p.tileCols, byPage.get(p.id) ?? [])) incompleteComposites++;
    }
  }
  const qc = reader.find<ScanQcResultRow>('scanQcResults', { volumeId: state.id }).filter((r) => r.at >= state.enteredAt);
  // A page defect is settled once the page was reworked after it, or passed a later check.
  const unsettled = qc.filter((r) => {
    if (r.result !== 'fail') return false;
    if (!r.pageId) return true;
    if (qc.some((o) => o.pageId === r.pageId && o.result === 'pass' && o.at >= r.at && o.id !== r.id)) return false;
    return !reader.find<ScanEventRow>('scanEvents', { pageId: r.pageId, kind: 'rework_done' }).some((e) => e.at >= r.at);
  });
  return {
    stepKey: state.stepKey,
    status: state.status,
    workerId: state.workerId,
    compositePages: state.compositePages,
    originals: state.originals,
    incompleteComposites,
    openRework: pages.filter((p) => p.reworkStep !== null).length,
    qcResults: qc.length,
    qcFailed: unsettled.length > 0,
  };
}

export function must(result: RuleResult): void {
  if (!result.ok) reject(result.reason, result.params);
}

const day = 24 * 60 * 60 * 1000;

/** When the fact happened: now, or the time written on a paper slip transcribed later (never ahead of the clock). */
export function eventTime(meta: CommandMeta, occurredAt: number | undefined): { at: number; day: string } {
  const at = occurredAt ?? meta.deviceTime;
  if (at > meta.deviceTime + 5 * 60 * 1000 || at < meta.deviceTime - 400 * day) reject('scan.errors.badTime');
  return { at, day: jstDate(at) };
}
