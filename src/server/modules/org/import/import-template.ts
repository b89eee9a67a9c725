import ExcelJS from 'exceljs';
import type { ImportKind } from '../../../../shared/org.js';
import type { ColumnDef } from './import-columns.js';

export type TemplateLang = 'ja' | 'en';
export type TemplateFormat = 'csv' | 'xlsx';

export interface TemplateFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** Rows of the XLSX template that carry the drop-downs and formats (the example row included). */
const TEMPLATE_ROWS = 1000;
const LISTS_SHEET = 'lists';

const GUIDE: Record<TemplateLang, { sheet: string; column: string; required: string; yes: string; no: string; values: string; notes: string; data: string }> = {
  ja: { sheet: '記入方法', column: '列', required: '必須', yes: '必須', no: '任意', values: '入力できる値', notes: '説明', data: 'データ' },
  en: { sheet: 'How to fill in', column: 'Column', required: 'Required', yes: 'required', no: 'optional', values: 'Accepted values', notes: 'Notes', data: 'Data' },
};

const colLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/**
 * The CSV template for a kind: the header row in the chosen language and one example row.
 * Sent as UTF-8 starting with a byte order mark (U+FEFF), because without one Excel on Japanese Windows reads the file
 * as Shift_JIS and shows the Japanese headers garbled. CRLF line ends, as Excel writes them.
 */
function csvTemplate(kind: ImportKind, cols: readonly ColumnDef[], lang: TemplateLang): TemplateFile {
  const lines = [cols.map((c) => quote(c[lang])), cols.map((c) => quote(c.example[lang]))].map((cells) => cells.join(','));
  return { fileName: `mamori-${kind}-template-${lang}.csv`, contentType: 'text/csv; charset=utf-8', body: `\uFEFF${lines.join('\r\n')}\r\n` };
}

/**
 * The XLSX template: the data sheet (first, so an import reads it) with the header row and an
 * example row, drop-down lists for the columns with fixed values, text format for codes and date
 * format for dates; a guide sheet describing every column; a hidden sheet holding the lists.
 */
async function xlsxTemplate(kind: ImportKind, cols: readonly ColumnDef[], lang: TemplateLang): Promise<TemplateFile> {
  const g = GUIDE[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Mamori';
  const ws = wb.addWorksheet(g.data, { views: [{ state: 'frozen', ySplit: 1 }] });
  const guide = wb.addWorksheet(g.sheet);
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });

  ws.columns = cols.map((c) => ({ key: c.field, width: Math.min(40, Math.max(12, c[lang].length * (lang === 'ja' ? 2.2 : 1.2) + 4)) }));
  const header = ws.addRow(cols.map((c) => c[lang]));
  header.font = { bold: true };
  header.eachCell((cell, i) => {
    const c = cols[i - 1];
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c?.required ? 'FFFCE4D6' : 'FFE7EEF7' } };
  });
  const example = ws.addRow(cols.map((c) => c.example[lang]));
  example.eachCell((cell, i) => {
    const c = cols[i - 1];
    if (c?.format === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(cell.value))) {
      const [y, m, d] = String(cell.value).split('-').map(Number) as [number, number, number];
      cell.value = new Date(Date.UTC(y, m - 1, d));
    } else if (c?.format === 'number' && String(cell.value).trim() !== '' && Number.isFinite(Number(cell.value))) {
      cell.value = Number(cell.value);
    }
  });

  let listCol = 0;
  cols.forEach((c, i) => {
    const letter = colLetter(i + 1);
    const range = `${letter}2:${letter}${TEMPLATE_ROWS}`;
    const column = ws.getColumn(i + 1);
    if (c.format === 'date') column.numFmt = 'yyyy-mm-dd';
    else if (c.format !== 'number') column.numFmt = '@'; // text: codes such as 0012 keep their zeros
    let validation: ExcelJS.DataValidation | null = null;
    if (c.choices?.length) {
      listCol++;
      const lc = colLetter(listCol);
      lists.getCell(`${lc}1`).value = c.field;
      c.choices.forEach((ch, j) => {
        lists.getCell(`${lc}${j + 2}`).value = ch[lang];
      });
      validation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`${LISTS_SHEET}!$${lc}$2:$${lc}$${c.choices.length + 1}`],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: c[lang],
        error: lang === 'ja' ? '一覧にない値です。一覧から選んでください。' : 'This value is not in the list. Choose one from the list.',
      };
    } else if (c.format === 'date') {
      validation = {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1))],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: c[lang],
        error: lang === 'ja' ? '日付（例: 2030-03-31）を入力してください。' : 'Enter a date (e.g. 2030-03-31).',
      };
    }
    if (validation) (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, validation);
  });

  guide.columns = [
    { header: g.column, key: 'column', width: 28 },
    { header: g.required, key: 'required', width: 10 },
    { header: g.values, key: 'values', width: 60 },
    { header: g.notes, key: 'notes', width: 70 },
  ];
  guide.getRow(1).font = { bold: true };
  guide.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of cols) {
    const row = guide.addRow({
      column: c[lang],
      required: c.required ? g.yes : g.no,
      values: c.choices?.map((ch) => ch[lang]).join(lang === 'ja' ? '、' : ', ') ?? '',
      notes: c.help?.[lang] ?? '',
    });
    row.alignment = { vertical: 'top', wrapText: true };
  }

  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `mamori-${kind}-template-${lang}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}

/** The template for a kind's columns, as CSV (UTF-8 with BOM) or XLSX. */
export async function buildTemplate(kind: ImportKind, columns: readonly ColumnDef[], lang: TemplateLang, format: TemplateFormat = 'csv'): Promise<TemplateFile> {
  const cols = columns.filter((c) => !c.readOnly);
  return format === 'xlsx' ? xlsxTemplate(kind, cols, lang) : csvTemplate(kind, cols, lang);
}
