import { byLanguage } from '../../../shared/labels/define.js';
import { reviewItemStatusLabels } from '../../../shared/labels/reviews.js';
import { roleLabels } from '../../../shared/labels/roles.js';

/** Labels for the report (the same the web app shows). */
export const ROLE_LABEL = byLanguage(roleLabels);
export const STATUS_LABEL = byLanguage(reviewItemStatusLabels);

export const CENTRAL = { ja: '本部スタッフ・委託先', en: 'Central staff and contractors' };

/** A date and time in Japan, as auditors read it: 2026-04-01 09:00. */
export function tokyo(d: Date | null): string {
  if (!d) return '';
  const s = new Date(d.getTime() + 9 * 3600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}
