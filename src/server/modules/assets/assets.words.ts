import type { AssetCategory, AssetKind, AssetLocation, AssetStatus, AssetType, Classification, DisposalMethod } from '../../../shared/assets.js';

type Lang = 'ja' | 'en';
type Words<K extends string> = Record<K, Record<Lang, string>>;

/** The register's vocabulary in both languages, for exports (the web app has its own copy in its messages). */
export const KIND_WORDS: Words<AssetKind> = {
  information: { ja: '情報', en: 'Information' },
  system: { ja: 'システム', en: 'System' },
  medium: { ja: '媒体', en: 'Medium' },
  place: { ja: '場所', en: 'Place' },
};

export const TYPE_WORDS: Words<AssetType> = {
  data_set: { ja: 'データセット', en: 'Data set' },
  database: { ja: 'データベース', en: 'Database' },
  document: { ja: '文書', en: 'Document' },
  application: { ja: 'アプリケーション', en: 'Application' },
  service: { ja: 'サービス', en: 'Service' },
  server: { ja: 'サーバー', en: 'Server' },
  network: { ja: 'ネットワーク', en: 'Network' },
  paper: { ja: '紙媒体', en: 'Paper' },
  usb_memory: { ja: 'USBメモリ', en: 'USB memory' },
  cd_rom: { ja: 'CD-ROM', en: 'CD-ROM' },
  laptop: { ja: 'ノートパソコン', en: 'Laptop' },
  smartphone: { ja: 'スマートフォン', en: 'Smartphone' },
  external_disk: { ja: '外付けディスク', en: 'External disk' },
  server_room: { ja: 'サーバー室', en: 'Server room' },
  office: { ja: '事務室', en: 'Office' },
  storage: { ja: '保管庫', en: 'Storage' },
  place: { ja: 'その他の場所', en: 'Other place' },
};

export const CATEGORY_WORDS: Words<AssetCategory> = {
  personal: { ja: '個人情報', en: 'Personal information' },
  special_care: { ja: '要配慮個人情報', en: 'Special-care personal information' },
  medical: { ja: '診療情報', en: 'Medical information' },
  analysis: { ja: '解析情報', en: 'Analysis information' },
  safety: { ja: '安全性情報', en: 'Safety information' },
  other_confidential: { ja: 'その他の秘密情報', en: 'Other confidential information' },
  public: { ja: '公開情報', en: 'Public information' },
};

export const CLASSIFICATION_WORDS: Words<Classification> = {
  confidential: { ja: '秘密', en: 'Confidential' },
  internal: { ja: '内部', en: 'Internal' },
  public: { ja: '公開', en: 'Public' },
};

export const LOCATION_WORDS: Words<AssetLocation> = {
  data_center: { ja: 'データセンター', en: 'Data center' },
  operations_office: { ja: '運営事務局', en: 'Operations office' },
  institution: { ja: '医療機関', en: 'Institution' },
  external_service: { ja: '外部サービス', en: 'External service' },
  other: { ja: 'その他', en: 'Other' },
};

export const DISPOSAL_WORDS: Words<DisposalMethod> = {
  shredding: { ja: 'シュレッダー裁断', en: 'Shredding' },
  dissolution: { ja: '溶解処理', en: 'Pulping' },
  secure_erase: { ja: 'データ消去（上書き）', en: 'Secure erase' },
  physical_destruction: { ja: '物理破壊', en: 'Physical destruction' },
  deletion: { ja: '削除', en: 'Deletion' },
  return: { ja: '返却', en: 'Return' },
  other: { ja: 'その他', en: 'Other' },
};

export const STATUS_WORDS: Words<AssetStatus> = {
  active: { ja: '使用中', en: 'Active' },
  disposed: { ja: '廃棄済み', en: 'Disposed' },
};

/** The export's column headers. */
export const EXPORT_HEADERS: Record<string, Record<Lang, string>> = {
  ref: { ja: '資産番号', en: 'Reference' },
  name: { ja: '名称', en: 'Name' },
  kind: { ja: '種別', en: 'Kind' },
  type: { ja: '区分', en: 'Type' },
  category: { ja: '情報の分類', en: 'Category' },
  classification: { ja: '機密区分', en: 'Classification' },
  confidentiality: { ja: '機密性', en: 'Confidentiality' },
  integrity: { ja: '完全性', en: 'Integrity' },
  availability: { ja: '可用性', en: 'Availability' },
  importance: { ja: '重要度', en: 'Importance' },
  ownerUnit: { ja: '管理部署', en: 'Owner unit' },
  ownerPerson: { ja: '管理責任者', en: 'Owner' },
  location: { ja: '所在', en: 'Location' },
  locationDetail: { ja: '所在の詳細', en: 'Location detail' },
  status: { ja: '状態', en: 'Status' },
  retentionUntil: { ja: '保存期限', en: 'Retain until' },
  description: { ja: '説明', en: 'Description' },
  updatedAt: { ja: '更新日時', en: 'Updated' },
};
