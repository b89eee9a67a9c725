import { assetCategoryLabels, assetKindLabels, assetLocationLabels, assetStatusLabels, assetTypeLabels, classificationLabels, disposalMethodLabels } from '../../../shared/labels/assets.js';

type Lang = 'ja' | 'en';

/** The register's vocabulary in both languages, for exports and imports (the same labels the web app shows). */
export const KIND_WORDS = assetKindLabels;
export const TYPE_WORDS = assetTypeLabels;
export const CATEGORY_WORDS = assetCategoryLabels;
export const CLASSIFICATION_WORDS = classificationLabels;
export const LOCATION_WORDS = assetLocationLabels;
export const DISPOSAL_WORDS = disposalMethodLabels;
export const STATUS_WORDS = assetStatusLabels;

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
