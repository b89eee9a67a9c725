import { AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType, type IRunOptions } from 'docx';
import { REPORT_WORDS, type ReportData } from './breach.report.js';
import type { Lang } from './breach.words.js';

/*
 * The DOCX is for the desk to edit before copying into the PPC form, so it is a plain Word document
 * with real styles (Title, Heading 1/2 show in Word's navigation pane) and no embedded font.
 */

/**
 * Yu Gothic for Japanese (Windows 8.1 and later, Office for Mac); Arial, which every Word has, for
 * Latin text. Declaring the east-asian slot with lang ja-JP is what makes Word substitute another
 * Japanese font rather than show boxes where Yu Gothic is missing.
 */
const FONT = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: 'Yu Gothic' };
const LANG: Record<Lang, string> = { ja: 'ja-JP', en: 'en-US' };
const GREY = '495057';
const RED = 'C92A2A';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };

// A4 in twentieths of a point, with 20 mm margins: the text block is 9638 twips wide.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
const META_WIDTHS = [2800, 6838];
const CLOCK_WIDTHS = [3400, 2000, 1400, 2838];

/** Runs for a text whose line breaks stay line breaks within one paragraph (Shift+Enter in Word). */
const runs = (text: string, run: Omit<IRunOptions, 'text' | 'break' | 'children'> = {}) => text.split('\n').map((t, n) => new TextRun({ ...run, text: t, break: n ? 1 : undefined }));

/** A bordered table whose first row repeats at the top of every page the table runs onto. */
function table(header: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): Table {
  const cell = (text: string, n: number, head: boolean) =>
    new TableCell({
      width: { size: widths[n]!, type: WidthType.DXA },
      shading: head ? { type: ShadingType.CLEAR, color: 'auto', fill: 'F1F3F5' } : undefined,
      children: [new Paragraph({ children: runs(text, head ? { bold: true } : {}) })],
    });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((c, n) => cell(c, n, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, n) => cell(c, n, false)) })),
    ],
  });
}

/**
 * The draft report as a Word document (built with the `docx` library): A4 portrait, title and note,
 * the facts as a label/value table, each report item as a numbered Heading 2 with its text (blanks
 * in red), the clocks as a table, and the reference with "page / pages" in the footer.
 */
export function reportDocx(d: ReportData, lang: Lang): Promise<Buffer> {
  const w = REPORT_WORDS[lang];
  const doc = new Document({
    title: d.title,
    subject: d.heading,
    description: d.note,
    creator: 'Mamori',
    lastModifiedBy: 'Mamori',
    styles: {
      default: {
        document: {
          // hint eastAsia: in a Japanese report, characters both scripts share (quotes, dashes) take the Japanese font
          run: { font: { ...FONT, hint: lang === 'ja' ? 'eastAsia' : undefined }, size: 20, language: { value: LANG[lang], eastAsia: 'ja-JP' } },
          paragraph: { spacing: { after: 80 } },
        },
        title: { run: { font: FONT, bold: true, size: 32, color: '000000' }, paragraph: { spacing: { after: 120 } } },
        heading1: { run: { font: FONT, bold: true, size: 26, color: '000000' }, paragraph: { keepNext: true, outlineLevel: 0, spacing: { before: 240, after: 80 } } },
        heading2: { run: { font: FONT, bold: true, size: 22, color: '000000' }, paragraph: { keepNext: true, outlineLevel: 1, spacing: { before: 160, after: 40 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN, header: 567, footer: 567 } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ size: 14, color: '868E96', children: [`${d.meta[0]![1]} — `, PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: runs(d.title) }),
          new Paragraph({ spacing: { after: 160 }, children: runs(d.note, { color: GREY, size: 16 }) }),
          table([w.item, w.content], d.meta, META_WIDTHS),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(d.heading) }),
          ...d.items.flatMap((it) => [
            new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(`${it.no}. ${it.title}`) }),
            new Paragraph({ indent: { left: 240 }, children: runs(it.text, it.blank ? { color: RED } : {}) }),
          ]),
          ...(d.clocks.length ? [new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(d.clocksTitle) }), table(d.clockCols, d.clocks, CLOCK_WIDTHS)] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
