import { describe, expect, it } from 'vitest';
import { TripwireRules } from '../../../../shared/tripwire.js';
import { DEFAULT_RULES, scanFile, scanText } from './scan.js';
import { INFER_SAMPLE } from './table.js';
import { docxBuffer, fileInput, utf8Csv, xlsxBuffer, zipWithDescriptors } from './test-fixtures.js';

const now = new Date('2025-06-01T00:00:00Z');

describe('tripwire edge cases', () => {
  it('reads entries written with data descriptors even when their data holds signature bytes', async () => {
    const tricky = 'PK\u0003\u0004PK\u0007\u0008PK\u0001\u0002 fake signatures\n患者 山田太郎様\n';
    const zip = zipWithDescriptors({ 'a.txt': tricky, 'b.csv': '氏名,電話\n佐藤花子,090-1111-2222\n' });
    const r = await scanFile(fileInput('x.zip', 'zip', zip, 5), DEFAULT_RULES, { now });
    expect(r.findings.map((f) => `${f.sheet}:${f.cell ?? f.row}:${f.kind}`)).toEqual(['a.txt:2:name', 'b.csv:A2:name', 'b.csv:B2:phone']);
  });

  it('keeps judging a column recognised by its values after the sample, as the file streams by', async () => {
    const n = INFER_SAMPLE + 200;
    const rows: string[][] = [['日付1', '日付2']];
    for (let i = 0; i < n; i++) rows.push([`19${40 + (i % 50)}/0${(i % 9) + 1}/1${i % 9}`, `2024/0${(i % 9) + 1}/1${i % 9}`]);
    const rules = TripwireRules.parse({ maxFindings: 5000 });
    const r = await scanFile(fileInput('d.csv', 'csv', utf8Csv(rows)), rules, { now });
    expect(r.findings).toHaveLength(n);
    expect(new Set(r.findings.map((f) => f.columnLetter))).toEqual(new Set(['A']));
    expect(r.findings.at(-1)).toMatchObject({ row: n + 1, rule: 'birth_date.column' });
  });

  it('flags initials under an イニシャル header and never names a column after a header cell holding an identifier', async () => {
    const r1 = await scanFile(fileInput('i.csv', 'csv', utf8Csv([['登録番号', 'イニシャル'], ['1234-001', 'T.Y.'], ['1234-002', 'KS']])), DEFAULT_RULES, { now });
    expect(r1.findings.map((f) => [f.cell, f.kind, f.masked])).toEqual([
      ['B2', 'initials', '*.*.'],
      ['B3', 'initials', '**'],
    ]);
    // No header row: the first row is data; its name must not show up as a column name.
    const r2 = await scanFile(fileInput('n.csv', 'csv', utf8Csv([['山田太郎様', 'x'], ['佐藤花子様', 'y']])), DEFAULT_RULES, { now });
    expect(r2.findings.map((f) => f.column)).toEqual(['A', 'A']);
    expect(JSON.stringify(r2.findings)).not.toContain('山田太郎');
  });

  it('reads a My Number and an insurer number stored as numbers in a workbook, under their headers', async () => {
    const buf = await xlsxBuffer([{ name: 'S', rows: [['個人番号', '保険者番号', '検体番号'], [123456789018, 1130012, 123456789018]] }]);
    const r = await scanFile(fileInput('n.xlsx', 'xlsx', buf), DEFAULT_RULES, { now });
    // 01130012 loses its leading zero as a number; 1130012 has 7 digits and is not an insurer number.
    expect(r.findings.map((f) => `${f.cell}:${f.kind}`)).toEqual(['A2:my_number']);
  });

  it('names DOCX table cells by the table header and letters', async () => {
    const doc = docxBuffer([{ table: [['氏名', '電話'], ['高橋美咲', '03-1234-5678']] }]);
    const r = await scanFile(fileInput('t.docx', 'docx', doc), DEFAULT_RULES, { now });
    expect(r.findings.map((f) => `${f.table}:${f.cell}:${f.kind}`)).toEqual(['1:A2:name', '1:B2:phone']);
  });

  it('does not throw on odd text', () => {
    for (const t of ['', '\u0000\uFFFF', '〒', '様'.repeat(10_000), '0'.repeat(100_000), 'a@'.repeat(5000), '\uD800', '生年月日'.repeat(1000) + '1960/1/1']) {
      expect(() => scanText(t)).not.toThrow();
    }
  });
});
