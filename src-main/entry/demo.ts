// Demo data for the two pilot entry jobs: VEHICLE-01 (logbooks of 111 vehicles, FY2022, keyed at three sites,
// some units double-keyed with mismatches) and STRUCT-01 (test sheets: social 16 / science 29 / English 22 /
// maths 34 sets of 8 pages, a few keyed). Built only through commands, like real data.
import type { CommandActor } from '../../src-shared/commands/define';
import { newId } from '../../src-shared/core/ids';
import { testSheetTemplate, vehicleLogTemplate } from '../../src-shared/entry/builtin';
import { isOfficeDay } from '../../src-shared/entry/holidays';
import type { Values } from '../../src-shared/entry/template';
import type { DemoContext } from '../app/demo/context';
import type { DemoPeople } from '../people/demo';
import { sha256Of, storeSourceFile } from './files';
import { logbookPageSvg, testSheetSvg } from './demo-pages';
import { seededRandom } from '../../src-shared/core/random';

const departments = ['総務課', '財政課', '市民課', '福祉課', '健康づくり課', '農政課', '建設課', '上下水道課', '教育総務課', '生涯学習課', '観光課', '環境課'];
const destinations = ['北小野地区', '楢川支所', '洗馬公民館', '広丘駅前', '県庁', '松本合同庁舎', '塩尻東小学校', 'みどり湖浄水場', '奈良井宿', '大門商店街', 'えんぱーく', '桔梗ヶ原'];
const purposes = ['現地調査', '打合せ', '会議出席', '家庭訪問', '工事監督', '書類搬送', '研修', '点検'];
const drivers = ['丸山', '百瀬', '上條', '赤羽', '小松', '宮坂', '中村', '伊藤', '古畑', '塩原', '降旗', '横山'];
const months = ['2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03'];
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export interface DemoLogPage {
  header: Values;
  rows: Values[];
}

/** A vehicle's logbook for one month; `maxTrips` keeps the first demo page short enough to key by hand. */
function logbookMonth(rand: () => number, vehicle: string, owner: string, month: string, use: number, odo: { km: number }, maxTrips: number): DemoLogPage {
  const rows: Values[] = [];
  for (let d = 1; d <= 31 && rows.length < maxTrips; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    if (Number.isNaN(Date.parse(date)) || new Date(`${date}T00:00:00Z`).getUTCMonth() + 1 !== Number(month.slice(5))) continue;
    if (!isOfficeDay(date) || rand() > use) continue;
    const out = 510 + Math.floor(rand() * 22) * 15;
    const back = Math.min(out + 30 + Math.floor(rand() * 14) * 15, 17 * 60 + 45);
    const km = Math.max(2, Math.round(((back - out) / 60) * (12 + rand() * 20)));
    const odoOut = odo.km;
    odo.km += km;
    rows.push({
      date,
      timeOut: hhmm(out),
      timeIn: hhmm(back),
      driver: drivers[Math.floor(rand() * drivers.length)],
      department: rand() < 0.08 ? departments[Math.floor(rand() * departments.length)] : owner,
      destination: destinations[Math.floor(rand() * destinations.length)],
      purpose: purposes[Math.floor(rand() * purposes.length)],
      odoOut: String(odoOut),
      odoIn: String(odo.km),
      notes: rand() < 0.1 ? '給油' : '',
      alcohol: '無',
      checker: drivers[Math.floor(rand() * drivers.length)],
      detector: rand() < 0.97 ? '使用' : '未使用',
    });
  }
  return { header: { vehicle, ownerDepartment: owner }, rows };
}

const noisyFields = new Set(['driver', 'destination', 'purpose', 'checker', 'odoOut']);

/** What a tired keyer does now and then: a mistyped last digit, a dropped character. */
function typo(rand: () => number, v: string): string {
  if (/^\d+$/.test(v)) return v.slice(0, -1) + String((Number(v.at(-1)) + 1) % 10);
  if (v.length < 2) return `${v}${v}`;
  const i = Math.floor(rand() * v.length);
  return v.slice(0, i) + v.slice(i + 1);
}

