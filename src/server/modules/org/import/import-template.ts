import type { ImportKind } from '../../../../shared/org.js';
import { COLUMNS } from './import-columns.js';

export type TemplateLang = 'ja' | 'en';

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The CSV template for a kind: the header row in the chosen language and one example row.
 * Sent as UTF-8 starting with a byte order mark (U+FEFF), because without one Excel on Japanese Windows reads the file
 * as Shift_JIS and shows the Japanese headers garbled. CRLF line ends, as Excel writes them.
 */
export function buildTemplate(kind: ImportKind, lang: TemplateLang): { fileName: string; body: string } {
  const cols = COLUMNS[kind];
  const lines = [cols.map((c) => quote(c[lang])), cols.map((c) => quote(c.example[lang]))].map((cells) => cells.join(','));
  return { fileName: `mamori-${kind}-template-${lang}.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
}
