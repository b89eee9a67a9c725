import type { BreakdownRow, CoverageDimension, CoverageItem, CoveragePerson } from '../../../shared/coverage.js';
import type { TableColumn, TableExport, TableFormat } from '../../export/table-export.js';
import { tokyoToday } from '../../calendar.js';
import { COVERAGE_WORDS, type Lang } from './coverage.words.js';

/**
 * The coverage exports' files: a PDF already written (and audited with its hash), or a table the
 * route streams as CSV or XLSX.
 */
export type CoverageFile = { kind: 'pdf'; fileName: string; body: Buffer } | { kind: 'table'; table: TableExport };

/** The file name (without extension) of an export of one item's people. */
export const peopleFileName = (lang: Lang, item: CoverageItem, now: Date) => {
  const w = COVERAGE_WORDS[lang];
  return `${w.fileName}-${item.code}-${w.by.people}-${tokyoToday(now)}`;
};

/** The file name (without extension) of an export of one item's breakdown. */
export const breakdownFileName = (lang: Lang, item: CoverageItem, by: CoverageDimension, today: string) => {
  const w = COVERAGE_WORDS[lang];
  return `${w.fileName}-${item.code}-${w.by[by]}-${today}`;
};

/** Every person of an item with their state, as a table. */
export function peopleTable(lang: Lang, format: TableFormat, fileName: string, item: CoverageItem, people: CoveragePerson[]): TableExport {
  const w = COVERAGE_WORDS[lang];
  const c = w.peopleCols;
  const columns: TableColumn[] = [
    { key: 'name', header: c.name, value: (r) => (lang === 'ja' ? r.nameJa : r.nameEn) },
    { key: 'email', header: c.email, type: 'text' },
    { key: 'institutions', header: c.institutions, value: (r) => (r.institutions as { nameJa: string; nameEn: string }[]).map((i) => (lang === 'ja' ? i.nameJa : i.nameEn)).join(lang === 'ja' ? '、' : ', ') },
    { key: 'status', header: c.status, value: (r) => w.status[r.status as 'done'] },
    { key: 'dueOn', header: c.dueOn, type: 'date' },
    { key: 'doneAt', header: c.doneAt, type: 'datetime', value: (r) => (r.doneAt ? new Date(r.doneAt as string) : null) },
  ];
  return { fileName, format, columns, rows: people as unknown as Record<string, unknown>[], sheetName: item.code };
}

/** An item's numbers per group, with the item's total first, as a table. */
export function breakdownTable(lang: Lang, format: TableFormat, fileName: string, item: CoverageItem, by: CoverageDimension, groups: BreakdownRow[]): TableExport {
  const w = COVERAGE_WORDS[lang];
  const title = (i: { titleJa: string; titleEn: string }) => (lang === 'ja' ? i.titleJa || i.titleEn : i.titleEn || i.titleJa);
  const [assigned, done, pending, overdue, percentage] = w.cols;
  const rows = [
    { name: `${w.total}: ${item.code} ${title(item)}`, code: '', ...item.counts },
    ...groups.map((r) => ({ name: r.id === null ? w.none : lang === 'ja' ? r.nameJa : r.nameEn, code: r.code, ...r.counts })),
  ];
  const columns: TableColumn[] = [
    { key: 'name', header: w.group[by] },
    { key: 'code', header: lang === 'ja' ? 'コード' : 'Code', type: 'text' },
    { key: 'assigned', header: assigned!, type: 'number' },
    { key: 'done', header: done!, type: 'number' },
    { key: 'pending', header: pending!, type: 'number' },
    { key: 'overdue', header: overdue!, type: 'number' },
    { key: 'percentage', header: `${percentage!} (%)`, type: 'number' },
  ];
  return { fileName, format, columns, rows, sheetName: item.code };
}
