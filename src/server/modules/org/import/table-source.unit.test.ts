import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTable } from './csv-rows.js';
import { INSTITUTION_COLUMNS } from './import-columns.js';
import { ImportFileError } from './import-errors.js';
import { cellText, loadTable, numberText, openTable, type Upload } from './table-source.js';
import { sjis, utf8Bom } from './fixtures/upload.js';

const LIMITS = { maxRows: 100, maxUnzipped: 50 * 1024 * 1024 };
const upload = (data: Buffer, fileName = 'x.csv', extra: Partial<Upload> = {}): Upload => ({ fileName, data, encoding: 'auto', ...extra });
const problemsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportFileError) return e.problems;
    throw e;
  }
  return [];
};

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('numberText and cellText', () => {
  it('writes numbers without float noise and cells as Excel shows them', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(13)).toBe('13');
    expect(numberText(1.5)).toBe('1.5');
    expect(cellText(new Date(Date.UTC(2030, 2, 31)))).toBe('2030-03-31');
    expect(cellText(new Date(Date.UTC(2030, 2, 31, 10, 29, 59, 999)))).toBe('2030-03-31 10:30');
    expect(cellText({ richText: [{ text: '甲' }, { text: '病院' }] })).toBe('甲病院');
    expect(cellText({ formula: 'A1+1', result: 0.1 + 0.2 })).toBe('0.3');
    expect(cellText({ formula: 'TODAY()', result: 47208 }, 'yyyy/m/d')).toBe('2029-03-31');
    expect(cellText({ text: 'link', hyperlink: 'https://example.jp' })).toBe('link');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(null)).toBe('');
  });
});

describe('openTable: CSV', () => {
  const text = 'code,name_ja,name_en,prefecture\nA1,"甲,乙","Say ""hi""\nthere",13\n\nB2,丙,C,27\n,,,\n\n';

  it('reads the same rows as readTable, streaming, for UTF-8 with BOM and Shift_JIS', async () => {
    const expected = readTable(text, INSTITUTION_COLUMNS);
    for (const data of [utf8Bom(text), sjis(text), Buffer.from(text)]) {
      const src = await openTable(upload(data), INSTITUTION_COLUMNS, LIMITS);
      expect(src).toMatchObject({ format: 'csv', sheet: null, totalRows: 2 });
      expect((await loadTable(src)).rows).toEqual(expected.rows);
      // and again: a source can be read more than once
      expect((await loadTable(src)).rows).toEqual(expected.rows);
    }
    expect((await openTable(upload(sjis(text)), INSTITUTION_COLUMNS, LIMITS)).encoding).toBe('shift_jis');
  });

  it('reports the row of broken CSV, too many rows, no rows and bad headers as before', async () => {
    expect((await problemsOf(openTable(upload(Buffer.from('code,name_ja,name_en,prefecture\nA1,甲,A,13\nB2,"乙,B,27\n')), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ row: 3, code: 'CSV_SYNTAX' });
    const many = `code,name_ja,name_en,prefecture\n${Array.from({ length: 101 }, (_, i) => `C${i},甲,A,13`).join('\n')}\n`;
    expect((await problemsOf(openTable(upload(Buffer.from(many)), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'TOO_MANY_ROWS' });
    expect((await problemsOf(openTable(upload(Buffer.from('code,name_ja,name_en,prefecture\n\n')), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'NO_ROWS' });
    expect((await problemsOf(openTable(upload(Buffer.from('\ncode,name_ja,name_en,prefecture\nA,b,c,13\n')), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'NO_HEADER' });
    expect((await problemsOf(openTable(upload(Buffer.from('code,name_ja,name_en,prefecture,\nA1,甲,A,13,x\n')), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'UNNAMED_COLUMN' });
  });
});

describe('openTable: XLSX', () => {
  it('reads the first sheet: shared strings, numbers, dates, formulas, rich text; blank rows keep their numbers', async () => {
    const data = await workbook((wb) => {
      const ws = wb.addWorksheet('施設');
      ws.addRow(['施設コード', '施設名', '施設名（英語）', '都道府県']);
      ws.addRow(['０１２', { richText: [{ text: '甲' }, { text: '病院' }] }, 'Hospital A', 13]);
      ws.addRow([]);
      ws.addRow(['B2', '乙病院', { formula: 'A2&"x"', result: '012x' }, { formula: '10+3', result: 0.1 + 0.2 }]);
      const d = ws.getRow(5);
      d.values = ['C3', '丙', new Date(Date.UTC(2030, 2, 31)), 27];
      d.getCell(3).numFmt = 'yyyy/m/d';
      wb.addWorksheet('other').addRow(['ignored']);
    });
    const src = await openTable(upload(data, 'register.xlsx'), INSTITUTION_COLUMNS, LIMITS);
    expect(src).toMatchObject({ format: 'xlsx', encoding: null, sheet: '施設', totalRows: 3 });
    const { rows, headers } = await loadTable(src);
    expect(headers.get('nameEn')).toBe('施設名（英語）');
    expect(rows).toEqual([
      { row: 2, values: { code: '012', nameJa: '甲病院', nameEn: 'Hospital A', prefecture: '13' }, overflow: false },
      { row: 4, values: { code: 'B2', nameJa: '乙病院', nameEn: '012x', prefecture: '0.3' }, overflow: false },
      { row: 5, values: { code: 'C3', nameJa: '丙', nameEn: '2030-03-31', prefecture: '27' }, overflow: false },
    ]);
  });

  it('reads a chosen sheet by name or position, and names the sheets when one is missing', async () => {
    const data = await workbook((wb) => {
      wb.addWorksheet('説明').addRow(['この表は…']);
      const ws = wb.addWorksheet('Data');
      ws.addRow(['code', 'name_ja', 'name_en', 'prefecture']);
      ws.addRow(['D1', '丁', 'D', 1]);
    });
    expect((await loadTable(await openTable(upload(data, 'a.xlsx', { sheet: 'data' }), INSTITUTION_COLUMNS, LIMITS))).rows[0]?.values.code).toBe('D1');
    expect((await openTable(upload(data, 'a.xlsx', { sheet: '2' }), INSTITUTION_COLUMNS, LIMITS)).sheet).toBe('Data');
    expect((await problemsOf(openTable(upload(data, 'a.xlsx', { sheet: 'Assets' }), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'SHEET_NOT_FOUND', message: expect.stringContaining('"説明", "Data"') });
    // the first sheet is the guide here
    expect((await problemsOf(openTable(upload(data, 'a.xlsx'), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'NO_ROWS' });
  });

  it('refuses a ZIP that is not a workbook, a workbook that expands too far, and a .xlsx name on other bytes', async () => {
    const zip = Buffer.from(zipSync({ 'word/document.xml': strToU8('<w/>') }));
    expect((await problemsOf(openTable(upload(zip, 'a.docx'), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'NOT_XLSX' });
    const bomb = Buffer.from(zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="a"/></sheets></workbook>'), 'xl/worksheets/sheet1.xml': new Uint8Array(3 * 1024 * 1024) }));
    expect((await problemsOf(openTable(upload(bomb, 'a.xlsx'), INSTITUTION_COLUMNS, { ...LIMITS, maxUnzipped: 2 * 1024 * 1024 })))[0]).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect((await problemsOf(openTable(upload(Buffer.from('code\n1\n'), 'a.xlsx'), INSTITUTION_COLUMNS, LIMITS)))[0]).toMatchObject({ code: 'NOT_XLSX' });
  });
});
