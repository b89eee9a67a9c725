import { IncidentKind, type IncidentSeverity } from '../incidents.js';
import { ClockOutcome, type UNASSESSED } from '../steering.js';
import { defineLabels, type Labels } from './define.js';
import { incidentSeverityLabels } from './incidents.js';

// The steering committee report's words, shared by the report (PDF) and its page.

/**
 * Kinds of incident as the report names them: shorter than the incident screens' wording
 * (`incidentKindLabels`).
 */
export const steeringIncidentKindLabels = defineLabels(IncidentKind, {
  lost_device: { ja: '機器・媒体の紛失・盗難', en: 'Lost or stolen device' },
  misdelivery: { ja: '誤送信・誤送付', en: 'Misdelivery' },
  unauthorized_access: { ja: '不正アクセス', en: 'Unauthorized access' },
  malware: { ja: 'マルウェア', en: 'Malware' },
  credential_loss: { ja: '認証情報の紛失', en: 'Lost credentials' },
  credential_sharing: { ja: 'アカウントの共用', en: 'Shared account' },
  data_alteration: { ja: 'データの改変・消失', en: 'Data altered or lost' },
  system_outage: { ja: 'システム障害', en: 'System outage' },
  physical: { ja: '物理的な事故', en: 'Physical' },
  other: { ja: 'その他', en: 'Other' },
});

/** An incident's severity, or none yet. */
export const steeringSeverityLabels = {
  ...incidentSeverityLabels,
  unassessed: { ja: '未評価', en: 'Not assessed' },
} as const satisfies Labels<IncidentSeverity | typeof UNASSESSED>;

/** Whether a deadline was met, at the report's time. */
export const clockOutcomeLabels = defineLabels(ClockOutcome, {
  met: { ja: '期限内', en: 'Met' },
  missed: { ja: '期限後に実施', en: 'Done late' },
  overdue: { ja: '未実施（超過）', en: 'Not done (overdue)' },
  pending: { ja: '対応中', en: 'Open' },
  waived: { ja: '不要', en: 'Not needed' },
});
