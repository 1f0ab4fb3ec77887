// A telework center set up for the sync benchmarks through the real commands: 30 workers, an entry job keying
// expense slips (a template of 8 short fields, a batch of PDFs split into units) and a scan job whose volumes have
// been received. What it returns queues keyed rows through the same command bus, so HQ re-runs the real rules.
import { createHash } from 'node:crypto';
import type { App } from '../src-main/app/services';
import { readDevice } from '../src-main/app/device';
import { hashSecret } from '../src-main/auth/secrets';
import type { CommandActor } from '../src-shared/commands/define';
import { jstDate } from '../src-shared/core/time';
import { newId } from '../src-shared/core/ids';
import type { TemplateDef, Values } from '../src-shared/entry/template';
import { DEFAULT_NAMING_PATTERN } from '../src-shared/scan/naming';
import { defaultWorkflow } from '../src-shared/scan/workflow';

const DAY = 24 * 60 * 60 * 1000;

export interface BusCommand {
  name: string;
  input: unknown;
  actor: CommandActor;
}

export interface BenchWorker {
  id: string;
  code: string;
  role: 'leader' | 'worker';
  crew: 'scan' | 'entry';
}

export interface CenterOptions {
  /** Keyed rows the batch must hold (the units are sized for it). */
  records: number;
  workers?: number;
  /** Of the workers, how many run the scanner station (the first is its leader); the rest key slips. */
  scanCrew?: number;
  volumes?: number;
}

export interface BenchCenter {
  workers: BenchWorker[];
  jobs: { entry: string; scan: string };
  /** The entry job's batch, whose units the keyers key. */
  batchId: string;
  /** Volumes received and waiting at the scan step, in the order the crew takes them. */
  volumeIds: string[];
  /** The keyer's next row (their units page by page, row by row) as a command made at `at`. */
  nextKeyedRow(keyerId: string, at: number): BusCommand;
  /** Queues n keyed rows round-robin over the keyers at the bus clock's time, through the device's command bus. */
  keyRecords(n: number): void;
}

const PAGES_PER_UNIT = 10;
const prefectures = ['北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県'];
/** Where most slips come from; a choice field still offers all 47. */
const commonPrefectures = ['東京都', '大阪府', '北海道', '福岡県', '宮城県', '愛知県', '広島県', '長野県'];
const categories = ['交通費', '宿泊費', '会議費', '消耗品費', '通信費', '接待交際費'];

/** An expense-slip ledger sheet: 20 slips a page, 8 short fields each. */
export const slipTemplateDef: TemplateDef = {
  header: [],
  row: [
    { key: 'slipNo', label: '伝票番号', type: 'text', required: true, maxLength: 12, width: 1 },
    { key: 'slipDate', label: '伝票日付', type: 'date', required: true, width: 1 },
    { key: 'customer', label: '取引先コード', type: 'text', required: true, maxLength: 10, width: 1 },
    { key: 'prefecture', label: '都道府県', type: 'choice', required: true, options: prefectures, width: 1 },
    { key: 'category', label: '勘定科目', type: 'choice', required: true, options: categories, width: 1 },
    { key: 'amount', label: '金額', type: 'number', required: true, min: 0, max: 99_999_999, integer: true, width: 1 },
    { key: 'quantity', label: '数量', type: 'number', required: true, min: 1, max: 999, integer: true, width: 1 },
    { key: 'memo', label: '備考', type: 'text', required: false, maxLength: 60, width: 2 },
  ],
  rowsPerPage: 20,
  rules: [],
};

/** The i-th slip as a keyer types it; deterministic so every run sends the same bytes. */
export function slipValues(i: number, keyedAt: number): Values {
  return {
    slipNo: `S${100000 + i}`,
    // Slips reach the center within three weeks of being written.
    slipDate: jstDate(keyedAt - (1 + ((i * 13) % 20)) * DAY),
    customer: `C${10000 + ((i * 7919) % 90000)}`,
    prefecture: commonPrefectures[i % commonPrefectures.length],
    category: categories[(i * 31) % categories.length],
    amount: String(100 + ((i * 7727) % 49900)),
    quantity: String(1 + (i % 20)),
    memo: i % 10 === 0 ? '要確認' : '',
  };
}

