// @vitest-environment node
import { Readable } from 'node:stream';
import { buffer as readBuffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, displayWidth, sendTable, tableStream, type TableColumn } from './table-export.js';

const columns: TableColumn[] = [
  { key: 'ref', header: '管理番号', type: 'text' },
  { key: 'name', header: '名称' },
  { key: 'level', header: 'C', type: 'number' },
  { key: 'retainUntil', header: '保存期限', type: 'date' },
  { key: 'updatedAt', header: '更新日時' },
  { key: 'tags', header: 'タグ' },
];
const rows = [
  { ref: '0012', name: '症例報告書（紙）', level: 3, retainUntil: '2030-03-31', updatedAt: new Date('2025-04-01T00:30:00Z'), tags: ['紙', '施設A'] },
  { ref: 'A-2', name: '=HYPERLINK("http://evil.example","x")', level: 2, retainUntil: null, updatedAt: new Date('2025-04-02T15:00:00Z'), tags: [] },
  { ref: 'A-3', name: '+81 3 1234', level: -1, retainUntil: '2031-12-01', updatedAt: null, tags: ['@home', '-x'] },
  { ref: 'A-4', name: 'line1\nline2, "quoted"', level: 0.1 + 0.2, retainUntil: '', updatedAt: null, tags: null },
  { ref: 'A-5', name: '\tTAB', level: null, retainUntil: undefined, updatedAt: undefined, tags: undefined },
];

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const x of items) {
    await new Promise((r) => setImmediate(r));
    yield x;
  }
}

describe('csvField', () => {
  it('quotes and guards formula starts', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(-1)).toBe('-1'); // a number stays a number
    expect(csvField(null)).toBe('');
  });
});

describe('CSV export', () => {
  it('is UTF-8 with a BOM and CRLF, parses back to the same cells, and neutralises formulas', async () => {
    const buf = await readBuffer(tableStream({ fileName: '資産一覧', format: 'csv', columns, rows: slowly(rows) }).stream);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('管理番号,名称,C,保存期限,更新日時,タグ');
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parse(text, { relax_column_count: false }) as string[][];
    expect(parsed).toEqual([
      ['管理番号', '名称', 'C', '保存期限', '更新日時', 'タグ'],
      ['0012', '症例報告書（紙）', '3', '2030-03-31', '2025-04-01 09:30:00', '紙; 施設A'],
      ['A-2', `'=HYPERLINK("http://evil.example","x")`, '2', '', '2025-04-03 00:00:00', ''],
      ['A-3', "'+81 3 1234", '-1', '2031-12-01', '', "'@home; -x"],
      ['A-4', 'line1\nline2, "quoted"', String(0.1 + 0.2), '', '', ''],
      ['A-5', "'\tTAB", '', '', '', ''],
    ]);
    // every data cell that began with a formula character now starts with an apostrophe
    for (const cell of parsed.slice(1).flat()) expect(/^[=+\-@\t\r]/.test(cell) && !/^-\d/.test(cell)).toBe(false);
  });

  it('streams a large table in chunks without building it first', async () => {
    function* many() {
      for (let i = 0; i < 20_000; i++) yield { ref: `R${i}`, name: `資産${i}`, level: i % 3, retainUntil: null, updatedAt: null, tags: null };
    }
    const stream = tableStream({ fileName: 'big', format: 'csv', columns, rows: many() }).stream;
    let chunks = 0;
    let lines = 0;
    for await (const c of stream) {
      chunks++;
      lines += (c as Buffer).toString('utf8').split('\r\n').length - 1;
    }
    expect(lines).toBe(20_001);
    expect(chunks).toBeGreaterThan(5);
  });
});

describe('XLSX export', () => {
  it('parses back with exceljs: bold frozen header, autofilter, widths, dates as dates, numbers as numbers, formulas as text', async () => {
    const buf = await readBuffer(tableStream({ fileName: '資産一覧.xlsx', format: 'xlsx', columns, rows: slowly(rows), sheetName: '資産' }).stream);
    expect([...buf.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('資産');
    expect(ws.rowCount).toBe(rows.length + 1);
    expect(ws.getRow(1).values).toEqual([undefined, '管理番号', '名称', 'C', '保存期限', '更新日時', 'タグ']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:F6');
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(displayWidth('=HYPERLINK("http://evil.example","x")'));
    const r2 = ws.getRow(2);
    expect(r2.getCell(1).value).toBe('0012'); // text column keeps leading zeros
    expect(r2.getCell(3).value).toBe(3);
    expect(r2.getCell(4).value).toEqual(new Date(Date.UTC(2030, 2, 31)));
    expect(r2.getCell(4).numFmt).toBe('yyyy-mm-dd');
    expect(r2.getCell(5).value).toEqual(new Date(Date.UTC(2025, 3, 1, 9, 30))); // Tokyo wall clock
    expect(r2.getCell(6).value).toBe('紙; 施設A');
    const r3 = ws.getRow(3);
    expect(r3.getCell(2).type).toBe(ExcelJS.ValueType.String); // never a formula
    expect(r3.getCell(2).value).toBe('=HYPERLINK("http://evil.example","x")');
    expect(ws.getRow(4).getCell(3).value).toBe(-1);
    expect(ws.getRow(5).getCell(2).value).toBe('line1\nline2, "quoted"');
  });

  it('drops characters XML cannot hold instead of writing a broken workbook', async () => {
    const buf = await readBuffer(tableStream({ fileName: 'x', format: 'xlsx', columns: [{ key: 'a', header: 'a' }], rows: [{ a: 'bell\u0007here' }] }).stream);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(1).value).toBe('bellhere');
  });
});

describe('sendTable', () => {
  it('sends headers with an RFC 5987 file name and the body as a stream', async () => {
    const app = Fastify();
    app.get('/x', (_req, reply) => sendTable(reply, { fileName: '資産一覧 2025-04-01', format: 'csv', columns, rows }));
    app.get('/y', (_req, reply) => sendTable(reply, { fileName: 'assets', format: 'xlsx', columns, rows: Readable.from(rows) }));
    try {
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="2025-04-01.csv"; filename*=UTF-8''${encodeURIComponent('資産一覧 2025-04-01.csv')}`);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.rawPayload.subarray(3).toString('utf8').split('\r\n')).toHaveLength(rows.length + 2);
      const x = await app.inject({ method: 'GET', url: '/y' });
      expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(x.headers['content-disposition']).toBe('attachment; filename="assets.xlsx"');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0]!.rowCount).toBe(rows.length + 1);
    } finally {
      await app.close();
    }
  });
});
