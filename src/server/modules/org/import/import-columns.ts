import type { ImportKind } from '../../../../shared/org.js';

/** One CSV column: the headers it is known by, and what the template shows for it. */
export interface ColumnDef {
  /** Internal field name; also used in the code and in error reports when no header names it. */
  field: string;
  /** Header in the English template (snake_case, as an API user would write it). */
  en: string;
  /** Header in the Japanese template. */
  ja: string;
  /** Other accepted spellings (matched after normalising, see `headerKey`). */
  aliases: readonly string[];
  required: boolean;
  /** The template's example value, per template language. */
  example: { ja: string; en: string };
  /** How the XLSX template formats the column (text by default, so codes keep leading zeros). */
  format?: 'text' | 'date' | 'number';
  /** Fixed values: the XLSX template offers them as a drop-down, its guide sheet lists them. */
  choices?: readonly { ja: string; en: string }[];
  /** What to write, for the template's guide sheet. */
  help?: { ja: string; en: string };
  /** Recognised (an exported list carries it) but never imported, and left out of templates. */
  readOnly?: boolean;
  /** A required column may be left out of a file that has this column (e.g. updates by reference). */
  optionalWith?: string;
}

const col = (field: string, en: string, ja: string, aliases: string[], required: boolean, example: string | { ja: string; en: string }): ColumnDef => ({
  field,
  en,
  ja,
  aliases,
  required,
  example: typeof example === 'string' ? { ja: example, en: example } : example,
});

/** Institutions (sites): upserted by code. */
export const INSTITUTION_COLUMNS: readonly ColumnDef[] = [
  col('code', 'code', '施設コード', ['institution code', 'institution_code'], true, 'INST01'),
  col('nameJa', 'name_ja', '施設名', ['施設名(日本語)', 'japanese name', 'name (japanese)'], true, '国立がん研究センター中央病院'),
  col('nameEn', 'name_en', '施設名(英語)', ['english name', 'name (english)'], true, 'National Cancer Center Hospital'),
  col('prefecture', 'prefecture', '都道府県', ['都道府県コード', 'prefecture code'], true, { ja: '東京都', en: 'Tokyo' }),
];

/** People: upserted by email address. Codes refer to registry entries that must already exist. */
export const PERSON_COLUMNS: readonly ColumnDef[] = [
  col('email', 'email', 'メールアドレス', ['e-mail', 'mail', 'メール', 'email address'], true, 'taro.yamada@example.jp'),
  col('familyNameJa', 'family_name_ja', '姓', ['氏'], true, '山田'),
  col('givenNameJa', 'given_name_ja', '名', [], false, '太郎'),
  col('familyNameKana', 'family_name_kana', '姓(カナ)', ['セイ', 'せい', '姓(かな)'], false, 'ヤマダ'),
  col('givenNameKana', 'given_name_kana', '名(カナ)', ['メイ', 'めい', '名(かな)'], false, 'タロウ'),
  col('familyNameEn', 'family_name_en', '姓(英字)', ['family name', 'last name', 'surname', '姓(ローマ字)'], true, 'Yamada'),
  col('givenNameEn', 'given_name_en', '名(英字)', ['given name', 'first name', '名(ローマ字)'], false, 'Taro'),
  col('unit', 'unit', '所属部署', ['部署', 'unit code'], false, ''),
  col('institutions', 'institutions', '所属施設', ['施設', 'institution codes'], false, 'INST01'),
  col('researchGroups', 'research_groups', '研究グループ', ['research group codes'], false, 'RG01'),
  col('committees', 'committees', '委員会', ['committee codes'], false, ''),
  col('roles', 'roles', '役割', ['ロール', 'role'], false, 'researcher@INST01;site_coordinator@INST01/RG01'),
  col('note', 'note', '備考', ['メモ', 'notes'], false, ''),
];

/** The columns of the organization registry's import kinds (assets: src/server/modules/assets/import). */
export const COLUMNS: Record<Extract<ImportKind, 'institutions' | 'people'>, readonly ColumnDef[]> = { institutions: INSTITUTION_COLUMNS, people: PERSON_COLUMNS };

/**
 * The form a header is compared in: NFKC (full-width letters and brackets become ASCII),
 * lower case, without spaces, underscores or hyphens. So `Family name`, `family_name` and
 * `ＦＡＭＩＬＹ－ＮＡＭＥ` match, and `姓（カナ）` matches `姓(カナ)`.
 */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
}

/** Map from normalised header to column, for one kind. Throws if two columns claim one header (a bug here). */
export function headerIndex(columns: readonly ColumnDef[]): Map<string, ColumnDef> {
  const index = new Map<string, ColumnDef>();
  for (const c of columns) {
    for (const name of [c.field, c.en, c.ja, ...c.aliases]) {
      const key = headerKey(name);
      const other = index.get(key);
      if (other && other !== c) throw new Error(`header "${name}" is claimed by ${other.field} and ${c.field}`);
      index.set(key, c);
    }
  }
  return index;
}

/** How to name a column in a message: both template headers. */
export const describeColumn = (c: ColumnDef) => `${c.en} (${c.ja})`;
