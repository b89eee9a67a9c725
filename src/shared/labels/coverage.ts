import { CoverageDimension, CoverageStatus } from '../coverage.js';
import { defineLabels } from './define.js';

/** A breakdown's dimension, as a choice: "by institution". */
export const coverageByLabels = defineLabels(CoverageDimension, {
  institution: { ja: '施設別', en: 'By institution' },
  research_group: { ja: '研究グループ別', en: 'By research group' },
  unit: { ja: '部署別', en: 'By unit' },
  role: { ja: '役割別', en: 'By role' },
});

/** A breakdown's dimension, as the heading of its rows: "institution". */
export const coverageGroupLabels = defineLabels(CoverageDimension, {
  institution: { ja: '施設', en: 'Institution' },
  research_group: { ja: '研究グループ', en: 'Research group' },
  unit: { ja: '部署', en: 'Unit' },
  role: { ja: '役割', en: 'Role' },
});

/** Where a person stands with an assignment. */
export const coverageStatusLabels = defineLabels(CoverageStatus, {
  done: { ja: '完了', en: 'Done' },
  pending: { ja: '未完了', en: 'Pending' },
  overdue: { ja: '期限超過', en: 'Overdue' },
});
