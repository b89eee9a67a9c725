import { ASSET_CATEGORIES, ASSET_TYPES, AssetKind, AssetLocation, Classification, DisposalMethod } from '../../../../shared/assets.js';
import type { ColumnDef } from '../../org/import/import-columns.js';
import { CATEGORY_WORDS, CLASSIFICATION_WORDS, DISPOSAL_WORDS, KIND_WORDS, LOCATION_WORDS, TYPE_WORDS } from '../assets.words.js';

type L = { ja: string; en: string };
type Extra = { aliases?: string[]; example?: string | L; format?: ColumnDef['format']; choices?: readonly L[]; help?: L; readOnly?: boolean };

/** Required to register an asset; a file of updates (with 資産番号) may leave the column out. */
const NEW = { optionalWith: 'ref' } as const;

const col = (field: string, en: string, ja: string, required: boolean, x: Extra = {}): ColumnDef => ({
  field,
  en,
  ja,
  aliases: x.aliases ?? [],
  required,
  example: typeof x.example === 'string' ? { ja: x.example, en: x.example } : (x.example ?? { ja: '', en: '' }),
  ...(x.format ? { format: x.format } : {}),
  ...(x.choices ? { choices: x.choices } : {}),
  ...(x.help ? { help: x.help } : {}),
  ...(x.readOnly ? { readOnly: true } : {}),
  ...(required && field !== 'ref' ? NEW : {}),
});

const words = <K extends string>(codes: readonly K[], w: Record<K, L>) => codes.map((c) => w[c]);

/**
 * The asset register's columns. Headers follow the register's export (資産番号, 名称, 種別 …) so an
 * exported list, edited in Excel, imports back; the English template uses snake_case. Code columns
 * take the code (special_care), the Japanese label (要配慮個人情報) or the English one.
 */