const kana = ['サトウ', 'スズキ', 'タカハシ', 'タナカ', 'イトウ', 'ワタナベ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ'];
const family = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const given: [string, string][] = [['陽子', 'ヨウコ'], ['健太', 'ケンタ'], ['由美', 'ユミ'], ['直樹', 'ナオキ'], ['恵', 'メグミ'], ['翔', 'ショウ'], ['真理', 'マリ']];

function workerRoster(count: number, scanCrew: number): BenchWorker[] {
  return Array.from({ length: count }, (_, n) => ({
    id: newId(),
    code: `W${String(n + 1).padStart(4, '0')}`,
    role: n === 0 ? 'leader' : 'worker',
    crew: n < scanCrew ? 'scan' : 'entry',
  }));
}

function peopleCommands(roster: BenchWorker[], siteId: string, admin: CommandActor): BusCommand[] {
  // One scrypt hash for every PIN: slow on purpose, and the bench PIN is the same anyway.
  const pinHash = hashSecret('1234');
  return roster.flatMap((w, n) => [
    {
      name: 'people.upsertWorker',
      input: {
        id: w.id,
        code: w.code,
        familyName: family[n % family.length],
        givenName: given[n % given.length][0],
        familyNameKana: kana[n % kana.length],
        givenNameKana: given[n % given.length][1],
        role: w.role,
        homeSiteId: siteId,
        skillIt: n % 3 === 0 ? 'B' : 'A',
        skillBusiness: 'A',
        invoiceNumber: null,
        active: true,
      },
      actor: admin,
    },
    { name: 'people.setCredential', input: { id: w.id, subjectType: 'worker', kind: 'pin', hash: pinHash }, actor: admin },
  ]);
}

function jobCommands(jobs: BenchCenter['jobs'], today: string, admin: CommandActor): BusCommand[] {
  const common = { restriction: 'center_only', status: 'active', startDate: today, dueDate: null };
  return [
    { name: 'people.upsertJob', input: { ...common, id: jobs.entry, code: 'SLIP-01', name: '経費精算伝票の入力', clientName: '長野県内企業', kind: 'entry' }, actor: admin },
    { name: 'people.upsertJob', input: { ...common, id: jobs.scan, code: 'ARCHIVE-01', name: '自治体保存文書のデジタル化', clientName: '塩尻市', kind: 'scan' }, actor: admin },
  ];
}

interface KeyerUnits {
  units: { id: string; pageIds: string[] }[];
  next: number;
}

/**
 * Template, batch and units: one PDF of 10 ledger sheets per unit, each keyer owning enough units for its share.
 * The PDFs stay on the device (they never travel in sync messages), so only their metadata is made here.
 */
function entryCommands(jobId: string, keyers: BenchWorker[], unitsPerKeyer: number, siteId: string, admin: CommandActor): { commands: BusCommand[]; byKeyer: Map<string, KeyerUnits>; batchId: string } {
  const templateId = newId();
  const batchId = newId();
  const byKeyer = new Map<string, KeyerUnits>(keyers.map((k) => [k.id, { units: [], next: 0 }]));
  const units: { id: string; label: string; pageIds: string[]; siteId: string; keyer1Id: string; keyer2Id: null }[] = [];
  const sources = [];
  for (let u = 0; u < keyers.length * unitsPerKeyer; u++) {
    const label = `SLIP-01-${String(u + 1).padStart(3, '0')}`;
    const fileName = `${label}.pdf`;
    const pageIds = Array.from({ length: PAGES_PER_UNIT }, () => newId());
    sources.push({ id: newId(), sha256: createHash('sha256').update(fileName).digest('hex'), fileName, mime: 'application/pdf', bytes: PAGES_PER_UNIT * 240_000, pageIds });
    const keyer = keyers[u % keyers.length];
    units.push({ id: newId(), label, pageIds, siteId, keyer1Id: keyer.id, keyer2Id: null });
    byKeyer.get(keyer.id)!.units.push({ id: units[u].id, pageIds });
  }
  const commands: BusCommand[] = [
    { name: 'entry.saveTemplate', input: { id: templateId, code: 'EXPENSE-SLIP', name: '経費精算伝票', kind: 'generic', def: slipTemplateDef, active: true }, actor: admin },
    { name: 'entry.createBatch', input: { id: batchId, jobId, templateId, code: 'SLIP-01', name: '経費精算伝票 第1便', doubleEntry: false, sources }, actor: admin },
  ];
  for (let i = 0; i < units.length; i += 2000) commands.push({ name: 'entry.saveUnits', input: { batchId, units: units.slice(i, i + 2000) }, actor: admin });
  return { commands, byKeyer, batchId };
}

