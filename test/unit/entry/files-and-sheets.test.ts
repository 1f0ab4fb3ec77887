// Source files are read for what they are (PDF pages counted, images measured, anything else refused by name),
// and templates survive a round trip through a spreadsheet while contradictory sheets are refused.
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/core/errors';
import { testSheetTemplate, vehicleLogTemplate } from '../../../src-shared/entry/builtin';
import { checkSourceFile } from '../../../src-main/entry/files';
import { templateFromSheet, templateToSheet } from '../../../src-main/entry/template-sheet';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('checkSourceFile', () => {
  it('counts the pages of a PDF and measures an image', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    const pdf = await checkSourceFile('logbook.pdf', Buffer.from(await doc.save()));
    expect([pdf.mime, pdf.pageCount]).toEqual(['application/pdf', 2]);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } }).png().toBuffer();
    const img = await checkSourceFile('page.png', png);
    expect([img.mime, img.pageCount, img.sha256.length]).toEqual(['image/png', 1, 64]);
  });

  it('refuses a file that only pretends, naming it', async () => {
    for (const [name, data] of [
      ['scan.pdf', Buffer.from('%PDF-1.7 broken')],
      ['scan.png', Buffer.from('not an image')],
      ['empty.jpg', Buffer.alloc(0)],
    ] as const) {
      const err = await refusal(checkSourceFile(name, data));
      expect(err.payload).toMatchObject({ code: 'invalid_input', messageKey: 'entry.errors.unreadableFile', params: { file: name } });
    }
  });
});

describe('template spreadsheets', () => {
  it('round-trips the shipped templates', async () => {
    for (const t of [vehicleLogTemplate, testSheetTemplate]) {
      const back = await templateFromSheet(await templateToSheet({ id: 'x', code: t.code, name: t.name, kind: t.kind, def: t.def, active: true }));
      expect(back).toEqual({ code: t.code, name: t.name, kind: t.kind, def: t.def });
    }
  });

  it('refuses a sheet whose rules contradict each other, listing why', async () => {
    const data = await templateToSheet({ id: 'x', code: 'V2', name: 'v2', kind: 'vehicle_log', def: vehicleLogTemplate.def, active: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const fields = wb.getWorksheet('fields')!;
    // Row 1 is the column heads, rows 2–3 the page header: odoOut is row 11, notes row 13.
    expect(fields.getRow(11).getCell(2).value).toBe('odoOut');
    fields.getRow(11).getCell(7).value = 10;
    fields.getRow(11).getCell(8).value = 5;
    fields.getRow(13).getCell(5).value = 1;
    fields.getRow(13).getCell(6).value = 1;
    const err = await refusal(templateFromSheet(Buffer.from(await wb.xlsx.writeBuffer())));
    expect(err.payload.messageKey).toBe('entry.errors.templateContradiction');
    expect(err.payload.issues?.map((i) => i.messageKey).sort()).toEqual(['entry.template.minOverMax', 'entry.template.requiredHidden']);
  });

  it('refuses something that is not a template sheet', async () => {
    const err = await refusal(templateFromSheet(Buffer.from('plain text')));
    expect(err.payload.messageKey).toBe('entry.errors.templateSheet');
  });
});