interface Keying {
  unitId: string;
  slot: 1 | 2;
  actor: CommandActor;
}

function keyPage(ctx: DemoContext, k: Keying, pageId: string, page: DemoLogPage, noise: (field: string, v: string) => string): void {
  ctx.run('entry.keyRow', { id: newId(), unitId: k.unitId, pageId, rowNo: 0, slot: k.slot, values: page.header }, k.actor);
  page.rows.forEach((row, i) => {
    const values = Object.fromEntries(Object.entries(row).map(([f, v]) => [f, noise(f, v)]));
    ctx.run('entry.keyRow', { id: newId(), unitId: k.unitId, pageId, rowNo: i + 1, slot: k.slot, values }, k.actor);
  });
}

function addSvg(ctx: DemoContext, svg: string, fileName: string) {
  const data = Buffer.from(svg, 'utf8');
  const sha256 = sha256Of(data);
  storeSourceFile(ctx.services.store, { sha256, data });
  return { id: newId(), sha256, fileName, mime: 'image/svg+xml' as const, bytes: data.length, pageIds: [newId()] };
}

const worker = (id: string): CommandActor => ({ role: 'worker', staffId: null, workerId: id });
const leader = (id: string): CommandActor => ({ role: 'leader', staffId: null, workerId: id });

function seedVehicles(ctx: DemoContext, people: DemoPeople, templateId: string): void {
  const rand = seededRandom(2022);
  const w = people.workerIds;
  // Three sites, four keyers each (DOMAIN.md: 3 site directors + 12 workers).
  const sites = [
    { siteId: people.siteIds.SHIOJIRI, keyers: [w[0], w[1], w[2], w[3]], lead: people.leaderIds[0] },
    { siteId: people.siteIds.OMACHI, keyers: [w[15], w[16], w[17], w[18]], lead: people.leaderIds[1] },
    { siteId: people.siteIds.AZUMINO, keyers: [w[22], w[23], w[24], w[25]], lead: people.leaderIds[2] },
  ];
  const def = vehicleLogTemplate.def;
  const books: { vehicle: string; pages: DemoLogPage[] }[] = [];
  for (let v = 0; v < 111; v++) {
    const vehicle = `松本300さ${1001 + v}`;
    const owner = departments[v % departments.length];
    const use = 0.05 + rand() * 0.55;
    const odo = { km: 10000 + Math.floor(rand() * 60000) };
    books.push({ vehicle, pages: months.map((m, i) => logbookMonth(rand, vehicle, owner, m, use, odo, v === 0 && i === 0 ? 3 : def.rowsPerPage)) });
  }
  const sources = books.flatMap((b, v) =>
    b.pages.map((p, i) => addSvg(ctx, logbookPageSvg(`車両利用記録簿（${months[i]}）`, def.header, p.header, def.row, p.rows, def.rowsPerPage), `vehicle-${String(v + 1).padStart(3, '0')}-${months[i]}.svg`)),
  );
  const batchId = newId();
  const admin = ctx.admin;
  ctx.run('entry.createBatch', { id: batchId, jobId: people.jobIds.vehicles, templateId, code: 'VEHICLE-01', name: '車両利用記録簿 令和4年度', doubleEntry: false, sources }, admin);

  // Vehicle 1: a one-page trial unit keyed blind by two keyers (W0002 and W0003), then its other 11 pages.
  const pageIdsOf = (v: number) => sources.slice(v * 12, v * 12 + 12).map((s) => s.pageIds[0]);
  const units: { id: string; label: string; pageIds: string[]; siteId: string; keyer1Id: string; keyer2Id: string | null; doubleEntry: boolean; v: number }[] = [];
  units.push({ id: newId(), label: 'VEHICLE-01-000', pageIds: pageIdsOf(0).slice(0, 1), siteId: sites[0].siteId, keyer1Id: w[0], keyer2Id: w[1], doubleEntry: true, v: 0 });
  units.push({ id: newId(), label: 'VEHICLE-01-001', pageIds: pageIdsOf(0).slice(1), siteId: sites[0].siteId, keyer1Id: w[0], keyer2Id: null, doubleEntry: false, v: 0 });
  for (let v = 1; v < 111; v++) {
    const site = sites[v % 3];
    const double = v >= 21 && v <= 24;
    const keyer1Id = site.keyers[Math.floor(v / 3) % 4];
    const keyer2Id = double ? site.keyers[(Math.floor(v / 3) + 1) % 4] : null;
    units.push({ id: newId(), label: `VEHICLE-01-${String(v + 1).padStart(3, '0')}`, pageIds: pageIdsOf(v), siteId: site.siteId, keyer1Id, keyer2Id, doubleEntry: double, v });
  }
  ctx.run('entry.saveUnits', { batchId, units: units.map(({ v: _v, ...u }) => u) }, admin);
  // The job is center-only: a loaned PC keys none of it (decision 0124).
  if (!ctx.atCenter) return;

  const same = (_field: string, s: string) => s;
  for (const unit of units.slice(2)) {
    const v = unit.v;
    if (v > 24) break;
    const site = sites[v % 3];
    const pages = books[v].pages;
    const keyed = v <= 16 || unit.doubleEntry ? pages.length : 6;
    for (let i = 0; i < keyed; i++) keyPage(ctx, { unitId: unit.id, slot: 1, actor: worker(unit.keyer1Id) }, unit.pageIds[i], pages[i], same);
    if (unit.doubleEntry) {
      // Slips that still pass the field rules, so the second keyer can submit and the leader has mismatches to settle.
      const noise = (field: string, s: string) => (s && noisyFields.has(field) && rand() < 0.04 ? typo(rand, s) : s);
      for (let i = 0; i < pages.length; i++) keyPage(ctx, { unitId: unit.id, slot: 2, actor: worker(unit.keyer2Id!) }, unit.pageIds[i], pages[i], noise);
      ctx.run('entry.submitKeying', { unitId: unit.id, slot: 1 }, worker(unit.keyer1Id));
      ctx.run('entry.submitKeying', { unitId: unit.id, slot: 2 }, worker(unit.keyer2Id!));
      continue;
    }
    if (v > 16) continue;
    ctx.run('entry.submitKeying', { unitId: unit.id, slot: 1 }, worker(unit.keyer1Id));
    if (v <= 12) ctx.run('entry.review', { id: newId(), unitId: unit.id, to: 'verified', note: '' }, leader(site.lead));
    if (v <= 8) ctx.run('entry.review', { id: newId(), unitId: unit.id, to: 'accepted', note: '' }, leader(site.lead));
  }
}

