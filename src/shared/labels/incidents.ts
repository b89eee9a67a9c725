import { ClockKind, IncidentKind, IncidentSeverity } from '../incidents.js';
import { defineLabels } from './define.js';

/**
 * Kinds of incident, as the incident screens and emails name them (the steering report has its own,
 * shorter wording: `steeringIncidentKindLabels`).
 */
export const incidentKindLabels = defineLabels(IncidentKind, {
  lost_device: { ja: '機器・媒体の紛失・盗難', en: 'Lost or stolen device or media' },
  misdelivery: { ja: '誤送信・誤送付', en: 'Misdelivery' },
  unauthorized_access: { ja: '不正アクセス', en: 'Unauthorized access' },
  malware: { ja: 'マルウェア感染', en: 'Malware' },
  credential_loss: { ja: 'アカウント・パスワードの紛失', en: 'Lost credentials' },
  credential_sharing: { ja: 'アカウントの共用・貸与', en: 'Shared credentials' },
  data_alteration: { ja: 'データの改ざん・破損', en: 'Data altered or destroyed' },
  system_outage: { ja: 'システム障害', en: 'System outage' },
  physical: { ja: '物理的な事故（侵入・災害など）', en: 'Physical incident (break-in, disaster)' },
  other: { ja: 'その他', en: 'Other' },
});

/** Severities of an incident. */
export const incidentSeverityLabels = defineLabels(IncidentSeverity, {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '重大', en: 'Critical' },
});

/** The reports and notices a breach may call for, each with its deadline. */
export const clockKindLabels = defineLabels(ClockKind, {
  ppc_preliminary: { ja: '個人情報保護委員会への速報', en: 'PPC preliminary report' },
  ppc_final: { ja: '個人情報保護委員会への確報', en: 'PPC final report' },
  notify_subjects: { ja: '本人への通知', en: 'Notice to the people affected' },
  ethics_committee: { ja: '倫理審査委員会への報告', en: 'Ethics committee' },
  institution_heads: { ja: '施設長への報告', en: 'Heads of institutions' },
  sponsor: { ja: '研究資金提供者への報告', en: 'Sponsor' },
  steering_committee: { ja: '運営委員会への報告', en: 'Steering committee' },
});
