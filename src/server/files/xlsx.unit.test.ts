import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { XlsxBook } from './xlsx.js';
import { cellValue, sheetRows, streamSheet, type XlsxCell } from './xlsx-sheet.js';
import { XmlError } from './xml.js';
import { bytesSource, ZipArchive } from './zip.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';

/** A hand-made workbook: one sheet (sheetData content or a whole part), optional parts by name. */
function book(sheet: string, parts: { strings?: string; styles?: string; workbookPr?: string; comments?: string } = {}): Promise<ZipArchive> {
  const files: Record<string, string> = {
    'xl/workbook.xml': `<workbook ${NS}>${parts.workbookPr ?? ''}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships ${RELS}><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="/xl/strings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheet.startsWith('<x:') ? sheet : `<worksheet ${NS}><sheetData>${sheet}</sheetData></worksheet>`,
  };
  if (parts.strings) files['xl/strings.xml'] = `<sst ${NS}>${parts.strings}</sst>`;
  if (parts.styles) files['xl/styles.xml'] = `<styleSheet ${NS}>${parts.styles}</styleSheet>`;
  if (parts.comments) {
    files['xl/worksheets/_rels/sheet1.xml.rels'] = `<Relationships ${RELS}><Relationship Id="rId1" Type="${REL}/comments" Target="../comments1.xml"/></Relationships>`;
    files['xl/comments1.xml'] = `<comments ${NS}><authors><author>me</author></authors><commentList>${parts.comments}</commentList></comments>`;
  }
  return ZipArchive.open(bytesSource(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))));
}

/** Every cell of the first sheet as [ref, type, raw, style], row by row (the streaming push API). */
async function cells(b: XlsxBook): Promise<[number, XlsxCell[]][]> {
  const out: [number, XlsxCell[]][] = [];
  await streamSheet(b, b.entryOf(b.sheets[0]!)!, {
    startRow: (row) => out.push([row, []]),
    cell: (c) => out[out.length - 1]![1].push({ ...c }),
    endRow: () => undefined,
  });
  return out;
}

describe('XlsxBook and sheet streaming', () => {
  it('reads a workbook exceljs writes: sheets, shared strings, date formats, a formula cached value and a note', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('患者');
    ws.addRow(['氏名', '生年月日', '合計']);
    ws.addRow(['山田太郎', new Date(Date.UTC(1960, 4, 3)), { formula: '1+2', result: 3 }]);
    ws.getCell('B2').numFmt = 'yyyy/m/d';
    ws.getCell('A2').note = '電話 090-1234-5678';
    wb.addWorksheet('二枚目').addRow(['x']);
    const zip = await ZipArchive.open(bytesSource(new Uint8Array(await wb.xlsx.writeBuffer())));
    const b = await XlsxBook.open(zip);
    expect(b.sheets.map((s) => [s.name, s.order])).toEqual([['患者', 0], ['二枚目', 1]]);
    // 1960-05-03 is serial 22039 (days since 1899-12-30)
    const rows: [number, unknown[]][] = [];
    for await (const r of sheetRows(b, b.entryOf(b.sheets[0]!)!)) rows.push([r.row, r.cells.map((c) => [c.ref, cellValue(c, b), b.numFmt(c.style) ?? null])]);
    expect(rows).toEqual([
      [1, [['A1', '氏名', null], ['B1', '生年月日', null], ['C1', '合計', null]]],
      [2, [['A2', '山田太郎', null], ['B2', 22039, 'yyyy/m/d'], ['C2', 3, null]]],
    ]);
    expect(await b.comments(b.sheets[0]!.part)).toEqual([{ ref: 'A2', text: expect.stringContaining('電話 090-1234-5678') }]);
    expect(await b.comments(b.sheets[1]!.part)).toEqual([]);
  });

  it('reads inline strings and shared strings with rich runs, leaving phonetic (furigana) runs out', async () => {
    const b = await XlsxBook.open(
      await book('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>東京</t></r><r><t xml:space="preserve"> 都 </t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c><c r="C1" t="s"><v>1</v></c></row>', {
        strings: '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si><si><t>A &amp; B</t></si>',
      }),
    );
    expect(b.strings).toEqual(['漢字', 'A & B']);
    const [[row, cs]] = (await cells(b)) as [[number, XlsxCell[]]];
    expect(row).toBe(1);
    expect(cs.map((c) => cellValue(c, b))).toEqual(['漢字', '東京 都 ', 'A & B']);
  });

  it('reads the 1904 date system, custom and built-in date formats by style, and formulas by their cached values', async () => {
    const styles = '<numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="4"/></cellXfs>';
    const b = await XlsxBook.open(await book('<row r="3"><c r="A3" s="1"><v>45746</v></c><c r="B3" s="2"><v>1</v></c><c r="C3" s="3"><f>SUM(1,2)</f><v>3</v></c><c r="D3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="E3" s="1"/></row>', { styles, workbookPr: '<workbookPr date1904="true"/>' }));
    expect(b.date1904).toBe(true);
    expect(b.styles).toEqual([
      { numFmtId: 0, code: undefined, custom: false },
      { numFmtId: 164, code: 'yyyy"年"m"月"d"日"', custom: true },
      { numFmtId: 14, code: 'mm-dd-yy', custom: false },
      { numFmtId: 4, code: undefined, custom: false },
    ]);
    const [[, cs]] = (await cells(b)) as [[number, XlsxCell[]]];
    expect(cs.map((c) => [c.ref, c.col, c.raw, c.style, c.hasValue])).toEqual([
      ['A3', 0, '45746', 1, true],
      ['B3', 1, '1', 2, true],
      ['C3', 2, '3', 3, true],
      ['D3', 3, 'ab', 0, true],
      ['E3', 4, '', 1, false],
    ]);
    expect(cs.map((c) => cellValue(c, b))).toEqual([45746, 1, 3, 'ab', null]);
  });

  it('reads namespaced tags (x:row, x:c) and counts rows and cells without references', async () => {
    const b = await XlsxBook.open(
      await book('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>in</x:t></x:is></x:c></x:row><x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>'),
    );
    const rows = await cells(b);
    expect(rows.map(([row, cs]) => [row, cs.map((c) => [c.col, c.raw])])).toEqual([
      [2, [[1, 'in']]],
      [3, [[0, '1'], [1, '2']]],
    ]);
  });

  it('reads comments with rich runs at their cell, phonetic runs left out', async () => {
    const b = await XlsxBook.open(await book('<row r="1"/>', { comments: '<comment ref="C4" authorId="0"><text><r><t>患者</t></r><r><t>の電話</t></r><rPh><t>カンジャ</t></rPh></text></comment>' }));
    expect(await b.comments('xl/worksheets/sheet1.xml')).toEqual([{ ref: 'C4', text: '患者の電話' }]);
  });

  it('lets a visitor stop the stream by throwing: the error comes out as thrown, and no later row is read', async () => {
    const b = await XlsxBook.open(await book(Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('')));
    class Enough extends Error {}
    let rows = 0;
    const stop = streamSheet(b, b.entryOf(b.sheets[0]!)!, {
      startRow: () => undefined,
      cell: () => undefined,
      endRow: () => {
        if (++rows === 10) throw new Enough();
      },
    });
    await expect(stop).rejects.toBeInstanceOf(Enough);
    expect(rows).toBe(10);
  });

  it('fails with XmlError on broken markup after the rows before it, and with XlsxError without a workbook', async () => {
    const b = await XlsxBook.open(await book('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><<</row>'));
    const seen: number[] = [];
    await expect(streamSheet(b, b.entryOf(b.sheets[0]!)!, { startRow: (r) => seen.push(r), cell: () => undefined, endRow: () => undefined })).rejects.toBeInstanceOf(XmlError);
    expect(seen).toEqual([1, 2]);
    const notBook = await ZipArchive.open(bytesSource(zipSync({ 'word/document.xml': strToU8('<w:document/>') })));
    await expect(XlsxBook.open(notBook)).rejects.toThrow(/not an Excel workbook/);
  });
});
