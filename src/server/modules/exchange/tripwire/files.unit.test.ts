import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TripwireRules, type Finding } from '../../../../shared/tripwire.js';
import { DEFAULT_RULES, scanFile, type ScanFileInput } from './scan.js';
import { docxBuffer, fileInput, sjisCsv, utf8Csv, xlsxBuffer, xlsxStreamed, zipBuffer } from './test-fixtures.js';

const now = new Date('2025-06-01T00:00:00Z');
const scan = (input: ScanFileInput, rules = DEFAULT_RULES) => scanFile(input, rules, { now });
const where = (fs: Finding[]) => fs.map((f) => `${f.sheet ?? ''}!${f.cell ?? f.row}:${f.kind}`);
const noValues = (fs: Finding[], ...values: string[]) => {
  const json = JSON.stringify(fs);
  for (const v of values) expect(json).not.toContain(v);
};

// A clinical data export with one planted identifier of each kind.
const HEADER = ['登録番号', '試験', '氏名', 'フリガナ', '生年月日', '生年月', '来院日', '電話番号', '郵便番号', '住所', 'メール', 'マイナンバー', '保険者番号', 'AST', 'ICD10', '備考'];
const clean = (i: number) => [`1234-00${i}`, 'JCOG1234', '', '', '', '1960/05', `2024/05/0${i}`, '', '', '', '', '', '', 20 + i, 'C18.9', ''];
function plantedRows(): (string | number)[][] {
  const rows = [HEADER, clean(1), clean(2), clean(3), clean(4)];
  const r = (n: number) => rows[n - 1] as (string | number)[];
  r(2)[2] = '山田 太郎'; // C2
  r(2)[3] = 'ヤマダ タロウ'; // D2
  r(3)[4] = '昭和35年5月3日'; // E3
  r(3)[7] = '０９０－１２３４－５６７８'; // H3 full-width
  r(4)[8] = '100-0001'; // I4
  r(4)[9] = '東京都中央区築地5-1-1'; // J4
  r(5)[10] = 'taro@example.com'; // K5
  r(5)[11] = '123456789018'; // L5
  r(5)[12] = '01130012'; // M5
  r(5)[15] = '患者 T.Y. さん、カルテ番号 87654321'; // P5
  return rows;
}
const EXPECTED = ['!C2:name', '!D2:name', '!E3:birth_date', '!H3:phone', '!I4:postal_code', '!J4:address', '!K5:email', '!L5:my_number', '!M5:insurer_number', '!P5:mrn', '!P5:initials'];

