import { Role } from '../roles.js';
import { defineLabels } from './define.js';

/** The roles of POLICY.md's vocabulary. */
export const roleLabels = defineLabels(Role, {
  security_manager: { ja: '情報セキュリティ管理責任者', en: 'Information security manager' },
  system_admin: { ja: 'システム管理者', en: 'System administrator' },
  data_center_staff: { ja: 'データセンター職員', en: 'Data center staff' },
  operations_office_staff: { ja: '運営事務局職員', en: 'Operations office staff' },
  study_office_staff: { ja: '研究事務局職員', en: 'Study office staff' },
  steering_committee_member: { ja: '運営委員', en: 'Steering committee member' },
  committee_member: { ja: '委員会委員', en: 'Committee member' },
  site_coordinator: { ja: '施設コーディネーター', en: 'Site coordinator' },
  researcher: { ja: '研究者', en: 'Researcher' },
  contractor: { ja: '委託業務従事者', en: 'Contractor' },
});
