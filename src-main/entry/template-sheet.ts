// Templates as spreadsheets: one sheet of fields (section, key, label, type, …) and one of rules, so a template
// can be drafted in Excel and imported. Import checks the same contradictions as the command.
import ExcelJS from 'exceljs';
import { AppError, type FieldIssue } from '../../src-shared/core/errors';
import type { TemplateView } from '../../src-shared/entry/contract';
import { templateDefSchema } from '../../src-shared/entry/schemas';
import type { FieldDef, RuleDef, TemplateDef, TemplateKind } from '../../src-shared/entry/template';
import { checkTemplate } from '../../src-shared/entry/validate';
import { styleSheet } from '../export/office-xlsx';

const fieldColumns = ['section', 'key', 'label', 'type', 'required', 'hidden', 'min', 'max', 'integer', 'maxLength', 'options', 'width'] as const;
const ruleColumns = ['kind', 'a', 'b', 'field', 'prev', 'date', 'start', 'end', 'group'] as const;

export async function templateToSheet(t: TemplateView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const info = wb.addWorksheet('template');
  info.addRows([
    ['code', t.code],
    ['name', t.name],
    ['kind', t.kind],
    ['rowsPerPage', t.def.rowsPerPage],
  ]);
  const fields = wb.addWorksheet('fields');
  fields.addRow([...fieldColumns]);
  const add = (section: string, f: FieldDef) =>
    fields.addRow([section, f.key, f.label, f.type, f.required ? 1 : 0, f.hidden ? 1 : 0, f.min ?? '', f.max ?? '', f.integer ? 1 : 0, f.maxLength ?? '', (f.options ?? []).join('|'), f.width ?? '']);
  t.def.header.forEach((f) => add('header', f));
  t.def.row.forEach((f) => add('row', f));
  const rules = wb.addWorksheet('rules');
  rules.addRow([...ruleColumns]);
  for (const r of t.def.rules) rules.addRow(ruleColumns.map((c) => (r as Record<string, string>)[c] ?? ''));
  styleSheet(info, 0);
  styleSheet(fields);
  styleSheet(rules);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v).trim();
}

function sheetRows(ws: ExcelJS.Worksheet | undefined): Record<string, string>[] {
  if (!ws) throw new AppError('invalid_input', 'entry.errors.templateSheet');
  const out: Record<string, string>[] = [];
  let header: string[] = [];
  ws.eachRow((row, n) => {
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (n === 1) header = cells;
    else out.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  });
  return out;
}

const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
const flag = (s: string | undefined) => s === '1' || s?.toLowerCase() === 'true' || s === '○';

export async function templateFromSheet(data: Buffer): Promise<{ code: string; name: string; kind: TemplateKind; def: TemplateDef }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('invalid_input', 'entry.errors.templateSheet');
  }
  const info = new Map<string, string>();
  wb.getWorksheet('template')?.eachRow((row) => info.set(cellText(row.getCell(1).value), cellText(row.getCell(2).value)));
  const header: FieldDef[] = [];
  const rowFields: FieldDef[] = [];
  for (const r of sheetRows(wb.getWorksheet('fields'))) {
    const f: FieldDef = { key: r.key ?? '', label: r.label ?? '', type: (r.type ?? 'text') as FieldDef['type'], required: flag(r.required) };
    if (flag(r.hidden)) f.hidden = true;
    if (num(r.min) !== undefined) f.min = num(r.min);
    if (num(r.max) !== undefined) f.max = num(r.max);
    if (flag(r.integer)) f.integer = true;
    if (num(r.maxLength) !== undefined) f.maxLength = num(r.maxLength);
    if (r.options) f.options = r.options.split('|').map((o) => o.trim()).filter(Boolean);
    if (num(r.width) !== undefined) f.width = num(r.width);
    (r.section === 'header' ? header : rowFields).push(f);
  }
  const rules = sheetRows(wb.getWorksheet('rules')).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')) as unknown as RuleDef);
  const parsed = templateDefSchema.safeParse({ header, row: rowFields, rowsPerPage: Number(info.get('rowsPerPage') ?? 0), rules });
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({ path: i.path.join('.'), messageKey: 'validation.invalid' }));
    throw new AppError('invalid_input', 'entry.errors.templateSheet', undefined, issues);
  }
  const problems = checkTemplate(parsed.data);
  if (problems.length > 0) {
    throw new AppError('invalid_input', 'entry.errors.templateContradiction', undefined, problems.map((p) => ({ path: '', messageKey: p.messageKey, params: p.params })));
  }
  const kind = (['vehicle_log', 'test_sheet', 'generic'].includes(info.get('kind') ?? '') ? info.get('kind') : 'generic') as TemplateKind;
  const code = info.get('code') ?? '';
  if (!/^[A-Za-z0-9-]{1,30}$/.test(code)) throw new AppError('invalid_input', 'entry.errors.templateSheet');
  return { code, name: info.get('name') || code, kind, def: parsed.data };
}