/** Scan settings and volumes, each brought in and received by the station's leader, so the crew can start scanning. */
function scanCommands(jobId: string, volumeIds: string[], admin: CommandActor, leader: CommandActor): BusCommand[] {
  const commands: BusCommand[] = [
    { name: 'scan.saveSettings', input: { jobId, qualityLevel: 'fadgi3', targetPpi: 400, colorMode: 'color24', fileFormat: 'tiff', namingPattern: DEFAULT_NAMING_PATTERN, workflow: defaultWorkflow }, actor: admin },
    {
      name: 'scan.addVolumes',
      input: {
        jobId,
        volumes: volumeIds.map((id, i) => ({
          id,
          volumeNo: String(i + 1).padStart(3, '0'),
          title: `建築確認図面 昭和${40 + (i % 20)}年度 第${(i % 12) + 1}冊`,
          shelfNo: `K-${String(Math.floor(i / 10) + 1).padStart(2, '0')}-${(i % 10) + 1}`,
          expectedPages: 40 + (i % 7) * 5,
          format: 'A0',
          restriction: 'center_only',
          dcDate: `昭和${40 + (i % 20)}年`,
        })),
      },
      actor: admin,
    },
  ];
  for (const volumeId of volumeIds) {
    commands.push(
      { name: 'scan.moveOriginals', input: { eventId: newId(), volumeId, direction: 'in' }, actor: leader },
      { name: 'scan.startStep', input: { eventId: newId(), volumeId, stepKey: 'receive' }, actor: leader },
      { name: 'scan.completeStep', input: { eventId: newId(), volumeId, stepKey: 'receive', fields: {} }, actor: leader },
    );
  }
  return commands;
}

/** Performs the set-up through the device's command bus (one transaction) and returns the center's keyed-row queue. */
export function setUpCenter(app: App, admin: CommandActor, options: CenterOptions): BenchCenter {
  const { bus, store, clock } = app.services;
  const siteId = readDevice(store)?.siteId;
  if (!siteId) throw new Error('setUpCenter needs a center PC (a device with a site)');
  const roster = workerRoster(options.workers ?? 30, options.scanCrew ?? 6);
  const keyers = roster.filter((w) => w.crew === 'entry');
  const perKeyer = PAGES_PER_UNIT * slipTemplateDef.rowsPerPage;
  const unitsPerKeyer = Math.ceil(options.records / keyers.length / perKeyer) + 1;
  const jobs = { entry: newId(), scan: newId() };
  const volumeIds = Array.from({ length: options.volumes ?? 60 }, () => newId());
  const leader: CommandActor = { role: 'leader', staffId: null, workerId: roster[0].id };
  const entry = entryCommands(jobs.entry, keyers, unitsPerKeyer, siteId, admin);
  bus.executeAll([...peopleCommands(roster, siteId, admin), ...jobCommands(jobs, jstDate(clock.now()), admin), ...entry.commands, ...scanCommands(jobs.scan, volumeIds, admin, leader)]);

  let keyed = 0;
  const nextKeyedRow = (keyerId: string, at: number): BusCommand => {
    const mine = entry.byKeyer.get(keyerId);
    if (!mine) throw new Error(`${keyerId} keys no units`);
    const p = mine.next++;
    const unit = mine.units[Math.floor(p / perKeyer)];
    if (!unit) throw new Error(`the batch holds ${unitsPerKeyer * perKeyer} rows per keyer; raise CenterOptions.records`);
    const pageId = unit.pageIds[Math.floor((p % perKeyer) / slipTemplateDef.rowsPerPage)];
    const input = { id: newId(), unitId: unit.id, pageId, rowNo: (p % slipTemplateDef.rowsPerPage) + 1, slot: 1, values: slipValues(keyed++, at) };
    return { name: 'entry.keyRow', input, actor: { role: 'worker', staffId: null, workerId: keyerId } };
  };
  let turn = 0;
  return {
    workers: roster,
    jobs,
    batchId: entry.batchId,
    volumeIds,
    nextKeyedRow,
    keyRecords(n) {
      for (let i = 0; i < n; i += 1000) {
        const chunk = Array.from({ length: Math.min(1000, n - i) }, () => nextKeyedRow(keyers[turn++ % keyers.length].id, clock.now()));
        bus.executeAll(chunk);
      }
    },
  };
}
