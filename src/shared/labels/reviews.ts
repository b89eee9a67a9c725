import { ReviewItemStatus } from '../reviews.js';
import { defineLabels } from './define.js';

/** A reviewer's decision on one access in an access review. */
export const reviewItemStatusLabels = defineLabels(ReviewItemStatus, {
  open: { ja: '未確認', en: 'Open' },
  confirmed: { ja: '継続', en: 'Confirmed' },
  removed: { ja: '削除', en: 'Removed' },
  not_reviewed: { ja: '未実施', en: 'Not reviewed' },
});
