import type { Role } from '../../../shared/roles.js';
import type { ReviewItemStatus } from '../../../shared/reviews.js';

/** Server-side labels for the report (the web app has its own, in its message files). */
export const ROLE_LABEL: Record<'ja' | 'en', Record<Role, string>> = {
  ja: {
    security_manager: '情報セキュリティ管理者',
    system_admin: 'システム管理者',
    data_center_staff: 'データセンター',
    operations_office_staff: '運営事務局',
    study_office_staff: '研究事務局',
    steering_committee_member: '運営委員',
    committee_member: '委員',
    site_coordinator: '施設コーディネーター',
    researcher: '研究者',
    contractor: '委託先',
  },
  en: {
    security_manager: 'Information security manager',
    system_admin: 'System administrator',
    data_center_staff: 'Data center staff',
    operations_office_staff: 'Operations office staff',
    study_office_staff: 'Study office staff',
    steering_committee_member: 'Steering committee member',
    committee_member: 'Committee member',
    site_coordinator: 'Site coordinator',
    researcher: 'Researcher',
    contractor: 'Contractor',
  },
};

export const STATUS_LABEL: Record<'ja' | 'en', Record<ReviewItemStatus, string>> = {
  ja: { open: '未確認', confirmed: '継続', removed: '削除', not_reviewed: '未実施' },
  en: { open: 'Open', confirmed: 'Confirmed', removed: 'Removed', not_reviewed: 'Not reviewed' },
};

export const CENTRAL = { ja: '本部スタッフ・委託先', en: 'Central staff and contractors' };

/** A date and time in Japan, as auditors read it: 2026-04-01 09:00. */
export function tokyo(d: Date | null): string {
  if (!d) return '';
  const s = new Date(d.getTime() + 9 * 3600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}