describe('scanFile: CSV', () => {
  it('finds each kind in a Shift_JIS CSV at its row and column, masked', async () => {
    const r = await scan(fileInput('export.csv', 'csv', sjisCsv(plantedRows()), 97));
    expect(r.encoding).toBe('shift_jis');
    expect(r.format).toBe('csv');
    expect(where(r.findings).sort()).toEqual([...EXPECTED].sort());
    const name = r.findings.find((f) => f.cell === 'C2');
    expect(name).toMatchObject({ kind: 'name', rule: 'name.header', row: 2, column: '氏名', columnLetter: 'C', masked: '山田***' });
    expect(r.findings.find((f) => f.cell === 'H3')?.masked).toBe('090-****-**78');
    noValues(r.findings, '山田 太郎', '1234-5678', '築地', 'taro@', '123456789018', '87654321');
    expect(r.truncated).toBe(false);
    expect(r.scannedBytes).toBe(sjisCsv(plantedRows()).length);
  });

  it('reads UTF-8 with and without BOM, and TSV', async () => {
    for (const bom of [true, false]) {
      const r = await scan(fileInput('export.csv', 'csv', utf8Csv(plantedRows(), bom), 64));
      expect(r.encoding).toBe('utf-8');
      expect(where(r.findings).sort()).toEqual([...EXPECTED].sort());
    }
    const tsv = Buffer.from(plantedRows().map((r) => r.join('\t')).join('\n'), 'utf8');
    const r = await scan(fileInput('export.tsv', 'csv', tsv));
    expect(where(r.findings).sort()).toEqual([...EXPECTED].sort());
  });

  it('stays quiet on registration numbers, trial codes, non-birth dates, lab values and ICD-10 codes', async () => {
    const rows: (string | number)[][] = [['登録番号', '試験コード', 'jRCT', 'UMIN', '登録日', '来院日', '検査日', '生年月', '年齢', '性別', 'AST', 'Hb', 'ICD-10', '病期', '有害事象', 'コメント']];
    for (let i = 1; i <= 60; i++) {
      const d = `2024/${String((i % 12) + 1).padStart(2, '0')}/${String((i % 27) + 1).padStart(2, '0')}`;
      rows.push([`${1000 + i}-${String(i).padStart(3, '0')}`, 'JCOG1234', 'jRCTs031190001', 'UMIN000012345', d, d, `R6.${(i % 12) + 1}.${(i % 27) + 1}`, `19${40 + (i % 40)}/0${(i % 9) + 1}`, 40 + (i % 40), i % 2 ? 'M' : 'F', 20 + i, 12.5, ['C18.9', 'C34.1', 'E11.9'][i % 3]!, 'IIIA', '悪心 Grade 2', '特記事項なし']);
    }
    const r = await scan(fileInput('clean.csv', 'csv', sjisCsv(rows)));
    expect(r.findings).toEqual([]);
  });

  it('recognises a birth-date column and a name column by their values when the header says nothing', async () => {
    const names = ['山田太郎', '佐藤花子', '鈴木一郎', '高橋美咲', '田中健一', '伊藤陽菜'];
    const rows: string[][] = [['項目A', '項目B', '項目C']];
    names.forEach((n, i) => rows.push([`19${50 + i}/0${i + 1}/1${i}`, n, `2024/0${i + 1}/1${i}`]));
    const r = await scan(fileInput('x.csv', 'csv', utf8Csv(rows)));
    const byCol = (l: string) => r.findings.filter((f) => f.columnLetter === l);
    expect(byCol('A')).toHaveLength(6);
    expect(byCol('A')[0]).toMatchObject({ kind: 'birth_date', rule: 'birth_date.column', row: 2 });
    expect(byCol('B')).toHaveLength(6);
    expect(byCol('B')[0]).toMatchObject({ kind: 'name', rule: 'name.column', masked: '山田***' });
    expect(byCol('C')).toEqual([]); // recent dates are visit dates
  });

  it('applies per-column waivers by header name or letter, with a reason', async () => {
    const rules = TripwireRules.parse({
      waivers: [
        { column: '氏名', kinds: ['name'], reason: 'Holds the drug name in this study (data center decision 2025-04)' },
        { column: 'H', kinds: ['phone'], reason: 'Site phone number' },
        { sheet: 'other', column: 'フリガナ', kinds: ['name'], reason: 'Another sheet only' },
      ],
    });
    const r = await scan(fileInput('export.csv', 'csv', sjisCsv(plantedRows())), rules);
    expect(where(r.findings)).not.toContain('!C2:name');
    expect(where(r.findings)).not.toContain('!H3:phone');
    expect(where(r.findings)).toContain('!D2:name');
  });

  it('stops after maxFindings and says so', async () => {
    const rows = [['電話'], ...Array.from({ length: 50 }, (_, i) => [`090-1234-${String(1000 + i)}`])];
    const rules = TripwireRules.parse({ maxFindings: 10 });
    const r = await scan(fileInput('p.csv', 'csv', utf8Csv(rows)), rules);
    expect(r.findings).toHaveLength(10);
    expect(r.truncated).toBe(true);
    expect(r.findings[0]?.cell).toBe('A2');
  });

  it('flags medical record numbers by per-institution pattern under a record-number header', async () => {
    const rows = [['カルテ番号', '登録番号'], ['00123456', '1234-001'], ['A-99', '1234-002']];
    expect((await scan(fileInput('m.csv', 'csv', utf8Csv(rows)))).findings).toEqual([]);
    const rules = TripwireRules.parse({ mrn: { patterns: [{ id: 'inst-a', label: 'A大学病院', pattern: '^\\d{8}$' }] } });
    const r = await scan(fileInput('m.csv', 'csv', utf8Csv(rows)), rules);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'mrn', rule: 'mrn.pattern:inst-a', cell: 'A2', masked: '******56' })]);
  });

  it('counts rows as a spreadsheet does across quoted multi-line cells, and handles a title row', async () => {
    const text = '症例一覧\r\n\r\n登録番号,備考,電話\r\n1234-001,"一行目\n二行目",\r\n1234-002,,090-1111-2222\r\n';
    const r = await scan(fileInput('t.csv', 'csv', Buffer.from(text)));
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'phone', row: 5, cell: 'C5', column: '電話' })]);
  });
});

