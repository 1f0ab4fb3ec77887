// Demo registry: the pilot operator's four sites, a few dozen workers, office staff and the three pilot jobs.
import { newId } from '../../src-shared/core/ids';
import type { SkillStage } from '../../src-shared/people/rows';
import { jstDate } from '../../src-shared/core/time';
import { hashSecret } from '../auth/secrets';
import { newStaffSecret } from '../auth/staff-keys';
import type { DemoContext } from '../app/demo/context';

export const DEMO_PASSWORD = 'tomoni-demo';
export const DEMO_PIN = '1234';

const siteDefs = [
  { code: 'SHIOJIRI', name: '塩尻' },
  { code: 'OMACHI', name: '大町' },
  { code: 'AZUMINO', name: '安曇野' },
  { code: 'TATESHINA', name: '立科' },
] as const;

const familyNames: [string, string][] = [
  ['佐藤', 'サトウ'], ['鈴木', 'スズキ'], ['高橋', 'タカハシ'], ['田中', 'タナカ'], ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'], ['山本', 'ヤマモト'], ['中村', 'ナカムラ'], ['小林', 'コバヤシ'], ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'], ['山田', 'ヤマダ'], ['丸山', 'マルヤマ'], ['百瀬', 'モモセ'], ['上條', 'カミジョウ'],
  ['赤羽', 'アカハネ'], ['小松', 'コマツ'], ['宮坂', 'ミヤサカ'],
];
const givenNames: [string, string][] = [
  ['陽子', 'ヨウコ'], ['美紀', 'ミキ'], ['健太', 'ケンタ'], ['由美', 'ユミ'], ['直樹', 'ナオキ'], ['恵', 'メグミ'],
  ['智子', 'トモコ'], ['翔', 'ショウ'], ['真理', 'マリ'], ['和也', 'カズヤ'], ['さくら', 'サクラ'], ['舞', 'マイ'],
  ['大輔', 'ダイスケ'], ['香織', 'カオリ'], ['亮', 'リョウ'],
];

const skillCycle: SkillStage[] = ['A', 'A', 'B', 'A', 'B', 'C'];

export interface DemoPeople {
  siteIds: Record<(typeof siteDefs)[number]['code'], string>;
  workerIds: string[];
  leaderIds: string[];
  jobIds: { scan: string; vehicles: string; structuring: string };
  adminId: string;
}

export function seedPeople(ctx: DemoContext): DemoPeople {
  const { run, admin, now } = ctx;
  const siteIds = {} as DemoPeople['siteIds'];
  siteDefs.forEach((site, i) => {
    const id = i === 0 ? ctx.firstSiteId : newId();
    siteIds[site.code] = id;
    if (i > 0) run('people.upsertSite', { id, code: site.code, name: site.name, kind: 'center', active: true }, admin);
  });

  const staffDefs = [
    { loginId: 'director', familyName: '百瀬', givenName: '純', role: 'director', siteId: null },
    { loginId: 'office', familyName: '赤羽', givenName: '友美', role: 'backoffice', siteId: 'SHIOJIRI' },
    { loginId: 'manager', familyName: '小松', givenName: '誠', role: 'manager', siteId: null },
  ] as const;
  for (const s of staffDefs) {
    const id = newId();
    // Each staff member gets their own signing key, wrapped by the demo password like any other (decision 0072);
    // lent for the demo run so seeders can act in their name.
    const secret = newStaffSecret(DEMO_PASSWORD);
    ctx.services.sessions.holdKey(id, secret.privateKey);
    // The director and the manager work across sites; their passwords reach every center PC (decision 0119).
    run('people.upsertStaff', { id, ...s, siteId: s.siteId && siteIds[s.siteId], active: true }, admin);
    run('people.setCredential', { id, subjectType: 'staff', kind: 'password', hash: secret.hash, publicKey: secret.publicKey, wrappedKey: secret.wrappedKey }, admin);
  }

  // One hash for every demo PIN: scrypt is slow on purpose, and the demo PIN is the same anyway.
  const pinHash = hashSecret(DEMO_PIN);
  const workerIds: string[] = [];
  const leaderIds: string[] = [];
  const perSite = [16, 8, 8, 6];
  let n = 0;
  siteDefs.forEach((site, s) => {
    for (let k = 0; k < perSite[s]; k++) {
      const id = newId();
      const [family, familyKana] = familyNames[(n * 7) % familyNames.length];
      const [given, givenKana] = givenNames[(n * 7 + s * 3) % givenNames.length]!;
      const role = k === 0 ? 'leader' : 'worker';
      run(
        'people.upsertWorker',
        {
          id,
          code: `W${String(n + 1).padStart(4, '0')}`,
          familyName: family,
          givenName: given,
          familyNameKana: familyKana,
          givenNameKana: givenKana,
          role,
          homeSiteId: siteIds[site.code],
          skillIt: skillCycle[n % skillCycle.length],
          skillBusiness: skillCycle[(n + 2) % skillCycle.length],
          invoiceNumber: n % 4 === 0 ? `T${String(5010001000000 + n)}` : null,
          active: true,
        },
        admin,
      );
      run('people.setCredential', { id, subjectType: 'worker', kind: 'pin', hash: pinHash }, admin);
      (role === 'leader' ? leaderIds : workerIds).push(id);
      n++;
    }
  });

  const day = 24 * 60 * 60 * 1000;
  const jobIds = { scan: newId(), vehicles: newId(), structuring: newId() };
  const jobs = [
    {
      id: jobIds.scan,
      code: 'ARCHIVE-01',
      name: '自治体保存文書のデジタル化（建築図面・旧公図）',
      clientName: '糸魚川市・塩尻市',
      kind: 'scan',
      restriction: 'center_only',
      // The pilot ran 99 days (2023-11-07 → 2024-02-14); the demo runs the same span around today.
      startDate: jstDate(now - 40 * day),
      dueDate: jstDate(now + 59 * day),
    },
    {
      id: jobIds.vehicles,
      code: 'VEHICLE-01',
      name: '公用車利用データの見える化（車両利用記録簿 111 台）',
      clientName: '塩尻市',
      kind: 'entry',
      restriction: 'center_only',
      startDate: jstDate(now - 20 * day),
      dueDate: jstDate(now + 40 * day),
    },
    {
      id: jobIds.structuring,
      code: 'STRUCT-01',
      name: '文書構造化データ整備（中学校テスト問題）',
      clientName: '民間企業',
      kind: 'entry',
      restriction: 'home_allowed',
      startDate: jstDate(now - 10 * day),
      dueDate: jstDate(now + 50 * day),
    },
  ] as const;
  for (const job of jobs) run('people.upsertJob', { ...job, status: 'active' }, admin);

  return { siteIds, workerIds, leaderIds, jobIds, adminId: (admin).staffId! };
}