export const ASSET_COLUMNS: readonly ColumnDef[] = [
  col('ref', 'ref', '資産番号', false, {
    aliases: ['reference', 'asset ref', 'asset reference', '管理番号'],
    help: {
      ja: '空欄なら新しい資産として登録します。登録済みの資産番号（例: A-000123）を書くと、その資産を更新します（ファイルにある列だけが変わります）。',
      en: 'Leave empty to register a new asset. A reference already in the register (e.g. A-000123) updates that asset; only the columns in the file change.',
    },
  }),
  col('name', 'name', '名称', true, {
    aliases: ['資産名', 'asset name', '名前'],
    example: { ja: 'EDC 症例データベース（MMR2003 試験）', en: 'EDC case database (study MMR2003)' },
  }),
  col('kind', 'kind', '種別', false, {
    aliases: ['asset kind', '資産の種別'],
    example: { ja: KIND_WORDS.information.ja, en: KIND_WORDS.information.en },
    choices: words(AssetKind.options, KIND_WORDS),
    help: { ja: '空欄なら区分から決まります。', en: 'Taken from the type when empty.' },
  }),
  col('type', 'type', '区分', true, {
    aliases: ['asset type', 'subtype', '資産の区分'],
    example: { ja: TYPE_WORDS.database.ja, en: TYPE_WORDS.database.en },
    choices: words(ASSET_TYPES, TYPE_WORDS),
    help: {
      ja: '情報: データセット・データベース・文書／システム: アプリケーション・サービス・サーバー・ネットワーク／媒体: 紙媒体・USBメモリ・CD-ROM・ノートパソコン・スマートフォン・外付けディスク／場所: サーバー室・事務室・保管庫・その他の場所',
      en: 'Information: data set, database, document / System: application, service, server, network / Medium: paper, USB memory, CD-ROM, laptop, smartphone, external disk / Place: server room, office, storage, other place',
    },
  }),
  col('category', 'category', '情報の分類', true, {
    aliases: ['分類', 'information category'],
    example: { ja: CATEGORY_WORDS.special_care.ja, en: CATEGORY_WORDS.special_care.en },
    choices: words(ASSET_CATEGORIES, CATEGORY_WORDS),
    help: { ja: '規程 32 の 1.4 の分類です。公開情報以外はすべて秘密情報として扱います。', en: 'The categories of Policy 32 clause 1.4. Everything but public information is confidential information.' },
  }),
  col('classification', 'classification', '機密区分', false, {
    aliases: ['格付け', '機密レベル', 'classification level'],
    example: { ja: CLASSIFICATION_WORDS.confidential.ja, en: CLASSIFICATION_WORDS.confidential.en },
    choices: words(Classification.options, CLASSIFICATION_WORDS),
    help: {
      ja: '空欄なら分類から決まります（公開情報は「公開」、それ以外は「秘密」）。個人情報・要配慮個人情報・診療情報は「秘密」のみです。',
      en: 'Taken from the category when empty (public for public information, confidential otherwise). Personal, special-care and medical information can only be confidential.',
    },
  }),
  col('confidentiality', 'confidentiality', '機密性', true, {
    aliases: ['c'],
    example: '3',
    format: 'number',
    help: { ja: '1 から尺度の上限（既定 3）までの整数。尺度が 3 段階なら 低・中・高 とも書けます。', en: 'A whole number from 1 to the top of the scale (3 by default). On a 3-step scale, low, medium and high are accepted too.' },
  }),
  col('integrity', 'integrity', '完全性', true, { aliases: ['i'], example: '3', format: 'number' }),
  col('availability', 'availability', '可用性', true, { aliases: ['a'], example: '2', format: 'number' }),
  col('description', 'description', '説明', false, {
    aliases: ['概要', '内容'],
    example: { ja: '参加施設から EDC で収集した症例データ。', en: 'Case data collected from the sites through the EDC.' },
  }),
  col('ownerUnit', 'owner_unit', '管理部署', true, {
    aliases: ['owner unit code', '所管部署', '担当部署'],
    example: { ja: 'データセンター', en: 'Data Center' },
    help: { ja: '部署コードまたは部署名。', en: 'The unit code or name.' },
  }),
  col('ownerPerson', 'owner', '管理責任者', false, {
    aliases: ['owner person', 'owner email', '責任者'],
    help: { ja: 'メールアドレス（同姓同名がいなければ氏名も可）。', en: 'Email address (or the full name, when no one else has it).' },
  }),
  col('custodian', 'custodian', '管理担当者', false, {
    aliases: ['custodian email', '保管担当者', '管理者'],
    help: { ja: 'メールアドレス（同姓同名がいなければ氏名も可）。', en: 'Email address (or the full name, when no one else has it).' },
  }),
  col('location', 'location', '所在', true, {
    aliases: ['保管場所', '場所'],
    example: { ja: LOCATION_WORDS.data_center.ja, en: LOCATION_WORDS.data_center.en },
    choices: words(AssetLocation.options, LOCATION_WORDS),
  }),
  col('locationInstitution', 'location_institution', '所在医療機関', false, {
    aliases: ['所在施設', 'location institution code'],
    help: { ja: '所在が「医療機関」のとき必須。施設コードまたは施設名。', en: 'Required when the location is an institution: its code or name.' },
  }),
  col('locationDetail', 'location_detail', '所在の詳細', false, {
    aliases: ['保管場所の詳細', 'サービス名', 'service name'],
    example: { ja: 'サーバー室 ラック 3', en: 'Server room, rack 3' },
    help: { ja: '所在が「外部サービス」のときはサービス名（必須）。', en: 'For an external service, its name (required).' },
  }),
  col('institution', 'institution', '閲覧範囲の医療機関', false, {
    aliases: ['scope institution', '対象施設'],
    help: {
      ja: 'この医療機関の研究者・CRC が閲覧できます。空欄なら所在医療機関。施設コードまたは施設名。',
      en: "Researchers and site coordinators of this institution may see the asset. Defaults to the institution it is at. Code or name.",
    },
  }),
  col('researchGroup', 'research_group', '研究グループ', false, {
    aliases: ['group', 'research group code', '閲覧範囲の研究グループ'],
    help: { ja: 'このグループのメンバーが閲覧できます。グループコードまたは名称。', en: 'Members of this group may see the asset. Code or name.' },
  }),
  col('studies', 'studies', '関連する研究', false, {
    aliases: ['study codes', '研究', '試験'],
    example: 'MMR2003',
    help: { ja: '研究コードまたは研究名。複数は「;」で区切ります。', en: 'Study codes or titles; separate several with ";".' },
  }),
  col('laws', 'laws', '関連する法令', false, {
    aliases: ['法令', '法令・規範', 'laws and norms'],
    example: { ja: '個人情報の保護に関する法律', en: 'Act on the Protection of Personal Information' },
    help: { ja: '法令・規範の名称（略称も可）。複数は「;」で区切ります。', en: 'Law or norm titles (short names too); separate several with ";".' },
  }),
  col('retentionUntil', 'retention_until', '保存期限', false, {
    aliases: ['retain until', '保管期限'],
    example: '2035-03-31',
    format: 'date',
    help: { ja: '日付（2035-03-31 または 2035/3/31）。', en: 'A date (2035-03-31 or 2035/3/31).' },
  }),
  col('disposalMethod', 'disposal_method', '廃棄方法', false, {
    example: { ja: DISPOSAL_WORDS.secure_erase.ja, en: DISPOSAL_WORDS.secure_erase.en },
    choices: words(DisposalMethod.options, DISPOSAL_WORDS),
  }),
  col('rtoHours', 'rto_hours', 'RTO(時間)', false, {
    aliases: ['rto', '目標復旧時間'],
    format: 'number',
    help: { ja: 'システムのみ。時間数（「3日」も可）。', en: 'Systems only. Hours (or e.g. "3 days").' },
  }),
  col('rpoHours', 'rpo_hours', 'RPO(時間)', false, { aliases: ['rpo', '目標復旧時点'], format: 'number', help: { ja: 'システムのみ。時間数。', en: 'Systems only. Hours.' } }),
  col('backupMethod', 'backup_method', 'バックアップ方法', false, { aliases: ['backup'], help: { ja: 'システムのみ。', en: 'Systems only.' } }),
  col('lastRestoreTestOn', 'last_restore_test', '最終リストアテスト日', false, {
    aliases: ['last restore test on', '最終復元テスト日', 'リストアテスト日'],
    format: 'date',
    help: { ja: 'システムのみ。日付。', en: 'Systems only. A date.' },
  }),
  col('parentRef', 'parent_ref', '親資産', false, {
    aliases: ['parent', 'parent reference', '上位資産'],
    help: { ja: 'この資産を保持する登録済みの資産の資産番号（例: システムの A-000010）。', en: 'The reference of a registered asset holding this one (e.g. the system A-000010).' },
  }),
  col('note', 'note', '備考', false, { aliases: ['メモ', 'notes'] }),
  // Columns of the register's export that an import reads past (so an exported list imports back).
  col('importance', 'importance', '重要度', false, { readOnly: true }),
  col('status', 'status', '状態', false, { readOnly: true }),
  col('updatedAt', 'updated_at', '更新日時', false, { aliases: ['updated'], readOnly: true }),
];
