// Which column of a city's volume list is which: header synonyms as offices write them, the header row found below
// a title, a leader's hand-made assignment (remembered per client) on top. Normalisation is for matching only: what
// the file says is kept as written.

export const importColumns = ['volumeNo', 'title', 'shelfNo', 'expectedPages', 'format', 'restriction', 'dcDate'] as const;
export type ImportColumn = (typeof importColumns)[number];

export const requiredColumns: readonly ImportColumn[] = ['volumeNo', 'title', 'expectedPages'];

/** Header names accepted for each column (as the cities write them, then English). Compared by `headerKey`. */
export const columnAliases: Record<ImportColumn, readonly string[]> = {
  volumeNo: ['冊番号', '簿冊番号', '番号', 'No', 'No.', 'NO', '№', '通し番号', '通番', '連番', '整理番号', '簿冊No', '冊No', '文書番号', 'volume', 'volumeno', 'id'],
  title: ['簿冊名', '簿冊', '簿冊名称', '文書名', '文書件名', '件名', '資料名', '表題', 'タイトル', '名称', 'title', 'name'],
  shelfNo: ['棚番号', '台帳番号', '書架番号', '配架番号', '保管場所', '所在', '棚', 'shelf', 'shelfno'],
  expectedPages: [
    '頁数', '予定頁数', '総頁数', '頁', 'ページ数', '予定ページ数', '総ページ数', 'ページ', '枚数', '予定枚数', '総枚数', '枚',
    '撮影枚数', '予定撮影枚数', 'スキャン枚数', '画像数', '予定画像数', 'pages', 'expectedpages', 'pagecount',
  ],
  format: ['判型', '形態', 'サイズ', '用紙サイズ', '大きさ', '判', 'format', 'size'],
  restriction: ['取扱制限', '取り扱い制限', '取扱', '取扱い', '取扱区分', '制限', '持出制限', '持ち出し制限', 'restriction'],
  dcDate: ['年代', '作成年', '作成年度', '年度', '作成日', '作成年月日', '年月日', '日付', 'date'],
};

/**
 * A header cell as compared: NFKC (全角 → 半角, ㈱ → (株)), every blank removed (half- and full-width), lower case,
 * required-column marks (※ * ◎) dropped, and brackets removed around their content (`頁数（予定）` = `頁数予定`).
 */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/^[※*＊◎●]+|[※*＊◎●:：]+$/g, '')
    .replace(/[()[\]{}【】「」『』〔〕<>〈〉《》]/g, '');
}

/** The same header without a bracketed part: `頁数（枚）` → `頁数`, `予定頁数(A0含む)` → `予定頁数`. */
function headerKeyWithoutNote(text: string): string {
  return headerKey(text.normalize('NFKC').replace(/[(（[【〔][^)）\]】〕]*[)）\]】〕]/g, ''));
}

const aliasIndex: Map<string, ImportColumn> = (() => {
  const map = new Map<string, ImportColumn>();
  for (const col of importColumns) for (const alias of columnAliases[col]) if (!map.has(headerKey(alias))) map.set(headerKey(alias), col);
  // `予定頁数` and friends with the 予定 in front or behind (`頁数予定`).
  for (const alias of columnAliases.expectedPages) map.set(`${headerKey(alias)}予定`, 'expectedPages');
  return map;
})();

/** Which column a header names by the synonyms alone, or null. */
export function columnOfHeader(text: string): ImportColumn | null {
  if (!text.trim()) return null;
  return aliasIndex.get(headerKey(text)) ?? aliasIndex.get(headerKeyWithoutNote(text)) ?? null;
}

/** A leader's assignment: file header (its `headerKey`) → column, or '' for "not one of ours, keep it as a note". */
export type HeaderMapping = Record<string, ImportColumn | ''>;