describe('scanFile: XLSX', () => {
  it('finds identifiers on every sheet at the cell Excel shows, with dates, numbers, notes and form layouts', async () => {
    const buf = await xlsxBuffer([
      {
        name: '症例',
        rows: [['症例一覧'], [], ['登録番号', '氏名', '生年月日', '電話', '来院日'], ['1234-001', '山田太郎', new Date(Date.UTC(1960, 4, 3)), 9012345678, new Date(Date.UTC(2024, 4, 1))]],
        formats: { C4: 'yyyy/mm/dd', E4: 'yyyy/mm/dd' },
        notes: { A4: '連絡先 03-1234-5678' },
      },
      { name: 'メモ', rows: [['氏名', '鈴木花子'], ['電話', '０３－１２３４－５６７８'], ['備考', '平成元年1月8日生まれ']] },
      { name: '集計', rows: [['試験', '登録数'], ['JCOG1234', 120]] },
    ]);
    const r = await scan(fileInput('book.xlsx', 'xlsx', buf, 1000));
    expect(r.format).toBe('xlsx');
    expect(where(r.findings)).toEqual(['症例!A4:phone', '症例!B4:name', '症例!C4:birth_date', '症例!D4:phone', 'メモ!B1:name', 'メモ!B2:phone', 'メモ!B3:birth_date']);
    expect(r.findings[0]).toMatchObject({ rule: 'comment:phone.format', column: '登録番号' });
    expect(r.findings[1]).toMatchObject({ column: '氏名', columnLetter: 'B', row: 4, masked: '山田***' });
    expect(r.findings[2]).toMatchObject({ rule: 'birth_date.header', masked: '19**-**-**' });
    noValues(r.findings, '山田太郎', '鈴木花子', '9012345678');
    expect(r.scannedBytes).toBe(buf.length);
  });

  it('reads workbooks written by the streaming writer (data descriptors, inline or shared strings)', async () => {
    for (const shared of [true, false]) {
      const rows: unknown[][] = [['登録番号', '患者名', 'AST']];
      for (let i = 0; i < 300; i++) rows.push([`1234-${i}`, i === 250 ? '佐藤花子' : '', 20 + (i % 30)]);
      const buf = await xlsxStreamed('data', rows, shared);
      const r = await scan(fileInput('big.xlsx', 'xlsx', buf, 512));
      expect(where(r.findings)).toEqual(['data!B252:name']);
    }
  });

  it('reports a broken or disguised workbook as unreadable instead of passing it', async () => {
    const good = await xlsxBuffer([{ name: 'S', rows: [['a']] }]);
    for (const bytes of [good.subarray(0, Math.floor(good.length / 2)), Buffer.from('not a zip at all'), Buffer.alloc(0), zipBuffer({ 'readme.txt': 'hello' })]) {
      const r = await scan(fileInput('broken.xlsx', 'xlsx', bytes));
      expect(r.findings).toEqual([expect.objectContaining({ kind: 'unreadable', rule: 'xlsx.unreadable' })]);
    }
  });
});

