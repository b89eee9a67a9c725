import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocxError, readDocx, type DocxVisitor } from './docx.js';
import { bytesSource, ZipArchive } from './zip.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
const p = (...runs: string[]) => `<w:p><w:pPr/>${runs.map((r) => `<w:r><w:t xml:space="preserve">${r}</w:t></w:r>`).join('')}</w:p>`;
const tc = (text: string, span = 1) => `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${p(text)}</w:tc>`;

/** Every event of every part, as lines. */
async function events(files: Record<string, string>): Promise<string[]> {
  const zip = await ZipArchive.open(bytesSource(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))));
  const out: string[] = [];
  await readDocx(zip, (part): DocxVisitor => {
    const at = `${part.name}#${part.order}`;
    return {
      paragraph: (t) => out.push(`${at} p ${t}`),
      tableStart: () => out.push(`${at} table`),
      rowStart: () => out.push(`${at} row`),
      cell: (col, t) => out.push(`${at} cell ${col} ${t}`),
      rowEnd: () => out.push(`${at} /row`),
      tableEnd: () => out.push(`${at} /table`),
    };
  });
  return out;
}

describe('readDocx', () => {
  it('reads paragraphs, a table cell by cell with merged cells, and the header', async () => {
    const body =
      p('患者 ', '山田') +
      `<w:tbl><w:tblPr/><w:tr>${tc('氏名')}${tc('電話', 2)}${tc('備考')}</w:tr><w:tr>${tc('高橋')}<w:tc>${p('03-1234')}${p('5678')}</w:tc></w:tr></w:tbl>` +
      '<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:delText>消した</w:delText></w:r></w:p>' +
      '<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>' + p('箱') + '</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>' + p('箱') + '</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>';
    expect(
      await events({
        'word/document.xml': `<w:document ${W}><w:body>${body}</w:body></w:document>`,
        'word/header1.xml': `<w:hdr ${W}>${p('社外秘 &amp; 090-1234-5678')}</w:hdr>`,
        'word/styles.xml': `<w:styles ${W}>${p('not text')}</w:styles>`,
      }),
    ).toEqual([
      'document#0 p 患者 山田',
      'document#0 table',
      'document#0 row',
      'document#0 cell 0 氏名',
      'document#0 cell 1 電話',
      'document#0 cell 3 備考',
      'document#0 /row',
      'document#0 row',
      'document#0 cell 0 高橋',
      'document#0 cell 1 03-1234\n5678',
      'document#0 /row',
      'document#0 /table',
      'document#0 p a\tb\n消した',
      'document#0 p \n箱',
      'header1#1 p 社外秘 & 090-1234-5678',
    ]);
  });

  it('refuses an archive without word/document.xml', async () => {
    await expect(events({ 'xl/workbook.xml': '<workbook/>' })).rejects.toBeInstanceOf(DocxError);
  });
});