export interface HeaderMatch {
  /** 0-based index of the header row in the file. */
  headerRow: number;
  /** The header cells as written. */
  headers: string[];
  columns: Partial<Record<ImportColumn, number>>;
  /** How each assigned column was found: by synonym, or by the leader (this file or a remembered one). */
  source: Partial<Record<ImportColumn, 'synonym' | 'mapping'>>;
  /** Indexes of the columns that are none of ours: kept verbatim as extra fields. */
  extra: number[];
}

function matchRow(header: string[], mapping: HeaderMapping): Omit<HeaderMatch, 'headerRow'> {
  const columns: Partial<Record<ImportColumn, number>> = {};
  const source: HeaderMatch['source'] = {};
  const mapped = new Set<number>();
  // The leader's choices first: they override a synonym and may say "this one is none of ours".
  header.forEach((cell, i) => {
    const key = headerKey(cell ?? '');
    if (!key || !(key in mapping)) return;
    mapped.add(i);
    const col = mapping[key];
    if (col && columns[col] === undefined) {
      columns[col] = i;
      source[col] = 'mapping';
    }
  });
  header.forEach((cell, i) => {
    if (mapped.has(i)) return;
    const col = columnOfHeader(cell ?? '');
    if (col && columns[col] === undefined) {
      columns[col] = i;
      source[col] = 'synonym';
    }
  });
  const used = new Set(Object.values(columns));
  const extra = header.map((_, i) => i).filter((i) => !used.has(i));
  return { headers: header.map((c) => c ?? ''), columns, source, extra };
}

const scoreOf = (m: Omit<HeaderMatch, 'headerRow'>) =>
  Object.keys(m.columns).length + requiredColumns.filter((c) => m.columns[c] !== undefined).length;

/**
 * Finds the header row among the first rows (a title, a date or a blank line often comes first) and assigns the
 * columns. `headerRow` forces the row (0-based) when the leader chose it.
 */
export function matchHeader(rows: readonly string[][], mapping: HeaderMapping = {}, headerRow?: number): HeaderMatch {
  if (headerRow !== undefined) return { headerRow, ...matchRow(rows[headerRow] ?? [], mapping) };
  let best: HeaderMatch | null = null;
  const limit = Math.min(rows.length, 15);
  for (let r = 0; r < limit; r++) {
    const row = rows[r] ?? [];
    if (row.every((c) => !String(c ?? '').trim())) continue;
    const m = { headerRow: r, ...matchRow(row, mapping) };
    // A title merged across the columns repeats its text in every cell: never a header.
    if (new Set(row.filter((c) => String(c ?? '').trim())).size === 1 && row.filter((c) => String(c ?? '').trim()).length > 1) continue;
    if (!best || scoreOf(m) > scoreOf(best)) best = m;
    if (requiredColumns.every((c) => m.columns[c] !== undefined)) break;
  }
  if (best && scoreOf(best) > 0) return best;
  const first = rows.findIndex((row) => (row ?? []).some((c) => String(c ?? '').trim()));
  const r = first < 0 ? 0 : first;
  return { headerRow: r, ...matchRow(rows[r] ?? [], mapping) };
}

/** How well rows look like a volume list (0: no known header at all): for choosing among a workbook's sheets. */
export function headerScore(rows: readonly string[][], mapping: HeaderMapping = {}): number {
  const m = matchHeader(rows, mapping);
  return scoreOf(m);
}

/** Column letters as Excel shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The name an unknown column is kept under: its header as written, or its letter when the header cell is empty. */
export function extraName(headers: readonly string[], index: number): string {
  const text = (headers[index] ?? '').normalize('NFC').trim();
  return text || `${columnLetter(index)}列`;
}

/** A client as compared for its remembered mapping: width and blanks folded, nothing else guessed. */
export function clientKey(clientName: string): string {
  return clientName.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * The key a job's lists are remembered under: its registered client (decision 0107) when it has one, else the
 * client's name as written on jobs made before clients were a registry.
 */
export function mappingKeyOf(job: { clientId?: string | null; clientName: string }): string {
  return job.clientId ? `client:${job.clientId}` : clientKey(job.clientName);
}