const questionBank: Record<string, [string, string, string][]> = {
  社会: [
    ['日本で最も面積の大きい都道府県はどこか。', '北海道', '面積は約 8 万 3 千 km² で、全国の約 2 割を占める。'],
    ['鎌倉幕府を開いた人物は誰か。', '源頼朝', '1192 年に征夷大将軍に任命された。'],
    ['日本国憲法の三つの基本原理を答えなさい。', '国民主権・基本的人権の尊重・平和主義', '前文と各条文に示されている。'],
  ],
  理科: [
    ['植物が光合成で取り入れる気体は何か。', '二酸化炭素', '気孔から取り入れ、酸素を出す。'],
    ['水 100 g に食塩 25 g を溶かした水溶液の質量パーセント濃度を求めなさい。', '20%', '25 ÷ (100 + 25) × 100 = 20'],
    ['電流の単位を答えなさい。', 'アンペア (A)', '電圧はボルト、抵抗はオームで表す。'],
  ],
  英語: [
    ['次の英文を日本語にしなさい。 I have lived here for three years.', '私はここに 3 年間住んでいます。', '現在完了の継続用法。'],
    ['( ) に入る語を選びなさい。 She is good ( ) playing the piano.', 'at', 'be good at ~ing で「〜が得意だ」。'],
    ['次の語の複数形を書きなさい。 child', 'children', '不規則に変化する名詞。'],
  ],
  数学: [
    ['2x + 3 = 11 を解きなさい。', 'x = 4', '両辺から 3 を引き、2 で割る。'],
    ['半径 3 cm の円の面積を求めなさい。', '9π cm²', '円の面積は πr²。'],
    ['y = 2x − 1 のグラフの傾きと切片を答えなさい。', '傾き 2、切片 −1', 'y = ax + b の a が傾き、b が切片。'],
  ],
};

