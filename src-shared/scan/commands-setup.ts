// Job setup commands: quality, naming rule and workflow; the volumes of the city's list; the pages of a volume.
import { defineCommand, type Effect } from '../commands/define';
import { reject } from '../core/errors';
import { parsePattern } from './naming';
import { addVolumesInput, registerPagesInput, saveImportMappingInput, settingsInput } from './schemas';
import { mappingKeyOf } from './import-headers';
import type { ScanImportMappingRow, ScanPageRow, ScanVolumeRow, ScanVolumeStateRow } from './rows';
import { eventTime, loadVolume, scanJob, stepActor, workflowOf } from './facts';
import { firstStep } from './workflow';
import { isComposite } from './composites';

export const setupRoles = ['admin', 'manager', 'director', 'leader'] as const;
export const floorRoles = ['admin', 'manager', 'director', 'leader', 'worker'] as const;

export const saveSettings = defineCommand({
  name: 'scan.saveSettings',
  input: settingsInput,
  roles: setupRoles,
  decide({ reader, meta }, input) {
    scanJob(reader, input.jobId);
    const pattern = parsePattern(input.namingPattern);
    if (!pattern.ok) reject(pattern.reason, pattern.params);
    return [{ op: 'patch', table: 'scanSettings', id: input.jobId, fields: { ...input, operatorId: meta.operatorId }, hlc: meta.hlc }];
  },
});

export const addVolumes = defineCommand({
  name: 'scan.addVolumes',
  input: addVolumesInput,
  roles: setupRoles,
  decide({ reader, meta }, input) {
    const job = scanJob(reader, input.jobId);
    const workflow = workflowOf(reader, input.jobId);
    const seen = new Set<string>();
    const effects: Effect[] = [];
    for (const v of input.volumes) {
      if (seen.has(v.volumeNo)) reject('scan.errors.duplicateVolume', { volumeNo: v.volumeNo });
      seen.add(v.volumeNo);
      const same = reader.find<ScanVolumeRow>('scanVolumes', { jobId: input.jobId, volumeNo: v.volumeNo });
      if (same.some((s) => s.id !== v.id)) reject('scan.errors.duplicateVolume', { volumeNo: v.volumeNo });
      effects.push({
        op: 'patch',
        table: 'scanVolumes',
        id: v.id,
        fields: { ...v, jobId: input.jobId, operatorId: meta.operatorId, code: `${job.code}-${v.volumeNo}` },
        hlc: meta.hlc,
      });
      if (!reader.get('scanVolumeStates', v.id)) {
        const state: ScanVolumeStateRow = {
          id: v.id,
          operatorId: meta.operatorId,
          jobId: input.jobId,
          stepKey: firstStep(workflow),
          status: 'waiting',
          workerId: null,
          enteredAt: meta.deviceTime,
          updatedAt: meta.deviceTime,
          pageCount: 0,
          compositePages: 0,
          originals: 'pending',
          hlc: meta.hlc,
        };
        effects.push({ op: 'put', table: 'scanVolumeStates', row: { ...state } });
      }
    }
    return effects;
  },
});

/**
 * Remembers how a client's volume lists map to our columns, so the next file from that client maps itself. The new
 * choices are merged over the client's earlier ones (one row per client; a second row made offline elsewhere is
 * read as the same client's, newest first).
 */
export const saveImportMapping = defineCommand({
  name: 'scan.saveImportMapping',
  input: saveImportMappingInput,
  roles: setupRoles,
  decide({ reader, meta }, input) {
    const job = scanJob(reader, input.jobId);
    const key = mappingKeyOf(job);
    const rows = reader.find<ScanImportMappingRow>('scanImportMappings', { clientKey: key }).sort((a, b) => (a.hlc < b.hlc ? 1 : -1));
    const current = rows[0];
    const mapping = { ...(current?.mapping ?? {}), ...input.mapping };
    return [{ op: 'patch', table: 'scanImportMappings', id: current?.id ?? input.id, fields: { operatorId: meta.operatorId, clientKey: key, mapping }, hlc: meta.hlc }];
  },
});

/** Pages are registered per volume in one command (a volume's pages arrive together from the scanner). */
export const registerPages = defineCommand({
  name: 'scan.registerPages',
  input: registerPagesInput,
  roles: floorRoles,
  decide({ reader, actor, meta }, input) {
    const who = stepActor(reader, actor);
    const { state } = loadVolume(reader, input.volumeId);
    const existing = new Set(reader.find<ScanPageRow>('scanPages', { volumeId: input.volumeId }).map((p) => p.pageNo));
    const effects: Effect[] = [];
    let composites = 0;
    for (const p of input.pages) {
      if (existing.has(p.pageNo)) reject('scan.errors.pageExists', { page: p.pageNo });
      existing.add(p.pageNo);
      if (isComposite(p.tileRows, p.tileCols)) composites++;
      const row: ScanPageRow = {
        ...p,
        operatorId: meta.operatorId,
        jobId: state.jobId,
        volumeId: state.id,
        reworkStep: null,
        reworkNote: null,
        hlc: meta.hlc,
      };
      effects.push({ op: 'put', table: 'scanPages', row: { ...row } });
    }
    const { at, day } = eventTime(meta, undefined);
    effects.push(
      { op: 'put', table: 'scanVolumeStates', row: { ...state, pageCount: existing.size, compositePages: state.compositePages + composites, updatedAt: at, hlc: meta.hlc } },
      {
        op: 'insert',
        table: 'scanEvents',
        row: {
          id: input.eventId,
          operatorId: meta.operatorId,
          jobId: state.jobId,
          volumeId: state.id,
          pageId: null,
          kind: 'pages_registered',
          stepKey: state.stepKey,
          workerId: who.workerId,
          staffId: actor.staffId,
          at,
          recordedAt: meta.deviceTime,
          day,
          pages: input.pages.length,
          fields: {},
          note: null,
          deviceId: meta.deviceId,
          hlc: meta.hlc,
        },
      },
    );
    return effects;
  },
});
