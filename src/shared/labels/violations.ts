import { ViolationSeverity } from '../violations.js';
import { defineLabels } from './define.js';

/** How serious a violation of the policy is. */
export const violationSeverityLabels = defineLabels(ViolationSeverity, {
  minor: { ja: '軽微', en: 'Minor' },
  moderate: { ja: '中程度', en: 'Moderate' },
  serious: { ja: '重い', en: 'Serious' },
  grave: { ja: '重大', en: 'Grave' },
});