function seedTestSheets(ctx: DemoContext, people: DemoPeople, templateId: string): void {
  const subjects: [string, number][] = [['社会', 16], ['理科', 29], ['英語', 22], ['数学', 34]];
  const keyers = people.workerIds.slice(29, 34);
  const sheets: { subject: string; set: number; page: number; rows: Values[] }[] = [];
  for (const [subject, sets] of subjects) {
    const bank = questionBank[subject];
    for (let set = 1; set <= sets; set++) {
      for (let page = 1; page <= 8; page++) {
        const rows = [0, 1, 2, 3].map((q) => {
          const [question, answer, explanation] = bank[(set + page + q) % bank.length];
          return { questionNo: `${(page - 1) * 4 + q + 1}`, question, answer, explanation, figure: q === 3 && page % 3 === 0 ? `図${page}` : '' };
        });
        sheets.push({ subject, set, page, rows });
      }
    }
  }
  const sources = sheets.map((s) => addSvg(ctx, testSheetSvg(s.subject, s.set, s.page, s.rows), `${s.subject}-${String(s.set).padStart(2, '0')}-${s.page}.svg`));
  const batchId = newId();
  ctx.run('entry.createBatch', { id: batchId, jobId: people.jobIds.structuring, templateId, code: 'STRUCT-01', name: '中学校テスト問題 構造化', doubleEntry: false, sources }, ctx.admin);
  const units = [];
  for (let i = 0; i < sheets.length; i += 8) {
    const s = sheets[i];
    const keyer = keyers[(i / 8) % keyers.length];
    units.push({ id: newId(), label: `${s.subject}-${String(s.set).padStart(2, '0')}`, pageIds: sources.slice(i, i + 8).map((x) => x.pageIds[0]), siteId: people.siteIds.TATESHINA, keyer1Id: keyer, keyer2Id: null });
  }
  ctx.run('entry.saveUnits', { batchId, units }, ctx.admin);
  // The first three social-studies sets are keyed; the first is accepted.
  for (let u = 0; u < 3; u++) {
    const unit = units[u];
    for (let p = 0; p < 8; p++) {
      const sheet = sheets[u * 8 + p];
      keyPage(ctx, { unitId: unit.id, slot: 1, actor: worker(unit.keyer1Id) }, unit.pageIds[p], { header: { subject: sheet.subject, set: String(sheet.set) }, rows: sheet.rows }, (_f, v) => v);
    }
    ctx.run('entry.submitKeying', { unitId: unit.id, slot: 1 }, worker(unit.keyer1Id));
  }
  ctx.run('entry.review', { id: newId(), unitId: units[0].id, to: 'verified', note: '' }, leader(people.leaderIds[3]));
  ctx.run('entry.review', { id: newId(), unitId: units[0].id, to: 'accepted', note: '' }, leader(people.leaderIds[3]));
}

export function seedEntry(ctx: DemoContext, people: DemoPeople): void {
  const ids = { vehicle: newId(), test: newId() };
  for (const [t, id] of [[vehicleLogTemplate, ids.vehicle], [testSheetTemplate, ids.test]] as const) {
    ctx.run('entry.saveTemplate', { id, code: t.code, name: t.name, kind: t.kind, def: t.def, active: true }, ctx.admin);
  }
  seedVehicles(ctx, people, ids.vehicle);
  seedTestSheets(ctx, people, ids.test);
}
