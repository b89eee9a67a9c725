import { AssetCategory, AssetKind, AssetLocation, AssetStatus, AssetType, Classification, DisposalMethod } from '../assets.js';
import { defineLabels } from './define.js';

// The asset register's vocabulary: its screens, its export and its import templates.

/** Kinds of asset. */
export const assetKindLabels = defineLabels(AssetKind, {
  information: { ja: '情報', en: 'Information' },
  system: { ja: 'システム', en: 'System' },
  medium: { ja: '媒体', en: 'Medium' },
  place: { ja: '場所', en: 'Place' },
});

/** Types of asset, by kind. */
export const assetTypeLabels = defineLabels(AssetType, {
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
});

/** P32-1.4 categories of information. */
export const assetCategoryLabels = defineLabels(AssetCategory, {
  personal: { ja: '個人情報', en: 'Personal information' },
  special_care: { ja: '要配慮個人情報', en: 'Special-care personal information' },
  medical: { ja: '診療情報', en: 'Medical information' },
  analysis: { ja: '解析情報', en: 'Analysis information' },
  safety: { ja: '安全性情報', en: 'Safety information' },
  other_confidential: { ja: 'その他の秘密情報', en: 'Other confidential information' },
  public: { ja: '公開情報', en: 'Public information' },
});

/** Classifications. */
export const classificationLabels = defineLabels(Classification, {
  confidential: { ja: '秘密', en: 'Confidential' },
  internal: { ja: '内部', en: 'Internal' },
  public: { ja: '公開', en: 'Public' },
});

/** Where an asset is. */
export const assetLocationLabels = defineLabels(AssetLocation, {
  data_center: { ja: 'データセンター', en: 'Data center' },
  operations_office: { ja: '運営事務局', en: 'Operations office' },
  institution: { ja: '医療機関', en: 'Institution' },
  external_service: { ja: '外部サービス', en: 'External service' },
  other: { ja: 'その他', en: 'Other' },
});

/** Disposal methods. */
export const disposalMethodLabels = defineLabels(DisposalMethod, {
  shredding: { ja: 'シュレッダー裁断', en: 'Shredding' },
  dissolution: { ja: '溶解処理', en: 'Pulping' },
  secure_erase: { ja: 'データ消去（上書き）', en: 'Secure erase (overwrite)' },
  physical_destruction: { ja: '物理破壊', en: 'Physical destruction' },
  deletion: { ja: '削除', en: 'Deletion' },
  return: { ja: '返却', en: 'Return' },
  other: { ja: 'その他', en: 'Other' },
});

/** In use or disposed of. */
export const assetStatusLabels = defineLabels(AssetStatus, {
  active: { ja: '使用中', en: 'In use' },
  disposed: { ja: '廃棄済み', en: 'Disposed of' },
});