describe('scanFile: DOCX, TXT, ZIP and other types', () => {
  it('finds identifiers in DOCX paragraphs, table cells and headers', async () => {
    const buf = docxBuffer(
      [
        '症例報告書の送付について',
        '患者 山田太郎様（生年月日 S35.5.3）',
        { table: [['登録番号', '氏名', '電話'], ['1234-001', '鈴木花子', '090-1111-2222']] },
        { table: [['住所', '東京都中央区築地5-1-1']] },
      ],
      '担当 03-1234-5678',
    );
    const r = await scan(fileInput('report.docx', 'docx', buf, 300));
    const got = r.findings.map((f) => [f.sheet, f.table, f.row, f.cell, f.kind]);
    expect(got).toEqual([
      [null, null, 2, null, 'name'],
      [null, null, 2, null, 'birth_date'],
      [null, 1, 2, 'B2', 'name'],
      [null, 1, 2, 'C2', 'phone'],
      [null, 2, 1, 'B1', 'address'],
      ['header1', null, 1, null, 'phone'],
    ]);
    expect(r.findings[2]?.column).toBe('氏名');
    expect((await scan(fileInput('x.docx', 'docx', Buffer.from('garbage')))).findings[0]?.kind).toBe('unreadable');
  });

  it('scans TXT line by line', async () => {
    const txt = Buffer.from('送付します\n\n生年月日 1960/5/3\r\nJCOG1234 1234-001\nmail: a@example.jp\n', 'utf8');
    const r = await scan(fileInput('note.txt', 'txt', txt, 7));
    expect(r.findings.map((f) => [f.row, f.kind])).toEqual([
      [3, 'birth_date'],
      [5, 'email'],
    ]);
  });

  it('scans text entries inside a ZIP and reports what it cannot read', async () => {
    const zip = zipBuffer({ 'data/cases.csv': sjisCsv(plantedRows()), 'notes.txt': '山田様へ', 'scan.pdf': '%PDF-1.7', 'inner.xlsx': await xlsxBuffer([{ name: 'S', rows: [['氏名'], ['高橋美咲']] }]) });
    const r = await scan(fileInput('bundle.zip', 'zip', zip));
    expect(r.findings.filter((f) => f.sheet === 'data/cases.csv')).toHaveLength(EXPECTED.length);
    expect(r.findings).toContainEqual(expect.objectContaining({ sheet: 'notes.txt', row: 1, kind: 'name' }));
    expect(r.findings).toContainEqual(expect.objectContaining({ sheet: 'scan.pdf', kind: 'unscanned' }));
    expect(r.findings).toContainEqual(expect.objectContaining({ sheet: 'inner.xlsx › S', cell: 'A2', kind: 'name' }));
  });

  it('reports file types it cannot check, unless the rules allow them', async () => {
    const pdf = fileInput('scan.pdf', 'pdf', Buffer.from('%PDF-1.7'));
    expect((await scan(pdf)).findings).toEqual([expect.objectContaining({ kind: 'unscanned', rule: 'format.unsupported:pdf' })]);
    expect((await scan(pdf, TripwireRules.parse({ unscannable: 'allow' }))).findings).toEqual([]);
  });

  it('turns a failing stream into an unreadable finding', async () => {
    const failing: ScanFileInput = {
      fileName: 'a.csv',
      detectedType: 'csv',
      open: async () =>
        new Readable({
          read() {
            this.destroy(new Error('integrity check failed'));
          },
        }),
    };
    expect((await scan(failing)).findings).toEqual([expect.objectContaining({ kind: 'unreadable', rule: 'csv.unreadable' })]);
  });
});
