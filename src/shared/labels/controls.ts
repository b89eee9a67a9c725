import { ControlFamily, ControlStatus, EvidenceState } from '../controls.js';
import { defineLabels } from './define.js';

/** The four families of controls. */
export const controlFamilyLabels = defineLabels(ControlFamily, {
  physical: { ja: '物理的', en: 'Physical' },
  human: { ja: '人的', en: 'Human' },
  technical: { ja: '技術的', en: 'Technical' },
  operational: { ja: '運用', en: 'Operational' },
});

/** The ISO/IEC 27002:2022 clause each family corresponds to. */
export const controlFamilyThemeLabels = defineLabels(ControlFamily, {
  physical: { ja: 'ISO/IEC 27002:2022 箇条 7', en: 'ISO/IEC 27002:2022 clause 7' },
  human: { ja: 'ISO/IEC 27002:2022 箇条 6', en: 'ISO/IEC 27002:2022 clause 6' },
  technical: { ja: 'ISO/IEC 27002:2022 箇条 8', en: 'ISO/IEC 27002:2022 clause 8' },
  operational: { ja: 'ISO/IEC 27002:2022 箇条 5', en: 'ISO/IEC 27002:2022 clause 5' },
});

/** How far a control is implemented. */
export const controlStatusLabels = defineLabels(ControlStatus, {
  not_started: { ja: '未着手', en: 'Not started' },
  planned: { ja: '計画済み', en: 'Planned' },
  partial: { ja: '一部実施', en: 'Partly implemented' },
  implemented: { ja: '実施済み', en: 'Implemented' },
  not_applicable: { ja: '適用外', en: 'Not applicable' },
});

/** Whether a control's evidence is valid. */
export const evidenceStateLabels = defineLabels(EvidenceState, {
  none: { ja: 'なし', en: 'None' },
  valid: { ja: '有効', en: 'Valid' },
  expiring: { ja: '期限間近', en: 'Expires soon' },
  expired: { ja: '期限切れ', en: 'Expired' },
});
